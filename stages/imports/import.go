package imports

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/commits"
)

// Options says which files to import and how to read them.
type Options struct {
	Files []string
	// Format is jsonl, csv or parquet; "" decides by each file's
	// extension.
	Format string
	// Columns maps the commits table's column names to the files' own
	// ("code_before" -> "src_code"); a column not mapped is read under its
	// own name, or one of its usual aliases.
	Columns map[string]string
	// Categories maps the files' category spellings to perfcon's
	// ("Algorithm" -> "inefficient_algorithm"); matching ignores case,
	// spaces and dashes.
	Categories map[string]string
	// Category, Language and Repo are given to rows without one.
	Category, Language, Repo string
	Source                   string // default "imported"
	// SkipInvalid keeps going past bad rows, leaving them out; otherwise
	// the first file with a bad row stops the import and nothing is
	// written.
	SkipInvalid bool
	Out         string
}

// RowError is a row that can't be imported: the file, the row (1-based,
// after any header) and the field.
type RowError struct {
	File  string
	Row   int
	Line  int // the line in a CSV or JSON Lines file, when known
	Field string
	Err   error
}

func (e *RowError) Error() string {
	where := fmt.Sprintf("%s: row %d", e.File, e.Row)
	if e.Line > 0 {
		where += fmt.Sprintf(" (line %d)", e.Line)
	}
	if e.Field != "" {
		where += ": field " + e.Field
	}
	return where + ": " + e.Err.Error()
}

func (e *RowError) Unwrap() error { return e.Err }

// Summary counts what an import did.
type Summary struct {
	Rows    int
	Invalid []*RowError // rows left out under SkipInvalid
}

// aliases are the names other studies give the commits table's columns,
// tried in order when a column is not mapped.
var aliases = map[string][]string{
	"task_id":        {"task_id", "id", "problem_id", "instance_id"},
	"repo":           {"repo", "repository", "repo_name", "project"},
	"commit_sha":     {"commit_sha", "sha", "commit", "commit_id", "hash"},
	"parent_sha":     {"parent_sha", "parent", "parent_commit"},
	"language":       {"language", "lang"},
	"category":       {"category", "label", "type"},
	"commit_message": {"commit_message", "message", "msg", "description"},
	"file_path":      {"file_path", "path", "file", "filename"},
	"symbol":         {"symbol", "function", "function_name", "method"},
	"code_before":    {"code_before", "before", "src_code", "input", "slow_code", "old_code"},
	"code_after":     {"code_after", "after", "tgt_code", "target", "fast_code", "new_code"},
	"patch":          {"patch", "diff"},
	"committed_at":   {"committed_at", "date", "commit_date", "timestamp"},
}

// importFields are the columns an import reads, in the table's order.
var importFields = []string{"task_id", "repo", "commit_sha", "parent_sha", "language", "category", "commit_message",
	"file_path", "symbol", "code_before", "code_after", "patch", "committed_at"}

// Import reads rows of other studies (JSON Lines, CSV or Parquet) into a
// commits table. A Parquet file with the commits table's own columns (a
// table perfcon wrote, mined or imported) keeps every column as it is.
// The table is written only when every file was read and every row is
// valid, or left out under SkipInvalid.
func Import(ctx context.Context, o Options) (Summary, error) {
	var sum Summary
	if len(o.Files) == 0 {
		return sum, errors.New("no file to import")
	}
	for k := range o.Columns {
		if !slices.Contains(importFields, k) {
			return sum, fmt.Errorf("--map %s=...: %s is not a column an import fills (%s)", k, k, strings.Join(importFields, ", "))
		}
	}
	catMap := map[string]string{}
	for from, to := range o.Categories {
		if !table.IsCategory(to) {
			return sum, fmt.Errorf("--category-map %s=%s: %s is not one of %s", from, to, to, strings.Join(table.Categories, ", "))
		}
		catMap[spelling(from)] = to
	}
	if o.Category != "" && !table.IsCategory(o.Category) {
		return sum, fmt.Errorf("--category %s: not one of %s", o.Category, strings.Join(table.Categories, ", "))
	}
	if o.Language != "" {
		if _, ok := languageOf(o.Language); !ok {
			return sum, fmt.Errorf("--language %s: not one of python, go, c, cpp", o.Language)
		}
	}
	im := importer{o: o, categories: catMap, ids: map[string]string{}}
	for _, f := range o.Files {
		if err := im.file(ctx, f); err != nil {
			return sum, err
		}
	}
	sum.Rows, sum.Invalid = len(im.rows), im.invalid
	if len(im.rows) == 0 {
		return sum, fmt.Errorf("no valid row in %s", strings.Join(o.Files, ", "))
	}
	// A row without a symbol gets its code's one function's name, when it
	// has one function: a parse per row, on every CPU.
	par.For(len(im.rows), func(i int) {
		r := &im.rows[i]
		if r.Symbol != "" {
			return
		}
		if fs, err := source.Functions(r.Language, []byte(r.CodeAfter)); err == nil && len(fs) == 1 {
			r.Symbol = fs[0].Symbol
		}
	})
	return sum, table.WriteFile(o.Out, im.rows)
}

