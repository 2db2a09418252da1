package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/imports"
)

func importCommand(e *env) *cobra.Command {
	var o imports.Options
	var maps, catMaps []string
	c := &cobra.Command{
		Use:   "import FILE...",
		Short: "Import performance changes of other studies into the commits table",
		Long: `import reads rows of code before and after from JSON Lines (or a JSON
array), CSV (or .tsv) or Parquet files and writes the commits table that
describe and generate read.

Columns are found by name: code_before, code_after, commit_message,
category, language, repo, commit_sha, parent_sha, file_path, symbol, patch,
committed_at and task_id, or the usual names other studies give them
(before/after, input/target, src_code/tgt_code, source_code/target_code,
pl, message, sha, path, diff, base_commit, problem_id, instance_id, ...); the summary lists every column found by such
a name. --map names a file's own: --map code_before=slow_code; --map
FIELD= (empty) reads nothing for FIELD, its usual names included. Code
must be text; a patch may be a list of its lines (PIE's diff). Categories
match perfcon's spelling in any case, with spaces or dashes;
--category-map maps others: --category-map
'Algorithmic=inefficient_algorithm', and a file with unknown ones names
them all at once. The language is the row's, else --language, else the
file_path's extension. A row without a patch gets one computed.

Task ids: a column of ids that repeat (PIE's problem_id) is refused as the
id; --map task_id= makes each row's id from its contents instead, so
importing the same file twice gives the same ids. Other benchmarks' ids
become task ids by a fixed rule (pandas-dev__pandas-38248 is
pandas-dev-pandas-38248, dataset_215 is dataset-215), the original kept in
source_id. A commit given as a URL (GitHub's, GitLab's, Bitbucket's, any
.../commit/SHA) or as REPO@SHA is split into repo and commit_sha.

An import over a commits table of another source (mined, a task set, an
earlier import with another --source) is refused: --append adds the rows
to it, --replace replaces it. Rows given --category have category_source
"default"; the file's own labels "imported".

A Parquet file with the commits table's own columns (one perfcon wrote:
mined, imported, or from a task set) is taken whole, provenance and all, so
tables can be combined: perfcon commits import a.parquet b.parquet.

A bad row stops the import with the file, the row and the field, and
nothing is written; --skip-invalid leaves bad rows out and lists them.`,
		Example: `  perfcon commits import pie_python_train.jsonl --map task_id= --category inefficient_algorithm --language python
  perfcon commits import study.csv --category-map 'Memory=memory_inefficiency' --skip-invalid --out imported.parquet
  perfcon commits import mined.parquet imported.parquet`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if o.Columns, err = pairs("map", maps); err != nil {
				return err
			}
			if o.Categories, err = pairs("category-map", catMaps); err != nil {
				return err
			}
			o.Files, o.Out, o.Progress = args, e.orDefault(o.Out, "commits"), e.stderr
			sum, err := imports.Import(cmd.Context(), o)
			for _, bad := range sum.Invalid {
				fmt.Fprintf(e.stderr, "skipped: %v\n", bad)
			}
			if err != nil {
				return err
			}
			if len(sum.Aliased) > 0 {
				fmt.Fprintf(e.stderr, "columns found by their usual names (--map FIELD=COLUMN to choose, --map FIELD= for none): %s\n", strings.Join(sum.Aliased, "; "))
			}
			fmt.Fprintf(e.stderr, "commits: %d rows from %s -> %s", sum.Rows, strings.Join(args, ", "), o.Out)
			if sum.Kept > 0 {
				fmt.Fprintf(e.stderr, " (after the %d it held)", sum.Kept)
			}
			if n := len(sum.Invalid); n > 0 {
				fmt.Fprintf(e.stderr, " (%d invalid rows left out)", n)
			}
			fmt.Fprintln(e.stderr)
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&o.Format, "format", "", "jsonl, csv or parquet (default: by each file's extension)")
	f.StringArrayVar(&maps, "map", nil, "COLUMN=THEIRS: read the commits table's COLUMN from the file's column THEIRS; COLUMN= reads none (repeatable)")
	f.StringArrayVar(&catMaps, "category-map", nil, "THEIRS=CATEGORY: the file's category THEIRS is CATEGORY (repeatable)")
	f.StringVar(&o.Category, "category", "", "category of rows without one ("+strings.Join(table.Categories, ", ")+")")
	f.StringVar(&o.Language, "language", "", "language of rows without one and without a file_path (python, go, c, cpp)")
	f.StringVar(&o.Repo, "repo", "", "repository of rows without one")
	f.StringVar(&o.Source, "source", table.SourceImported, "the source column of the rows")
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "leave bad rows out and list them, instead of stopping")
	f.BoolVar(&o.Append, "append", false, "add the rows to the commits table at --out")
	f.BoolVar(&o.Replace, "replace", false, "replace the commits table at --out even when it holds rows of another source")
	f.StringVar(&o.Out, "out", "", "commits table (default <tables>/commits.parquet)")
	return c
}

// pairs reads repeated KEY=VALUE flags.
func pairs(flag string, kvs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" || (strings.TrimSpace(v) == "" && flag != "map") {
			return nil, fmt.Errorf("--%s %q: want KEY=VALUE", flag, kv)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return m, nil
}
