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
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/progress"
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
	// Append adds the rows to the table at Out; Replace replaces a table
	// that holds rows of another source. Without either, an import over
	// such a table is refused (one of the same source is replaced: the
	// same files imported again).
	Append, Replace bool
	Out             string
	// Progress, when set, is told how far a long import has read.
	Progress io.Writer
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
	// Aliased are the columns found by one of their usual names, not
	// their own and not --map's: "code_before <- input" (file: column).
	Aliased []string
	// Kept is how many rows of the table at Out an append kept.
	Kept int
}

// aliases are the names other studies give the commits table's columns,
// tried in order when a column is not mapped. A column found by one of
// them other than its own name is listed in the summary; --map FIELD=
// (empty) turns the aliases of FIELD off.
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
	if o.Append && o.Replace {
		return sum, errors.New("--append and --replace: choose one")
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
	kept, err := im.existing()
	if err != nil {
		return sum, err
	}
	for _, f := range o.Files {
		if err := im.file(ctx, f); err != nil {
			return sum, err
		}
	}
	if err := im.overwrites(kept); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err // stopped: the table is left as it was
	}
	sum.Rows, sum.Invalid, sum.Aliased, sum.Kept = len(im.rows)-kept, im.invalid, im.aliased, kept
	if sum.Rows == 0 {
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
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, table.WriteFile(o.Out, im.rows)
}

type importer struct {
	o          Options
	categories map[string]string
	ids        map[string]string // task id -> where it was seen
	rows       []table.Commit
	invalid    []*RowError
	aliased    []string
}

// existing reads the table at Out when the rows are to be added to it,
// and returns how many rows it kept.
func (im *importer) existing() (int, error) {
	if !im.o.Append || !table.Exists(im.o.Out) {
		return 0, nil
	}
	rows, err := table.ReadFile[table.Commit](im.o.Out)
	if err != nil {
		return 0, err
	}
	for i, r := range rows {
		im.ids[r.TaskID] = fmt.Sprintf("%s row %d", im.o.Out, i+1)
	}
	im.rows = rows
	return len(rows), nil
}

// overwrites refuses to replace a table at Out that holds rows of a
// source none of the imported rows (from kept on) has, unless told to.
func (im *importer) overwrites(kept int) error {
	if im.o.Append || im.o.Replace || !table.Exists(im.o.Out) {
		return nil
	}
	rows, err := table.ReadFile[table.Commit](im.o.Out)
	if err != nil {
		return fmt.Errorf("%s exists and is not a commits table perfcon can read (%v): --replace replaces it", im.o.Out, err)
	}
	incoming := map[string]bool{}
	for _, r := range im.rows[kept:] {
		incoming[r.Source] = true
	}
	others := map[string]int{}
	for _, r := range rows {
		if !incoming[r.Source] {
			others[r.Source]++
		}
	}
	if len(others) == 0 {
		return nil
	}
	var parts []string
	for _, src := range slices.Sorted(maps.Keys(others)) {
		parts = append(parts, fmt.Sprintf("%d %s", others[src], cmp.Or(src, "unsourced")))
	}
	return fmt.Errorf("%s holds %s rows, a source this import does not have (%s): --append adds the import to them, --replace replaces them",
		im.o.Out, strings.Join(parts, ", "), strings.Join(slices.Sorted(maps.Keys(incoming)), ", "))
}

