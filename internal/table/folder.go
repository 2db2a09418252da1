package table

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Exists says whether there is a table at path: the file, or a folder of
// its name without ".parquet" (as perfcon export writes them).
func Exists(path string) bool {
	if _, err := os.Stat(path); err == nil {
		return true
	}
	st, err := os.Stat(strings.TrimSuffix(path, ".parquet"))
	return err == nil && st.IsDir() && strings.HasSuffix(path, ".parquet")
}

// hiveNull is the folder name DuckDB gives a NULL partition value (older
// versions wrote NULL).
const hiveNull = "__HIVE_DEFAULT_PARTITION__"

// readFolder reads a table written as a folder of Parquet files, each
// maybe under hive partition folders (column=value/...), whose columns
// are left out of its files: their values come from the path, into the
// fields of T of those columns (strings and integers).
func readFolder[T any](dir string) ([]T, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".parquet") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// No file at all is an empty table: an export of one partitioned
	// by a column writes nothing.
	slices.Sort(files)
	var rows []T
	for _, path := range files {
		parts, err := partitions(dir, path)
		if err != nil {
			return nil, err
		}
		got, err := readPart[T](path, parts)
		if err != nil {
			return nil, err
		}
		rows = append(rows, got...)
	}
	return rows, nil
}

// partitions reads the column=value folders between dir and a file.
func partitions(dir, path string) (map[string]string, error) {
	rel, err := filepath.Rel(dir, filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	if rel == "." {
		return out, nil
	}
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		k, v, ok := strings.Cut(seg, "=")
		if !ok {
			continue
		}
		if u, err := url.PathUnescape(v); err == nil {
			v = u
		}
		if v == hiveNull || v == "NULL" {
			v = "" // NULL: the field's zero value
		}
		out[k] = v
	}
	return out, nil
}

// readPart reads one file of a folder: its columns, checked as ReadFile
// checks them but for those its partitions give, and then those.
func readPart[T any](path string, parts map[string]string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := openParquet(f, path)
	if err != nil {
		return nil, err
	}
	if err := checkSchema(pf.Schema(), parquet.SchemaOf(new(T)), parts, lackable[T]()); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	rows, err := readRows[T](pf)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(parts) == 0 {
		return rows, nil
	}
	typ := reflect.TypeFor[T]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("parquet"), ",")
		v, ok := parts[name]
		if !ok {
			continue
		}
		for r := range rows {
			fv := reflect.ValueOf(&rows[r]).Elem().Field(i)
			switch fv.Kind() {
			case reflect.String:
				fv.SetString(v)
			case reflect.Int32, reflect.Int64:
				if v == "" {
					continue
				}
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("reading %s: partition %s=%q is not an integer", path, name, v)
				}
				fv.SetInt(n)
			default:
				return nil, fmt.Errorf("reading %s: can't take column %s from its partition folder", path, name)
			}
		}
	}
	return rows, nil
}
