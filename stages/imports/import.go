package imports

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aymanbagabas/go-udiff"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/par"
	"github.com/perfcon/perfcon/internal/progress"
	"github.com/perfcon/perfcon/internal/repo"
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
	"parent_sha":     {"parent_sha", "parent", "parent_commit", "base_commit"},
	"language":       {"language", "lang", "programming_language", "pl"},
	"category":       {"category", "label", "type"},
	"commit_message": {"commit_message", "message", "msg", "description"},
	"file_path":      {"file_path", "path", "file", "filename"},
	"symbol":         {"symbol", "function", "function_name", "method"},
	"code_before":    {"code_before", "before", "src_code", "source_code", "input", "slow_code", "old_code"},
	"code_after":     {"code_after", "after", "tgt_code", "target_code", "target", "fast_code", "new_code"},
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
	others, err := existingSources(o)
	if err != nil {
		return sum, err
	}
	w, err := table.Create[table.Commit](o.Out)
	if err != nil {
		return sum, err
	}
	defer w.Abort() // unless committed: the table at Out is left as it was
	im := importer{o: o, categories: catMap, ids: map[string]string{}, w: w, sources: map[string]bool{}}
	if sum.Kept, err = im.existing(); err != nil {
		return sum, err
	}
	for _, f := range o.Files {
		if err := im.file(ctx, f); err != nil {
			return sum, err
		}
	}
	if err := im.flush(); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err // stopped: the table is left as it was
	}
	sum.Rows, sum.Invalid, sum.Aliased = im.added, im.invalid, im.aliased
	if sum.Rows == 0 {
		return sum, fmt.Errorf("no valid row in %s", strings.Join(o.Files, ", "))
	}
	if err := im.overwrites(others); err != nil {
		return sum, err
	}
	return sum, w.Commit()
}

// batchRows is how many rows an import holds before it writes them: a
// row group's worth, so memory is bounded by that, not by the file.
const batchRows = 8192

type importer struct {
	o          Options
	categories map[string]string
	ids        map[string]string // task id -> where it was seen
	w          *table.Writer[table.Commit]
	batch      []table.Commit // rows not yet written
	added      int            // rows of the files, written or in batch
	sources    map[string]bool
	invalid    []*RowError
	aliased    []string
}

// add takes a valid row of a file.
func (im *importer) add(r table.Commit) error {
	im.batch = append(im.batch, r)
	im.added++
	im.sources[r.Source] = true
	if len(im.batch) >= batchRows {
		return im.flush()
	}
	return nil
}

// flush writes the rows held. A row without a symbol gets its code's one
// function's name, when it has one function: a parse per row, on every
// CPU.
func (im *importer) flush() error {
	par.For(len(im.batch), func(i int) {
		r := &im.batch[i]
		if r.Symbol != "" {
			return
		}
		if fs, err := source.Functions(r.Language, []byte(r.CodeAfter)); err == nil && len(fs) == 1 {
			r.Symbol = fs[0].Symbol
		}
	})
	err := im.w.Write(im.batch...)
	im.batch = im.batch[:0]
	return err
}

// existing copies the table at Out when the rows are to be added to it,
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
	return len(rows), im.w.Write(rows...)
}

// existingSources counts the rows of the table at Out by source, when an
// import would replace it (not --append, not --replace).
func existingSources(o Options) (map[string]int, error) {
	if o.Append || o.Replace || !table.Exists(o.Out) {
		return nil, nil
	}
	type sourceOnly struct {
		Source string `parquet:"source"`
	}
	rows, err := table.ReadFile[sourceOnly](o.Out)
	if err != nil {
		return nil, fmt.Errorf("%s exists and is not a commits table perfcon can read (%v): --replace replaces it", o.Out, err)
	}
	n := map[string]int{}
	for _, r := range rows {
		n[r.Source]++
	}
	return n, nil
}

