package table

import (
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// Text columns hold valid UTF-8, whatever wrote them: a program's stderr
// cut mid-character, a Latin-1 source file, a server's stray byte. Parquet
// takes any bytes, but readers such as DuckDB refuse the whole column,
// every row of it, for one invalid string.

// ValidText is s as a text column keeps it: a character cut at the end is
// dropped, and any other invalid byte becomes U+FFFD.
func ValidText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	// A cut at the end: up to 3 bytes of a character that never finished.
	for i := 1; i <= 3 && i <= len(s); i++ {
		if utf8.RuneStart(s[len(s)-i]) {
			if !utf8.FullRuneInString(s[len(s)-i:]) {
				s = s[:len(s)-i]
			}
			break
		}
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// textFields lists, per row type, the index paths of its string, *string
// and []string fields.
var textFields sync.Map // reflect.Type -> [][]int

func textFieldsOf(t reflect.Type) [][]int {
	if v, ok := textFields.Load(t); ok {
		return v.([][]int)
	}
	var paths [][]int
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			path := append(append([]int(nil), prefix...), i)
			switch ft := f.Type; {
			case ft.Kind() == reflect.String,
				ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.String,
				ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
				paths = append(paths, path)
			case ft.Kind() == reflect.Struct && f.Anonymous:
				walk(ft, path)
			}
		}
	}
	if t.Kind() == reflect.Struct {
		walk(t, nil)
	}
	textFields.Store(t, paths)
	return paths
}

// validRows returns rows with every text field valid: rows itself when
// all already are (the usual case, checked without copying), else a copy
// with the invalid ones mended. The caller's rows are never changed.
func validRows[T any](rows []T) []T {
	var zero T
	paths := textFieldsOf(reflect.TypeOf(zero))
	if len(paths) == 0 {
		return rows
	}
	var out []T
	for i := range rows {
		v := reflect.ValueOf(&rows[i]).Elem()
		if allValid(v, paths) {
			continue
		}
		if out == nil {
			out = append([]T(nil), rows...)
		}
		mend(reflect.ValueOf(&out[i]).Elem(), paths)
	}
	if out == nil {
		return rows
	}
	return out
}

func valid(s string) bool { return utf8.ValidString(s) }

func allValid(v reflect.Value, paths [][]int) bool {
	for _, p := range paths {
		f := v.FieldByIndex(p)
		switch f.Kind() {
		case reflect.String:
			if !valid(f.String()) {
				return false
			}
		case reflect.Pointer:
			if !f.IsNil() && !valid(f.Elem().String()) {
				return false
			}
		case reflect.Slice:
			for j := range f.Len() {
				if !valid(f.Index(j).String()) {
					return false
				}
			}
		}
	}
	return true
}

// mend rewrites v's invalid text fields; a pointer or slice is replaced,
// not written through, since the copy shares them with the caller's row.
func mend(v reflect.Value, paths [][]int) {
	for _, p := range paths {
		f := v.FieldByIndex(p)
		switch f.Kind() {
		case reflect.String:
			f.SetString(ValidText(f.String()))
		case reflect.Pointer:
			if !f.IsNil() && !valid(f.Elem().String()) {
				n := reflect.New(f.Type().Elem())
				n.Elem().SetString(ValidText(f.Elem().String()))
				f.Set(n)
			}
		case reflect.Slice:
			if f.Len() == 0 {
				continue
			}
			fixed := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			for j := range f.Len() {
				fixed.Index(j).SetString(ValidText(f.Index(j).String()))
			}
			f.Set(fixed)
		}
	}
}
