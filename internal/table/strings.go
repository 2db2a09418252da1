package table

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"

	"github.com/parquet-go/parquet-go"
	"golang.org/x/sync/errgroup"
)

// readStrings reads a table whose row type T has only string fields, the
// way perfcon writes them: required, plain byte-array columns. Each page
// becomes one string and the values are parts of it, and the columns are
// read at once, each on a CPU of its own; the row reader instead makes a
// string per value, row by row. ok is false when a column is stored some
// other way (optional, dictionary-encoded, of another type) and the rows
// must be read the general way.
func readStrings[T any](pf *parquet.File) (rows []T, ok bool, err error) {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return nil, false, nil
	}
	var names []string
	var leaves []int
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		if f.Type.Kind() != reflect.String || name == "" || name == "-" {
			return nil, false, nil
		}
		leaf, ok := pf.Schema().Lookup(name)
		if !ok || !leaf.Node.Required() || leaf.Node.Type().Kind() != parquet.ByteArray {
			return nil, false, nil
		}
		names, leaves = append(names, name), append(leaves, leaf.ColumnIndex)
	}
	cols := make([][]string, len(names))
	plain := make([]bool, len(names))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, leaf := range leaves {
		g.Go(func() (err error) {
			cols[i], plain[i], err = readColumn(pf, leaf)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, false, err
	}
	for _, p := range plain {
		if !p {
			return nil, false, nil
		}
	}
	rows = make([]T, pf.NumRows())
	for i := range names {
		if len(cols[i]) != len(rows) {
			return nil, false, fmt.Errorf("column %s has %d values for %d rows", names[i], len(cols[i]), len(rows))
		}
		for r := range rows {
			reflect.ValueOf(&rows[r]).Elem().Field(i).SetString(cols[i][r])
		}
	}
	return rows, true, nil
}

// readColumn reads every value of a required string column, the leaf
// at index leaf; plain is false when its pages are dictionary-encoded.
func readColumn(pf *parquet.File, leaf int) (values []string, plain bool, err error) {
	values = make([]string, 0, pf.NumRows())
	for _, rg := range pf.RowGroups() {
		pages := rg.ColumnChunks()[leaf].Pages()
		for {
			p, err := pages.ReadPage()
			if err == io.EOF {
				break
			}
			if err != nil {
				pages.Close()
				return nil, false, err
			}
			if p.Dictionary() != nil || p.NumNulls() > 0 || p.Type().Kind() != parquet.ByteArray {
				pages.Close()
				return nil, false, nil
			}
			v := p.Data()
			data, offsets := v.ByteArray()
			if len(offsets) == 0 {
				continue
			}
			// One string a page, copied before the next page reuses the
			// buffer.
			page := string(data[offsets[0]:offsets[len(offsets)-1]])
			for j := 1; j < len(offsets); j++ {
				values = append(values, page[offsets[j-1]-offsets[0]:offsets[j]-offsets[0]])
			}
		}
		if err := pages.Close(); err != nil {
			return nil, false, err
		}
	}
	return values, true, nil
}