// record is one row of a file, by column name, and where it is; err is
// set when the row could not be read at all. Values are as the file
// typed them: text, numbers, lists, objects (JSON, Parquet) or text
// alone (CSV).
type record struct {
	values map[string]any
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
	if err := sniff(path, format); err != nil {
		return err
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
		cols, recs, err = im.readJSONL(ctx, path)
	case "csv":
		cols, recs, err = im.readCSV(ctx, path)
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
	if err := repeatedIDs(path, names["task_id"], recs); err != nil {
		return err
	}
	if !im.o.SkipInvalid {
		if err := im.unmapped(path, names["category"], recs); err != nil {
			return err
		}
	}
	for i, rec := range recs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
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
		if m, ok := im.o.Columns[f]; ok && m == "" {
			continue // --map FIELD=: not read, its aliases off
		} else if ok {
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
				if a != f {
					im.aliased = append(im.aliased, fmt.Sprintf("%s <- %s (%s)", f, c, filepath.Base(path)))
				}
				break
			}
		}
	}
	for _, f := range []string{"code_before", "code_after"} {
		if names[f] == "" {
			has := "it has " + strings.Join(cols, ", ")
			if len(cols) == 0 {
				has = "it has no columns: no row holds a field"
			}
			return nil, fmt.Errorf("%s: no %s column (%s); name it with --map %s=COLUMN", path, f, has, f)
		}
	}
	return names, nil
}

// repeatedIDs refuses a task id column whose values repeat (PIE's
// problem_id names a problem, with many pairs each).
func repeatedIDs(path, col string, recs []record) error {
	if col == "" {
		return nil
	}
	first := map[string]int{}
	for _, rec := range recs {
		id, err := text(rec.values[col], false)
		if rec.err != nil || err != nil || id == "" {
			continue
		}
		if row, ok := first[id]; ok {
			return fmt.Errorf("%s: column %s repeats %q (rows %d and %d), so it can't be the task id: "+
				"--map task_id= makes each row's id from its contents, --map task_id=COLUMN takes a column of unique ids",
				path, col, id, row, rec.row)
		}
		first[id] = rec.row
	}
	return nil
}

// unmapped refuses a file whose categories include spellings that are
// none of perfcon's and not mapped, naming every one at once.
func (im *importer) unmapped(path, col string, recs []record) error {
	if col == "" {
		return nil
	}
	count := map[string]int{}
	var order []string
	for _, rec := range recs {
		cat, err := text(rec.values[col], false)
		if rec.err != nil || err != nil || cat == "" {
			continue
		}
		if _, ok := im.category(cat); !ok {
			if count[cat] == 0 {
				order = append(order, cat)
			}
			count[cat]++
		}
	}
	if len(order) == 0 {
		return nil
	}
	var list, flags []string
	for _, c := range order {
		rows := "rows"
		if count[c] == 1 {
			rows = "row"
		}
		list = append(list, fmt.Sprintf("%q (%d %s)", c, count[c], rows))
		flags = append(flags, fmt.Sprintf("--category-map '%s=CATEGORY'", c))
	}
	return fmt.Errorf("%s: column %s has categories that are not perfcon's: %s; map each with %s (CATEGORY one of %s), or leave their rows out with --skip-invalid",
		path, col, strings.Join(list, ", "), strings.Join(flags, " "), strings.Join(table.Categories, ", "))
}

// lfsPointer starts a Git LFS pointer file, left where the data should be.
const lfsPointer = "version https://git-lfs.github.com/spec/"

// sniff says what is wrong with a file that can't be of its format: empty,
// a Git LFS pointer, binary where text is wanted, or text where Parquet
// is.
func sniff(path, format string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return err // a pipe is read as it comes
	}
	head := make([]byte, 8192)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w", path, err)
	}
	head = head[:n]
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return fmt.Errorf("%s is empty: no rows to import", path)
	case bytes.HasPrefix(head, []byte(lfsPointer)):
		return fmt.Errorf("%s is a Git LFS pointer, not the data it stands for: fetch the file itself (git lfs pull) and import that", path)
	case format == "parquet" && !bytes.HasPrefix(head, []byte("PAR1")):
		return fmt.Errorf("%s is not a Parquet file (no PAR1 at its start); give --format jsonl or csv if it is text", path)
	case format != "parquet" && bytes.HasPrefix(head, []byte("PAR1")):
		return fmt.Errorf("%s is a Parquet file, not %s: name it .parquet or give --format parquet", path, strings.ToUpper(format))
	case format != "parquet" && bytes.IndexByte(head, 0) >= 0:
		return fmt.Errorf("%s is binary, not %s text (a compressed file? unpack it first)", path, strings.ToUpper(format))
	}
	return nil
}