type importer struct {
	o          Options
	categories map[string]string
	ids        map[string]string // task id -> where it was seen
	rows       []table.Commit
	invalid    []*RowError
}

// record is one row of a file, by column name, and where it is; err is
// set when the row could not be read at all.
type record struct {
	values map[string]string
	row    int
	line   int
	err    error
}

func (im *importer) file(ctx context.Context, path string) error {
	format := im.o.Format
	if format == "" {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".jsonl", ".ndjson", ".json":
			format = "jsonl"
		case ".csv", ".tsv":
			format = "csv"
		case ".parquet", ".pq":
			format = "parquet"
		default:
			return fmt.Errorf("%s: can't tell the format from the name; give --format jsonl, csv or parquet", path)
		}
	}
	if format == "parquet" {
		// A commits table is taken whole, provenance and all.
		if rows, err := table.ReadFile[table.Commit](path); err == nil {
			for i, r := range rows {
				if err := im.check(&r, path, i+1, 0, nil); err != nil {
					if err := im.bad(err); err != nil {
						return err
					}
					continue
				}
				im.rows = append(im.rows, r)
			}
			return nil
		}
	}
	var cols []string
	var recs []record
	var err error
	switch format {
	case "jsonl":
		cols, recs, err = im.readJSONL(path)
	case "csv":
		cols, recs, err = im.readCSV(path)
	case "parquet":
		cols, recs, err = readParquet(ctx, path)
	default:
		return fmt.Errorf("--format %s: jsonl, csv or parquet", format)
	}
	if err != nil {
		return err
	}
	names, err := im.columns(path, cols)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if rec.err != nil {
			if err := im.bad(&RowError{File: path, Row: rec.row, Line: rec.line, Err: rec.err}); err != nil {
				return err
			}
			continue
		}
		row, err := im.row(path, rec, names)
		if err != nil {
			if err := im.bad(err); err != nil {
				return err
			}
			continue
		}
		im.rows = append(im.rows, row)
	}
	return nil
}

// bad keeps a bad row under SkipInvalid, or returns it as the error.
func (im *importer) bad(err error) error {
	var re *RowError
	if im.o.SkipInvalid && errors.As(err, &re) {
		im.invalid = append(im.invalid, re)
		return nil
	}
	return err
}

// columns resolves each import field to a column of the file, or "".
func (im *importer) columns(path string, cols []string) (map[string]string, error) {
	have := map[string]string{} // lower case -> as written
	for _, c := range cols {
		have[strings.ToLower(c)] = c
	}
	names := map[string]string{}
	for _, f := range importFields {
		if m, ok := im.o.Columns[f]; ok {
			c, ok := have[strings.ToLower(m)]
			if !ok {
				return nil, fmt.Errorf("%s: --map %s=%s: the file has no column %s (it has %s)", path, f, m, m, strings.Join(cols, ", "))
			}
			names[f] = c
			continue
		}
		for _, a := range aliases[f] {
			if c, ok := have[a]; ok {
				names[f] = c
				break
			}
		}
	}
	for _, f := range []string{"code_before", "code_after"} {
		if names[f] == "" {
			return nil, fmt.Errorf("%s: no %s column (it has %s); name it with --map %s=COLUMN", path, f, strings.Join(cols, ", "), f)
		}
	}
	return names, nil
}

