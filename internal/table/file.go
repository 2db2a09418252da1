package table

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/parquet-go/parquet-go"
)

// rowGroupSize bounds the rows buffered in memory before a row group is
// flushed to disk.
const rowGroupSize = 8192

// Writer streams rows of type T to a Parquet file that appears at its path
// only when Commit succeeds.
type Writer[T any] struct {
	path    string
	tmp     *os.File
	pw      *parquet.GenericWriter[T]
	pending int
	done    bool
}

// Create starts a table at path. The caller must call Commit, or Abort on
// failure; Abort after Commit does nothing, so `defer w.Abort()` is safe.
func Create[T any](path string) (*Writer[T], error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	removeStale(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tmpPrefix(path)+"*.tmp")
	if err != nil {
		return nil, err
	}
	// Every column is compressed with zstd; the footer says who wrote it.
	pw := parquet.NewGenericWriter[T](tmp, append(metadata[T](), parquet.Compression(zstdPages))...)
	return &Writer[T]{path: path, tmp: tmp, pw: pw}, nil
}

// tmpPrefix starts the name of a table's unfinished file: hidden, with
// the table's name, this host's and this process's id, so that a later
// writer on the same host can tell a file whose writer is gone.
func tmpPrefix(path string) string {
	host, _ := os.Hostname()
	return fmt.Sprintf(".%s.%s.%d.", filepath.Base(path), strings.ReplaceAll(host, ".", "_"), os.Getpid())
}

// removeStale removes the unfinished files of path that writers on this
// host left when they were killed (their process is gone); a file of a
// writer still running, or of another host, is left alone.
func removeStale(path string) {
	host, _ := os.Hostname()
	prefix := fmt.Sprintf(".%s.%s.", filepath.Base(path), strings.ReplaceAll(host, ".", "_"))
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), globQuote(prefix)+"*.tmp"))
	for _, m := range matches {
		pidText, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(m), prefix), ".")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.Remove(m)
		}
	}
}

// globQuote escapes the characters filepath.Glob reads as a pattern.
func globQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`).Replace(s)
}

// Write appends rows, flushing a row group whenever enough have gathered.
// Text is written as valid UTF-8 (see ValidText).
func (w *Writer[T]) Write(rows ...T) error {
	if _, err := w.pw.Write(validRows(rows)); err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.pending += len(rows)
	if w.pending >= rowGroupSize {
		w.pending = 0
		if err := w.pw.Flush(); err != nil {
			return fmt.Errorf("writing %s: %w", w.path, err)
		}
	}
	return nil
}

// Commit finishes the file, syncs it and moves it into place.
func (w *Writer[T]) Commit() error {
	if w.done {
		return errors.New("table: Commit after Commit or Abort")
	}
	w.done = true
	err := w.pw.Close()
	if err == nil {
		err = w.tmp.Sync()
	}
	if err == nil {
		err = w.tmp.Chmod(filePerm())
	}
	if cerr := w.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp.Name(), w.path)
	}
	if err != nil {
		os.Remove(w.tmp.Name())
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	return nil
}

// Abort drops the unfinished file.
func (w *Writer[T]) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// WriteFile writes all rows to path atomically.
func WriteFile[T any](path string, rows []T) error {
	w, err := Create[T](path)
	if err != nil {
		return err
	}
	defer w.Abort()
	if err := w.Write(rows...); err != nil {
		return err
	}
	return w.Commit()
}

// ReadFile reads every row of the table at path, after checking that the
// file has each column of T with a compatible type. Where path, a .parquet
// file, does not exist but a folder of its name without the extension
// does (as perfcon export writes them), the table is that folder's
// Parquet files, hive partitions included.
func ReadFile[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && strings.HasSuffix(path, ".parquet") {
		if st, derr := os.Stat(strings.TrimSuffix(path, ".parquet")); derr == nil && st.IsDir() {
			return readFolder[T](strings.TrimSuffix(path, ".parquet"))
		}
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := openParquet(f, path)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(pf.Schema(), parquet.SchemaOf(new(T)), nil, lackable[T]()); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if rows, ok, err := readByColumn[T](pf); ok || err != nil {
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		return rows, nil
	}
	rows, err := readRows[T](pf)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return rows, nil
}

// openParquet reads the footer of f, the file at path, naming path when
// it is no Parquet file.
func openParquet(f *os.File, path string, opts ...parquet.FileOption) (*parquet.File, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), opts...)
	if err != nil {
		return nil, fmt.Errorf("reading %s: not a Parquet file: %w", path, err)
	}
	return pf, nil
}

// readRows reads a table row by row, whatever its columns.
func readRows[T any](pf *parquet.File) ([]T, error) {
	r := parquet.NewGenericReader[T](pf)
	defer r.Close()
	rows := make([]T, 0, pf.NumRows())
	buf := make([]T, 1024)
	for {
		n, err := r.Read(buf)
		rows = append(rows, buf[:n]...)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// MayLack is a row type whose tables may lack some of its columns, added
// since perfcon first wrote them: they read as the zero value, which
// means "not said" (a table whose rows are costly to make again, as
// drafts from a model are, stays readable).
type MayLack interface{ MayLack() []string }

// lackable is the columns T's tables may lack.
func lackable[T any]() []string {
	var zero T
	if m, ok := any(zero).(MayLack); ok {
		return m.MayLack()
	}
	return nil
}

// checkSchema reports every column of want that got lacks or stores with
// another physical type. Extra columns in got are allowed, and so are
// missing ones that partitions (of a hive-partitioned folder) give or
// that the row type may lack.
func checkSchema(got, want *parquet.Schema, partitions map[string]string, mayLack []string) error {
	var problems []string
	top := map[string]parquet.Field{}
	for _, f := range got.Fields() {
		top[f.Name()] = f
	}
	for _, field := range want.Fields() {
		name := field.Name()
		if !field.Leaf() {
			// A list: a group of the same name.
			if g, ok := top[name]; !ok {
				problems = append(problems, fmt.Sprintf("missing column %q", name))
			} else if g.Leaf() {
				problems = append(problems, fmt.Sprintf("column %q has type %s, want a list", name, g.Type().Kind()))
			}
			continue
		}
		g, ok := got.Lookup(name)
		if _, given := partitions[name]; !ok && (given || slices.Contains(mayLack, name)) {
			continue
		}
		if !ok {
			problems = append(problems, fmt.Sprintf("missing column %q", name))
			continue
		}
		wk, gk := field.Type().Kind(), g.Node.Type().Kind()
		switch {
		case wk == gk || (isInt(wk) && isInt(gk)):
		case strings.HasSuffix(name, "_at") && gk == parquet.ByteArray:
			problems = append(problems, fmt.Sprintf("column %q holds times as text, as perfcon wrote them before they were timestamps: make the table again (make does)", name))
		default:
			problems = append(problems, fmt.Sprintf("column %q has type %s, want %s", name, gk, wk))
		}
	}
	if len(problems) > 0 {
		msg := strings.Join(problems, "; ")
		if strings.Contains(msg, "missing column") {
			msg += " (a table made by an older perfcon lacks the columns added since: make it again; make does)"
		}
		return errors.New(msg)
	}
	return nil
}

func isInt(k parquet.Kind) bool { return k == parquet.Int32 || k == parquet.Int64 }