// text is a file's value as text: text as it is, a number or a truth
// value as written, a time in RFC 3339. A list of strings is its lines
// only where lines allows it (a patch given as its lines, as PIE's diff
// is); any other list, and an object, is an error.
func text(v any, lines bool) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case json.Number:
		return x.String(), nil
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Sprint(x), nil
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), nil
	case []any:
		if !lines {
			return "", fmt.Errorf("is a list of %d values, not text", len(x))
		}
		var b strings.Builder
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return "", fmt.Errorf("is a list whose item %d is %s, not a line of text", i+1, kind(e))
			}
			b.WriteString(strings.TrimSuffix(s, "\n"))
			b.WriteByte('\n')
		}
		return b.String(), nil
	case map[string]any:
		return "", fmt.Errorf("is an object (%d keys), not text", len(x))
	}
	return fmt.Sprint(v), nil
}

// kind names a JSON value's type, for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "text"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	case bool:
		return "true or false"
	}
	return "a number"
}

// codeFields must be text: a number, list or object is no code.
var codeFields = map[string]bool{"code_before": true, "code_after": true}

// row makes and checks one commits row.
func (im *importer) row(path string, rec record, names map[string]string) (table.Commit, error) {
	fail := func(field string, err error) (table.Commit, error) {
		return table.Commit{}, &RowError{File: path, Row: rec.row, Line: rec.line, Field: cmp.Or(names[field], field), Err: err}
	}
	vals := map[string]string{}
	for _, f := range importFields {
		v := rec.values[names[f]]
		if names[f] == "" || v == nil {
			continue
		}
		if _, ok := v.(string); !ok && codeFields[f] {
			return fail(f, fmt.Errorf("is %s, not code as text", kind(v)))
		}
		t, err := text(v, f == "patch")
		if err != nil {
			return fail(f, err)
		}
		vals[f] = t
	}
	get := func(f string) string { return vals[f] }
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
	if repo, sha, ok := CommitRef(r.CommitSHA); ok {
		r.CommitSHA, r.Repo = sha, cmp.Or(get("repo"), repo)
	} else if repo, sha, ok := CommitRef(r.Repo); ok && r.CommitSHA == "" {
		r.Repo, r.CommitSHA = repo, sha
	}
	cat := get("category")
	switch {
	case cat == "" && im.o.Category != "":
		r.Category, r.CategorySource = im.o.Category, table.CategoryDefault
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
	} else if id := normalID(r.TaskID); id != r.TaskID && id != "" {
		r.SourceID, r.TaskID = r.TaskID, id
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

// normalID is an id of another benchmark as a task id: lower case, every
// run of other characters than letters and digits one '-', none at
// either end ("pandas-dev__pandas-38248" is "pandas-dev-pandas-38248",
// "dataset_215" "dataset-215"). The same id always gives the same one;
// the row keeps the original in source_id.
func normalID(id string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(id) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// CommitRef splits a reference to a commit written as a URL into the
// repository and the commit id: GitHub's and Bitbucket's
// .../owner/name/commit(s)/SHA, GitLab's .../group/name/-/commit/SHA, any
// host's .../commit/SHA, and REPO@SHA. ok is false for anything else, a
// bare SHA among them.
func CommitRef(s string) (repo, sha string, ok bool) {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i := len(parts) - 2; i >= 1; i-- {
			if (parts[i] == "commit" || parts[i] == "commits") && repoSHA.MatchString(parts[i+1]) {
				path := parts[:i]
				if len(path) > 0 && path[len(path)-1] == "-" {
					path = path[:len(path)-1] // GitLab's /-/commit/
				}
				if len(path) == 0 {
					return "", "", false
				}
				return u.Scheme + "://" + u.Host + "/" + strings.Join(path, "/"), strings.ToLower(parts[i+1]), true
			}
		}
	}
	if i := strings.LastIndex(s, "@"); i > 0 && repoSHA.MatchString(s[i+1:]) && strings.Contains(s[:i], "/") {
		return s[:i], strings.ToLower(s[i+1:]), true
	}
	return "", "", false
}

var repoSHA = regexp.MustCompile(`^[0-9a-fA-F]{7,40}$`)

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
func (im *importer) readJSONL(ctx context.Context, path string) ([]string, []record, error) {
	f, err := im.open(path)
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
		if line%1024 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			row++
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			if keys, obj, jerr := object(dec); jerr != nil {
				recs = append(recs, record{row: row, line: line, err: fmt.Errorf("not a JSON object: %v", jerr)})
			} else {
				recs = append(recs, objectRecord(keys, obj, row, line, &cols, seen))
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
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // the '[' firstByte saw
		return nil, nil, fmt.Errorf("%s: not a JSON array of objects: %w", path, err)
	}
	var cols []string
	seen := map[string]bool{}
	var recs []record
	for row := 1; dec.More(); row++ {
		keys, obj, err := object(dec)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: not a JSON array of objects: item %d: %w", path, row, err)
		}
		recs = append(recs, objectRecord(keys, obj, row, 0, &cols, seen))
	}
	return cols, recs, nil
}

// object reads one JSON object, its keys in the order written.
func object(dec *json.Decoder) ([]string, map[string]any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, fmt.Errorf("%v is not an object", tok)
	}
	var keys []string
	obj := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k := tok.(string) // inside an object, a key
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if _, dup := obj[k]; !dup {
			keys = append(keys, k)
		}
		obj[k] = v
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, nil, err
	}
	return keys, obj, nil
}

