package duck

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/perfcon/perfcon/internal/table"
)

// DB is an embedded DuckDB held on one connection.
type DB struct {
	db   *sql.DB
	Conn *sql.Conn
	// Views lists the tables found as files and defined as views.
	Views []string
	// MaxRows, when > 0, caps the rows a query's Result keeps; the rest
	// are counted in Result.Total.
	MaxRows int
	// Materialize makes setup files' "-- materialize: a, b" views
	// temporary tables, computed once, that shadow the views: for a run of
	// many cells over the same views.
	Materialize bool

	links  string // folder of the links Literal made, removed by Close
	nlinks int
}

// Open starts DuckDB with a view for each table file in tablesDir ("":
// none).
func Open(ctx context.Context, tablesDir string) (*DB, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	d := &DB{db: db, Conn: conn}
	if err := registerStats(conn); err != nil {
		d.Close()
		return nil, err
	}
	// Each table is read from <dir>/<name>.parquet, or is an empty table
	// with the contract's columns when that file does not exist yet. No
	// folder, no tables: DuckDB alone, to read files of any shape.
	for _, name := range table.Tables {
		if tablesDir == "" {
			break
		}
		path := filepath.Join(tablesDir, name+".parquet")
		q := emptyTable(name)
		if _, err := os.Stat(path); err == nil {
			lit, err := d.Literal(path)
			if err != nil {
				d.Close()
				return nil, err
			}
			// A folder name such as model=x on the way is no column.
			from := fmt.Sprintf("read_parquet(%s, hive_partitioning = false)", Quote(lit))
			missing, err := d.missingColumns(ctx, name, from)
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("reading %s: %w", path, err)
			}
			q = fmt.Sprintf("CREATE VIEW %s AS SELECT *%s FROM %s", name, missing, from)
			d.Views = append(d.Views, name)
		} else if dir := filepath.Join(tablesDir, name); exported(dir) {
			// A folder of perfcon export: Parquet files, maybe
			// hive-partitioned. The view keeps the contract's column
			// order, the partition column included.
			// Read through a link of its own, so that only the folders
			// below the table's are partitions.
			path = dir
			lit, err := d.link(dir)
			if err != nil {
				d.Close()
				return nil, err
			}
			var cols []string
			for _, c := range table.Columns(table.Names[name]) {
				cols = append(cols, fmt.Sprintf("CAST(%s AS %s) AS %[1]s", quoteIdent(c.Name), c.SQLType))
			}
			q = fmt.Sprintf("CREATE VIEW %s AS SELECT %s FROM read_parquet(%s, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)",
				name, strings.Join(cols, ", "), Quote(lit+"/**/*.parquet"))
			d.Views = append(d.Views, name)
		}
		if _, err := conn.ExecContext(ctx, q); err != nil {
			d.Close()
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	return d, nil
}

// exported says whether dir is a table's folder in a perfcon export: it
// holds Parquet files, at any depth.
func exported(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".parquet") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// missingColumns lists, as ", NULL::TYPE AS name" terms, the contract's
// columns a table file lacks: a table written before a column was added
// (descriptions before model_cutoff, say) still answers every cell.
func (d *DB) missingColumns(ctx context.Context, name, from string) (string, error) {
	rows, err := d.Conn.QueryContext(ctx, "SELECT column_name FROM (DESCRIBE SELECT * FROM "+from+")")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		have[c] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, c := range table.Columns(table.Names[name]) {
		if !have[c.Name] {
			fmt.Fprintf(&b, ", NULL::%s AS %s", c.SQLType, quoteIdent(c.Name))
		}
	}
	return b.String(), nil
}

func emptyTable(name string) string {
	var cols []string
	for _, c := range table.Columns(table.Names[name]) {
		cols = append(cols, c.Name+" "+c.SQLType)
	}
	return fmt.Sprintf("CREATE TEMP TABLE %s (%s)", name, strings.Join(cols, ", "))
}

// Quote makes s a SQL string literal.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Close releases the connection and the database.
func (d *DB) Close() error {
	cerr := d.Conn.Close()
	err := d.db.Close()
	if d.links != "" {
		os.RemoveAll(d.links)
	}
	if err != nil {
		return err
	}
	return cerr
}

// CopyTo has DuckDB write a query's result to a file, in a format COPY
// knows (parquet, csv with a header, json).
func (d *DB) CopyTo(ctx context.Context, query, path, format string) error {
	opts := "FORMAT " + format
	if format == "csv" {
		opts += ", HEADER true"
	}
	_, err := d.Conn.ExecContext(ctx, fmt.Sprintf("COPY (%s) TO %s (%s)", query, Quote(path), opts))
	return err
}

// Literal returns a path by which DuckDB's file readers read the file at
// path itself. They expand *, ?, [...] and {...} in a path, so a path
// holding one of those is reached through a link in a private folder that
// lives as long as the DB.
func (d *DB) Literal(path string) (string, error) {
	if !strings.ContainsAny(path, "*?[]{}") {
		return path, nil
	}
	return d.link(path)
}

// link is a path of a temporary folder's own that leads to path.
func (d *DB) link(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if d.links == "" {
		if d.links, err = os.MkdirTemp("", "perfcon-duck-"); err != nil {
			return "", err
		}
	}
	d.nlinks++
	link := filepath.Join(d.links, fmt.Sprintf("%d%s", d.nlinks, filepath.Ext(path)))
	return link, os.Symlink(abs, link)
}

// Result is a query's columns and rows, values as the driver returns them.
type Result struct {
	Columns []string
	Types   []string
	Rows    [][]any
	// Total is the number of rows the query returned, of which Rows holds
	// the first DB.MaxRows.
	Total int
}

// Truncated reports whether rows were left out of Rows.
func (r *Result) Truncated() bool { return r.Total > len(r.Rows) }

// Query runs SQL (several statements allowed) and returns the last
// statement's result.
func (d *DB) Query(ctx context.Context, query string) (*Result, error) {
	return d.query(ctx, query, d.MaxRows)
}

// QueryAll is Query keeping every row, whatever MaxRows says.
func (d *DB) QueryAll(ctx context.Context, query string) (*Result, error) {
	return d.query(ctx, query, 0)
}

func (d *DB) query(ctx context.Context, query string, maxRows int) (*Result, error) {
	rows, err := d.Conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, c := range cols {
		res.Columns = append(res.Columns, c.Name())
		res.Types = append(res.Types, c.DatabaseTypeName())
	}
	for rows.Next() {
		res.Total++
		if maxRows > 0 && len(res.Rows) >= maxRows {
			continue
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// Cell is one titled query file and its result.
type Cell struct {
	Name   string // file name without .sql
	Title  string
	Notes  string // the comment lines after the title
	SQL    string
	Result *Result
}

// RunDir runs the setup files of a folder (the .sql files without a title),
// in name order, then every cell in name order, and returns the cells.
func (d *DB) RunDir(ctx context.Context, dir fs.FS) ([]Cell, error) {
	return d.run(ctx, dir, true)
}

// Setup runs only the setup files of a folder (those that are not cells),
// so that their views can be queried.
func (d *DB) Setup(ctx context.Context, dir fs.FS) error {
	_, err := d.run(ctx, dir, false)
	return err
}

func (d *DB) run(ctx context.Context, dir fs.FS, withCells bool) ([]Cell, error) {
	files, err := fs.Glob(dir, "*.sql")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .sql files in the queries folder")
	}
	sort.Strings(files)
	var cells []Cell
	var names []string
	for _, f := range files {
		b, err := fs.ReadFile(dir, f)
		if err != nil {
			return nil, err
		}
		c := parseCell(f, string(b))
		if c.Title != "" {
			cells = append(cells, c)
			continue
		}
		if _, err := d.Conn.ExecContext(ctx, c.SQL); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		names = append(names, materialized(c.SQL)...)
	}
	// Only once every setup file has run: a later one may redefine a view.
	if d.Materialize {
		for _, name := range names {
			q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM main.%s", name, name)
			if _, err := d.Conn.ExecContext(ctx, q); err != nil {
				return nil, fmt.Errorf("materializing %s: %w", name, err)
			}
		}
	}
	if !withCells {
		return nil, nil
	}
	for i := range cells {
		if cells[i].Result, err = d.Query(ctx, cells[i].SQL); err != nil {
			return nil, fmt.Errorf("%s.sql: %w", cells[i].Name, err)
		}
	}
	return cells, nil
}

// materialized lists the views a setup file's "-- materialize:" lines name.
func materialized(text string) []string {
	var names []string
	for _, l := range strings.Split(text, "\n") {
		if rest, ok := strings.CutPrefix(l, "-- materialize:"); ok {
			for _, n := range strings.Split(rest, ",") {
				if n = strings.TrimSpace(n); n != "" {
					names = append(names, n)
				}
			}
		}
	}
	return names
}

func parseCell(path, text string) Cell {
	c := Cell{Name: strings.TrimSuffix(filepath.Base(path), ".sql"), SQL: strings.TrimSpace(text)}
	lines := strings.Split(text, "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "-- title:") {
		return c
	}
	c.Title = strings.TrimSpace(strings.TrimPrefix(lines[0], "-- title:"))
	var notes []string
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "--") {
			break
		}
		notes = append(notes, strings.TrimSpace(strings.TrimPrefix(l, "--")))
	}
	c.Notes = strings.TrimSpace(strings.Join(notes, "\n"))
	return c
}