// overwrites refuses to replace a table that holds rows of a source none
// of the imported rows has, unless told to.
func (im *importer) overwrites(existing map[string]int) error {
	var parts []string
	for _, src := range slices.Sorted(maps.Keys(existing)) {
		if !im.sources[src] {
			parts = append(parts, fmt.Sprintf("%d %s", existing[src], cmp.Or(src, "unsourced")))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("%s holds %s rows, a source this import does not have (%s): --append adds the import to them, --replace replaces them",
		im.o.Out, strings.Join(parts, ", "), strings.Join(slices.Sorted(maps.Keys(im.sources)), ", "))
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

// rowReader streams a file's records: its columns, in the file's order,
// are known before the first.
type rowReader interface {
	columns() []string
	next() (record, bool) // false at the end or on an error
	err() error
	Close() error
}

func formatOf(path, format string) (string, error) {
	if format != "" {
		return format, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return "jsonl", nil
	case ".csv", ".tsv":
		return "csv", nil
	case ".parquet", ".pq":
		return "parquet", nil
	}
	return "", fmt.Errorf("%s: can't tell the format from the name; give --format jsonl, csv or parquet", path)
}

func (im *importer) file(ctx context.Context, path string) error {
	format, err := formatOf(path, im.o.Format)
	if err != nil {
		return err
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
				if err := im.add(r); err != nil {
					return err
				}
			}
			return nil
		}
	}
	var rr rowReader
	switch format {
	case "jsonl":
		rr, err = im.openJSON(ctx, path)
	case "csv":
		rr, err = im.openCSV(path)
	case "parquet":
		rr, err = openParquet(ctx, path)
	default:
		return fmt.Errorf("--format %s: jsonl, csv or parquet", format)
	}
	if err != nil {
		return err
	}
	defer rr.Close()
	names, err := im.columns(path, rr.columns())
	if err != nil {
		return err
	}
	return im.rows(ctx, path, rr, names)
}

// rows reads a file's records into rows. A column of ids that repeat
// stops it at once; without --skip-invalid, every category none of
// perfcon's is gathered into one error, which comes before the first bad
// row's.
func (im *importer) rows(ctx context.Context, path string, rr rowReader, names map[string]string) error {
	idCol, catCol := names["task_id"], names["category"]
	firstRow := map[string]int{}
	unmapped := map[string]int{}
	var order []string
	var rowErr error
	for i := 0; ; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, ok := rr.next()
		if !ok {
			break
		}
		if id, err := text(rec.values[idCol], false); idCol != "" && rec.err == nil && err == nil && id != "" {
			if row, seen := firstRow[id]; seen {
				return fmt.Errorf("%s: column %s repeats %q (rows %d and %d), so it can't be the task id: "+
					"--map task_id= makes each row's id from its contents, --map task_id=COLUMN takes a column of unique ids",
					path, idCol, id, row, rec.row)
			}
			firstRow[id] = rec.row
		}
		if cat, err := text(rec.values[catCol], false); !im.o.SkipInvalid && catCol != "" && rec.err == nil && err == nil && cat != "" {
			if _, known := im.category(cat); !known {
				if unmapped[cat] == 0 {
					order = append(order, cat)
				}
				unmapped[cat]++
				continue
			}
		}
		if rowErr != nil {
			continue // only looking for the errors above now
		}
		var row table.Commit
		err := rec.err
		if err != nil {
			err = &RowError{File: path, Row: rec.row, Line: rec.line, Err: rec.err}
		} else {
			row, err = im.row(path, rec, names)
		}
		if err != nil {
			rowErr = im.bad(err)
			continue
		}
		if err := im.add(row); err != nil {
			return err
		}
	}
	if err := rr.err(); err != nil {
		return err
	}
	if len(order) > 0 {
		return unmappedError(path, catCol, order, unmapped)
	}
	return rowErr
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
			hint := ""
			switch {
			case names["commit_sha"] != "":
				// A study that lists commits holds no code: mining them
				// from local clones brings it.
				hint = "; a list of commits with no code comes in by mining them from local clones: perfcon commits mine --commits FILE"
			case names["patch"] != "":
				// SWE-bench's instances and their kin: a patch on a base
				// commit, and no commit of the fix to mine.
				hint = "; a patch alone is not enough: perfcon needs each function's code before and after"
			}
			return nil, fmt.Errorf("%s: no %s column (%s); name it with --map %s=COLUMN%s", path, f, has, f, hint)
		}
	}
	return names, nil
}

