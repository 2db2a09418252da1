package table

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Column is one column of a table, with its SQL type.
type Column struct {
	Name    string
	SQLType string
}

// Columns lists a row type's columns in order, from its parquet tags.
func Columns(row any) []Column {
	t := reflect.TypeOf(row)
	var cols []Column
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("parquet"), ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		var sqlType string
		switch {
		case ft == reflect.TypeFor[time.Time]():
			sqlType = "TIMESTAMP WITH TIME ZONE"
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
			sqlType = "VARCHAR[]"
		case ft.Kind() == reflect.String:
			sqlType = "VARCHAR"
		case ft.Kind() == reflect.Int32:
			sqlType = "INTEGER"
		case ft.Kind() == reflect.Int64:
			sqlType = "BIGINT"
		case ft.Kind() == reflect.Float64:
			sqlType = "DOUBLE"
		case ft.Kind() == reflect.Bool:
			sqlType = "BOOLEAN"
		default:
			panic(fmt.Sprintf("table: no SQL type for %s.%s", t.Name(), f.Name))
		}
		cols = append(cols, Column{Name: name, SQLType: sqlType})
	}
	return cols
}