// row makes and checks one commits row.
func (im *importer) row(path string, rec record, names map[string]string) (table.Commit, error) {
	get := func(f string) string {
		if c := names[f]; c != "" {
			return rec.values[c]
		}
		return ""
	}
	fail := func(field string, err error) (table.Commit, error) {
		return table.Commit{}, &RowError{File: path, Row: rec.row, Line: rec.line, Field: cmp.Or(names[field], field), Err: err}
	}
	r := table.Commit{
		TaskID: get("task_id"), Repo: cmp.Or(get("repo"), im.o.Repo), CommitSHA: get("commit_sha"),
		ParentSHA: get("parent_sha"), CommitMessage: get("commit_message"), FilePath: get("file_path"),
		Symbol: get("symbol"), CodeBefore: get("code_before"), CodeAfter: get("code_after"), Patch: get("patch"),
		Source: cmp.Or(im.o.Source, table.SourceImported), TaskSet: cmp.Or(im.o.Source, table.SourceImported),
		CategorySource: table.CategoryImported, FunctionsInCommit: 1,
	}
	lang := cmp.Or(get("language"), im.o.Language)
	if lang == "" && r.FilePath != "" {
		lang = source.Language(r.FilePath, []byte(r.CodeAfter))
	}
	if lang == "" {
		return fail("language", errors.New("empty, and no file_path to tell it by; give --language"))
	}
	var ok bool
	if r.Language, ok = languageOf(lang); !ok {
		return fail("language", fmt.Errorf("%q is not one of python, go, c, cpp", lang))
	}
	cat := get("category")
	switch {
	case cat == "" && im.o.Category != "":
		r.Category = im.o.Category
	case cat == "":
		return fail("category", errors.New("empty; give --category for rows without one"))
	default:
		if r.Category, ok = im.category(cat); !ok {
			return fail("category", fmt.Errorf("%q is not one of %s; map it with --category-map '%s=CATEGORY'",
				cat, strings.Join(table.Categories, ", "), cat))
		}
	}
	if at := get("committed_at"); at != "" {
		t, err := parseTime(at)
		if err != nil {
			return fail("committed_at", err)
		}
		r.CommittedAt = &t
	}
	if r.TaskID == "" {
		r.TaskID = importedID(r)
	}
	if err := im.check(&r, path, rec.row, rec.line, names); err != nil {
		return table.Commit{}, err
	}
	return r, nil
}

// check validates a row and completes what can be computed: the patch
// and its line counts.
func (im *importer) check(r *table.Commit, path string, row, line int, names map[string]string) error {
	fail := func(field string, err error) error {
		return &RowError{File: path, Row: row, Line: line, Field: cmp.Or(names[field], field), Err: err}
	}
	switch {
	case strings.TrimSpace(r.CodeBefore) == "":
		return fail("code_before", errors.New("empty"))
	case strings.TrimSpace(r.CodeAfter) == "":
		return fail("code_after", errors.New("empty"))
	case r.CodeBefore == r.CodeAfter:
		return fail("code_after", errors.New("identical to code_before"))
	case !table.IsCategory(r.Category):
		return fail("category", fmt.Errorf("%q is not one of %s", r.Category, strings.Join(table.Categories, ", ")))
	case !validTaskID(r.TaskID):
		return fail("task_id", fmt.Errorf("%q: use lowercase letters, digits and '-', starting with a letter or digit", r.TaskID))
	}
	if _, ok := languageOf(r.Language); !ok {
		return fail("language", fmt.Errorf("%q is not one of python, go, c, cpp", r.Language))
	}
	where := fmt.Sprintf("%s row %d", path, row)
	if prev, ok := im.ids[r.TaskID]; ok {
		return fail("task_id", fmt.Errorf("%q is also the id of %s", r.TaskID, prev))
	}
	im.ids[r.TaskID] = where
	if r.Patch == "" {
		name := cmp.Or(r.FilePath, "code")
		r.Patch = udiff.Unified("a/"+name, "b/"+name, r.CodeBefore, r.CodeAfter)
	}
	if r.LinesAdded == 0 && r.LinesRemoved == 0 {
		r.LinesAdded, r.LinesRemoved = commits.CountLines(r.Patch)
	}
	r.FunctionsInCommit = max(r.FunctionsInCommit, 1)
	return nil
}

// category maps a file's spelling to a category: the --category-map
// entries first, then the name itself, ignoring case, spaces and dashes.
func (im *importer) category(s string) (string, bool) {
	k := spelling(s)
	if c, ok := im.categories[k]; ok {
		return c, true
	}
	if table.IsCategory(k) {
		return k, true
	}
	return "", false
}