// unmappedError names every category of a file that is none of
// perfcon's and not mapped, with how many rows have it.
func unmappedError(path, col string, order []string, count map[string]int) error {
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
	// A pipe is read once, as it comes: opening it here and closing it
	// would leave its writer without a reader.
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
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
	if url, sha, ok := repo.CommitRef(r.CommitSHA); ok {
		r.CommitSHA, r.Repo = sha, cmp.Or(get("repo"), url)
	} else if url, sha, ok := repo.CommitRef(r.Repo); ok && r.CommitSHA == "" {
		r.Repo, r.CommitSHA = url, sha
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

// jsonReader streams a JSON Lines file, or one JSON array of objects,
// one object at a time. Its columns are every key of every object, in
// the order first seen: a first pass reads them, keeping nothing else.
type jsonReader struct {
	f       io.ReadCloser
	br      *bufio.Reader
	dec     *json.Decoder // a JSON array's; nil for JSON Lines
	cols    []string
	line    int
	row     int
	spooled string // a temporary copy of a pipe, removed by Close
	error   error
}

func (im *importer) openJSON(ctx context.Context, path string) (*jsonReader, error) {
	// A pipe can be read once: it is kept in a file for the two passes.
	var spooled string
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		var err error
		if spooled, err = spool(ctx, path); err != nil {
			return nil, err
		}
		path = spooled
	}
	r, err := im.readJSON(ctx, path)
	if err != nil || spooled == "" {
		if spooled != "" {
			os.Remove(spooled)
		}
		return r, err
	}
	r.spooled = spooled
	return r, nil
}

// spool copies what path gives (a pipe) into a temporary file, stopping
// when ctx is done.
func spool(ctx context.Context, path string) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp("", "perfcon-import-*.json")
	if err != nil {
		return "", err
	}
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			out.Close()
			os.Remove(out.Name())
			return "", err
		}
		n, rerr := in.Read(buf)
		if _, werr := out.Write(buf[:n]); werr != nil {
			out.Close()
			os.Remove(out.Name())
			return "", werr
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			out.Close()
			os.Remove(out.Name())
			return "", fmt.Errorf("%s: %w", path, rerr)
		}
	}
	return out.Name(), out.Close()
}

// readJSON makes the two passes' reader of a file.
func (im *importer) readJSON(ctx context.Context, path string) (*jsonReader, error) {
	seen := map[string]bool{}
	var cols []string
	pass, err := im.startJSON(ctx, path, "columns")
	if err != nil {
		return nil, err
	}
	for i := 0; ; i++ {
		if i%1024 == 0 && ctx.Err() != nil {
			pass.Close()
			return nil, ctx.Err()
		}
		rec, ok := pass.nextKeyed()
		if !ok {
			break
		}
		for _, k := range rec.keys {
			if !seen[k] {
				seen[k] = true
				cols = append(cols, k)
			}
		}
	}
	pass.Close()
	if err := pass.err(); err != nil {
		return nil, err
	}
	r, err := im.startJSON(ctx, path, "")
	if err != nil {
		return nil, err
	}
	r.cols = cols
	return r, nil
}

// startJSON opens path for one pass; what names the pass in progress.
func (im *importer) startJSON(ctx context.Context, path, what string) (*jsonReader, error) {
	f, err := im.open(path, what)
	if err != nil {
		return nil, err
	}
	r := &jsonReader{f: f, br: bufio.NewReaderSize(f, 1<<20)}
	if b, err := r.br.Peek(len(bom)); err == nil && string(b) == bom {
		r.br.Discard(len(bom))
	}
	if first, err := firstByte(r.br); err == nil && first == '[' {
		r.dec = json.NewDecoder(r.br)
		r.dec.UseNumber()
		if _, err := r.dec.Token(); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: not a JSON array of objects: %w", path, err)
		}
	}
	return r, nil
}

func (r *jsonReader) columns() []string { return r.cols }
func (r *jsonReader) err() error        { return r.error }
func (r *jsonReader) Close() error {
	err := r.f.Close()
	if r.spooled != "" {
		os.Remove(r.spooled)
	}
	return err
}

// keyed is a record and its keys in order.
type keyed struct {
	record
	keys []string
}

func (r *jsonReader) next() (record, bool) {
	k, ok := r.nextKeyed()
	return k.record, ok
}

