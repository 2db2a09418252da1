package table

import (
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
	"golang.org/x/sync/errgroup"
)

// field is a column read into a field of every row.
type field struct {
	name     string
	leaf     int          // the column's index
	index    int          // the field's index in a row
	kind     reflect.Kind // string, int32, int64, bool, or pointer (to a float64)
	optional bool         // strings and pointers only: a null is "" or nil
}

// byColumnKinds are the field kinds read by column, with their columns'
// physical type.
var byColumnKinds = map[reflect.Kind]parquet.Kind{
	reflect.String: parquet.ByteArray,
	reflect.Int32:  parquet.Int32,
	reflect.Int64:  parquet.Int64,
	reflect.Bool:   parquet.Boolean,
	// *float64 only: an optional DOUBLE, nil where null.
	reflect.Pointer: parquet.Double,
}

// readByColumn reads a table the way perfcon writes them, column by
// column: T a flat struct of string, int32, int64 and bool fields, each
// column plain (not dictionary-encoded) and required, or an optional
// string or *float64. The columns are read at once, each on a CPU of its own, into
// their fields of every row; a page of strings becomes one string and the
// values are parts of it. The row reader instead makes a string per
// value, row by row, and a table of 10,000 descriptions took three times
// as long. ok is false when a column is stored some other way, and the
// rows must be read the general way.
func readByColumn[T any](pf *parquet.File) (rows []T, ok bool, err error) {
	fields, ok := columnsOf(reflect.TypeFor[T](), pf.Schema())
	if !ok {
		return nil, false, nil
	}
	rows = make([]T, pf.NumRows())
	all := reflect.ValueOf(rows)
	plain := make([]bool, len(fields))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range fields {
		g.Go(func() (err error) {
			// Each column writes its own field of the rows: no two
			// goroutines write the same memory.
			at := func(r int) reflect.Value { return all.Index(r).Field(f.index) }
			n, plainCol, err := readColumn(pf, f, at)
			if err == nil && plainCol && n != len(rows) {
				err = fmt.Errorf("column %s has %d values for %d rows", f.name, n, len(rows))
			}
			plain[i] = plainCol
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
	return rows, true, nil
}

// columnsOf finds the column of each field of t in s, or ok is false when
// t is not a struct readByColumn can fill.
func columnsOf(t reflect.Type, s *parquet.Schema) (fields []field, ok bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		physical, known := byColumnKinds[f.Type.Kind()]
		if !known || !f.IsExported() || name == "" || name == "-" ||
			f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() != reflect.Float64 {
			return nil, false
		}
		leaf, ok := s.Lookup(name)
		if !ok || len(leaf.Path) != 1 || leaf.Node.Type().Kind() != physical {
			return nil, false
		}
		optional := leaf.Node.Optional()
		if !leaf.Node.Required() && !(optional && (f.Type.Kind() == reflect.String || f.Type.Kind() == reflect.Pointer)) {
			return nil, false
		}
		fields = append(fields, field{name, leaf.ColumnIndex, f.Index[0], f.Type.Kind(), optional})
	}
	return fields, true
}

// readColumn reads every value of column f into the rows, where at(r) is
// f's field in row r, and returns how many rows it filled; plain is false
// when a page is dictionary-encoded, or not as f expects.
func readColumn(pf *parquet.File, f field, at func(int) reflect.Value) (n int, plain bool, err error) {
	var bools []bool
	for _, rg := range pf.RowGroups() {
		pages := rg.ColumnChunks()[f.leaf].Pages()
		for {
			p, err := pages.ReadPage()
			if err == io.EOF {
				break
			}
			if err != nil {
				pages.Close()
				return n, false, err
			}
			rows := int(p.NumRows())
			if p.Dictionary() != nil || (!f.optional && p.NumNulls() > 0) || n+rows > int(pf.NumRows()) {
				pages.Close()
				return n, false, nil
			}
			ok := true
			switch v := p.Data(); f.kind {
			case reflect.String:
				data, offsets := v.ByteArray()
				ok = readStrings(p, data, offsets, n, at)
			case reflect.Int32:
				xs := v.Int32()
				if ok = len(xs) == rows; ok {
					for i, x := range xs {
						at(n + i).SetInt(int64(x))
					}
				}
			case reflect.Int64:
				xs := v.Int64()
				if ok = len(xs) == rows; ok {
					for i, x := range xs {
						at(n + i).SetInt(x)
					}
				}
			case reflect.Pointer:
				ok = readFloats(p, v.Double(), n, at)
			case reflect.Bool:
				bools = slices.Grow(bools[:0], rows)[:rows]
				r, isReader := p.Values().(parquet.BooleanReader)
				if ok = isReader; ok {
					got, err := r.ReadBooleans(bools)
					ok = got == rows && (err == nil || err == io.EOF)
				}
				if ok {
					for i, x := range bools {
						at(n + i).SetBool(x)
					}
				}
			}
			if !ok {
				pages.Close()
				return n, false, nil
			}
			n += rows
		}
		if err := pages.Close(); err != nil {
			return n, false, err
		}
	}
	return n, true, nil
}

// readStrings sets the strings of page p's rows, from row n on, from the
// page's values (data, offsets): one string for the page, copied before
// the next page reuses the buffer, and each value a part of it. Rows whose
// value is null (their definition level is 0) keep "". It is false when
// the values don't match the rows.
func readStrings(p parquet.Page, data []byte, offsets []uint32, n int, at func(int) reflect.Value) bool {
	values := max(len(offsets)-1, 0)
	levels := p.DefinitionLevels()
	if levels == nil && values != int(p.NumRows()) || levels != nil && values != int(p.NumRows()-p.NumNulls()) {
		return false
	}
	if values == 0 {
		return true
	}
	page := string(data[offsets[0]:offsets[values]])
	value := func(j int) string { return page[offsets[j]-offsets[0] : offsets[j+1]-offsets[0]] }
	if levels == nil {
		for j := range values {
			at(n + j).SetString(value(j))
		}
		return true
	}
	j := 0
	for r, level := range levels {
		if level > 0 && j < values {
			at(n + r).SetString(value(j))
			j++
		}
	}
	return true
}

// readFloats sets the *float64 fields of page p's rows, from row n on,
// from the page's values: nil where the value is null. It is false when
// the values don't match the rows.
func readFloats(p parquet.Page, xs []float64, n int, at func(int) reflect.Value) bool {
	levels := p.DefinitionLevels()
	if levels == nil && len(xs) != int(p.NumRows()) || levels != nil && len(xs) != int(p.NumRows()-p.NumNulls()) {
		return false
	}
	// One allocation for the page's values; each field points into it.
	vals := slices.Clone(xs)
	if levels == nil {
		for j := range vals {
			at(n + j).Set(reflect.ValueOf(&vals[j]))
		}
		return true
	}
	j := 0
	for r, level := range levels {
		if level > 0 && j < len(vals) {
			at(n + r).Set(reflect.ValueOf(&vals[j]))
			j++
		}
	}
	return true
}