func spelling(s string) string {
	return strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// languageOf normalises the names other studies give languages.
func languageOf(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "python", "py", "python3", "python2":
		return source.Python, true
	case "go", "golang":
		return source.Go, true
	case "c":
		return source.C, true
	case "cpp", "c++", "cxx", "cc":
		return source.CPP, true
	}
	return "", false
}

func validTaskID(id string) bool {
	if id == "" {
		return false
	}
	for i, c := range id {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' && i > 0) {
			return false
		}
	}
	return true
}

// importedID names a row without an id by its contents, so importing the
// same file again gives the same ids.
func importedID(r table.Commit) string {
	sum := commits.Hash(r.Repo, r.CommitSHA, r.FilePath, r.Symbol, r.CodeBefore, r.CodeAfter)
	prefix := "imp"
	if s := commits.Slug(filepath.Base(r.Repo), 24); s != "" {
		prefix = s
	}
	return prefix + "-" + sum[:12]
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05-07", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "Mon Jan 2 15:04:05 2006 -0700"}

// parseTime reads a date as other studies write it, or Unix seconds.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (RFC 3339, YYYY-MM-DD or Unix seconds)", s)
}

// bom is the byte order mark some tools start UTF-8 files with.
const bom = "\ufeff"

// readJSONL reads one JSON object a line; the columns are every key seen.
func (im *importer) readJSONL(path string) ([]string, []record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	if first, err := firstByte(br); err == nil && first == '[' {
		return im.readJSONArray(path, br)
	}
	var cols []string
	seen := map[string]bool{}
	var recs []record
	for line, row := 1, 0; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			row++
			var obj map[string]any
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			if jerr := dec.Decode(&obj); jerr != nil {
				recs = append(recs, record{row: row, line: line, err: fmt.Errorf("not a JSON object: %v", jerr)})
			} else {
				recs = append(recs, objectRecord(obj, row, line, &cols, seen))
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return cols, recs, nil
}

// firstByte peeks at the first byte that is not white space.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return b, br.UnreadByte()
		}
	}
}

// readJSONArray reads a file holding one JSON array of objects.
func (im *importer) readJSONArray(path string, r io.Reader) ([]string, []record, error) {
	var objs []map[string]any
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&objs); err != nil {
		return nil, nil, fmt.Errorf("%s: not a JSON array of objects: %w", path, err)
	}
	var cols []string
	seen := map[string]bool{}
	recs := make([]record, len(objs))
	for i, obj := range objs {
		recs[i] = objectRecord(obj, i+1, 0, &cols, seen)
	}
	slices.Sort(cols)
	return cols, recs, nil
}

// objectRecord is a JSON object as a record; keys not seen before join
// cols.
func objectRecord(obj map[string]any, row, line int, cols *[]string, seen map[string]bool) record {
	rec := record{values: make(map[string]string, len(obj)), row: row, line: line}
	for k, v := range obj {
		if !seen[k] {
			seen[k] = true
			*cols = append(*cols, k)
		}
		rec.values[k] = jsonString(v)
	}
	return rec
}

func jsonString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// readCSV reads a CSV file with a header row (a .tsv file is tab
// separated).
func (im *importer) readCSV(path string) ([]string, []record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	if strings.EqualFold(filepath.Ext(path), ".tsv") {
		r.Comma = '\t'
	}
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: reading the header row: %w", path, err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], bom) // as spreadsheets save CSV
	}
	var recs []record
	for row := 1; ; row++ {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
				err = pe.Err
			}
			recs = append(recs, record{row: row, line: line, err: err})
			continue
		}
		rec := record{values: make(map[string]string, len(header)), row: row, line: line}
		for i, h := range header {
			rec.values[h] = fields[i]
		}
		recs = append(recs, rec)
	}
	return header, recs, nil
}

// readParquet reads any Parquet file through DuckDB, each value as text.
func readParquet(ctx context.Context, path string) ([]string, []record, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, nil, err
	}
	d, err := duck.Open(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	lit, err := d.Literal(path)
	if err != nil {
		return nil, nil, err
	}
	res, err := d.QueryAll(ctx, "SELECT * FROM read_parquet("+duck.Quote(lit)+")")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	recs := make([]record, len(res.Rows))
	for i, vals := range res.Rows {
		rec := record{values: make(map[string]string, len(vals)), row: i + 1}
		for j, v := range vals {
			rec.values[res.Columns[j]] = valueString(v)
		}
		recs[i] = rec
	}
	return res.Columns, recs, nil
}

func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	default:
		return fmt.Sprint(x)
	}
}