func (r *jsonReader) nextKeyed() (keyed, bool) {
	if r.error != nil {
		return keyed{}, false
	}
	if r.dec != nil { // one JSON array
		if !r.dec.More() {
			return keyed{}, false
		}
		r.row++
		keys, obj, err := object(r.dec)
		if err != nil {
			r.error = fmt.Errorf("not a JSON array of objects: item %d: %w", r.row, err)
			return keyed{}, false
		}
		return keyed{record{values: obj, row: r.row}, keys}, true
	}
	for {
		b, err := r.br.ReadBytes('\n')
		r.line++
		if len(bytes.TrimSpace(b)) > 0 {
			r.row++
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			keys, obj, jerr := object(dec)
			if jerr != nil {
				return keyed{record: record{row: r.row, line: r.line, err: fmt.Errorf("not a JSON object: %v", jerr)}}, true
			}
			return keyed{record{values: obj, row: r.row, line: r.line}, keys}, true
		}
		if err == io.EOF {
			return keyed{}, false
		}
		if err != nil {
			r.error = err
			return keyed{}, false
		}
	}
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

// csvReader streams a CSV file with a header row (a .tsv file is tab
// separated).
type csvReader struct {
	f      io.ReadCloser
	r      *csv.Reader
	header []string
	row    int
}

func (im *importer) openCSV(path string) (*csvReader, error) {
	f, err := im.open(path, "")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	if strings.EqualFold(filepath.Ext(path), ".tsv") {
		r.Comma = '\t'
	}
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: reading the header row: %w", path, err)
	}
	header = slices.Clone(header)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], bom) // as spreadsheets save CSV
	}
	return &csvReader{f: f, r: r, header: header}, nil
}

func (c *csvReader) columns() []string { return c.header }
func (c *csvReader) err() error        { return nil }
func (c *csvReader) Close() error      { return c.f.Close() }

func (c *csvReader) next() (record, bool) {
	fields, err := c.r.Read()
	if err == io.EOF {
		return record{}, false
	}
	c.row++
	line, _ := c.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
			err = pe.Err
		}
		return record{row: c.row, line: line, err: err}, true
	}
	rec := record{values: make(map[string]any, len(c.header)), row: c.row, line: line}
	for i, h := range c.header {
		if i < len(fields) {
			rec.values[h] = fields[i]
		}
	}
	return rec, true
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
// been read of it; pass, when set, names a pass before the one that reads
// the rows.
func (im *importer) open(path, pass string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	size := 0
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = int(st.Size())
	}
	label := "import " + filepath.Base(path) + " (bytes)"
	if pass != "" {
		label = "import " + filepath.Base(path) + ": " + pass + " (bytes)"
	}
	return counted{f, progress.New(im.o.Progress, label, size, nil)}, nil
}

// parquetReader streams any Parquet file through DuckDB.
type parquetReader struct {
	d     *duck.DB
	rows  *sql.Rows
	cols  []string
	row   int
	error error
}

func openParquet(ctx context.Context, path string) (*parquetReader, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	d, err := duck.Open(ctx, "")
	if err != nil {
		return nil, err
	}
	lit, err := d.Literal(path)
	if err != nil {
		d.Close()
		return nil, err
	}
	rows, err := d.Conn.QueryContext(ctx, "SELECT * FROM read_parquet("+duck.Quote(lit)+")")
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("%s: DuckDB can't read it as Parquet: %s", path, duckGist(err))
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		d.Close()
		return nil, err
	}
	return &parquetReader{d: d, rows: rows, cols: cols}, nil
}

func (p *parquetReader) columns() []string { return p.cols }
func (p *parquetReader) err() error        { return p.error }

func (p *parquetReader) Close() error {
	p.rows.Close()
	return p.d.Close()
}

func (p *parquetReader) next() (record, bool) {
	if p.error != nil || !p.rows.Next() {
		if p.error == nil {
			if err := p.rows.Err(); err != nil {
				p.error = fmt.Errorf("DuckDB can't read it as Parquet: %s", duckGist(err))
			}
		}
		return record{}, false
	}
	vals := make([]any, len(p.cols))
	ptrs := make([]any, len(p.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := p.rows.Scan(ptrs...); err != nil {
		p.error = err
		return record{}, false
	}
	p.row++
	rec := record{values: make(map[string]any, len(vals)), row: p.row}
	for j, v := range vals {
		rec.values[p.cols[j]] = v
	}
	return rec, true
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