// objectRecord is a JSON object as a record; keys not seen before join
// cols, in the order the file first has them.
func objectRecord(keys []string, obj map[string]any, row, line int, cols *[]string, seen map[string]bool) record {
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			*cols = append(*cols, k)
		}
	}
	return record{values: obj, row: row, line: line}
}

// readCSV reads a CSV file with a header row (a .tsv file is tab
// separated).
func (im *importer) readCSV(ctx context.Context, path string) ([]string, []record, error) {
	f, err := im.open(path)
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
		if row%1024 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
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
		rec := record{values: make(map[string]any, len(header)), row: row, line: line}
		for i, h := range header {
			rec.values[h] = fields[i]
		}
		recs = append(recs, rec)
	}
	return header, recs, nil
}

// counted is a file being read, its bytes counted on a progress meter.
type counted struct {
	*os.File
	meter *progress.Meter
}

func (c counted) Read(p []byte) (int, error) {
	n, err := c.File.Read(p)
	c.meter.Add(n)
	return n, err
}

func (c counted) Close() error {
	c.meter.Done()
	return c.File.Close()
}

// open opens a text file to read, counting on a progress meter what has
// been read of it.
func (im *importer) open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	size := 0
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = int(st.Size())
	}
	return counted{f, progress.New(im.o.Progress, "import "+filepath.Base(path)+" (bytes)", size, nil)}, nil
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
		return nil, nil, fmt.Errorf("%s: DuckDB can't read it as Parquet: %s", path, duckGist(err))
	}
	recs := make([]record, len(res.Rows))
	for i, vals := range res.Rows {
		rec := record{values: make(map[string]any, len(vals)), row: i + 1}
		for j, v := range vals {
			rec.values[res.Columns[j]] = v
		}
		recs[i] = rec
	}
	return res.Columns, recs, nil
}

// duckGist is DuckDB's error without the statement it quotes.
func duckGist(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\nLINE ")
	msg = strings.TrimSpace(msg)
	if i := strings.Index(msg, "SELECT "); i > 0 {
		msg = strings.TrimSpace(msg[:i])
	}
	return msg
}
