package report

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
)

// querier returns a function running SQL on one DuckDB for a test.
func querier(t *testing.T) func(string) *duck.Result {
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return func(sql string) *duck.Result {
		t.Helper()
		r, err := db.Query(ctx, sql)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
}

// TestExact checks each DuckDB type's full text, as the driver returns it.
func TestExact(t *testing.T) {
	query := querier(t)
	for _, tc := range []struct{ sql, csv, json string }{
		{"NULL::INTEGER", "", "null"},
		{"'a\nb'", "a\nb", `"a\nb"`},
		{"true", "true", "true"},
		{"-7::TINYINT", "-7", "-7"},
		{"18446744073709551615::UBIGINT", "18446744073709551615", "18446744073709551615"},
		{"170141183460469231731687303715884105727::HUGEINT", "170141183460469231731687303715884105727", "170141183460469231731687303715884105727"},
		{"0.1::DOUBLE", "0.1", "0.1"},
		{"1e300::DOUBLE", "1e+300", "1e+300"},
		{"0.1::FLOAT", "0.1", "0.1"},
		{"'NaN'::DOUBLE", "NaN", "null"},
		{"'-Infinity'::DOUBLE", "-Inf", "null"},
		{"123456789.123456789::DECIMAL(18,9)", "123456789.123456789", "123456789.123456789"},
		{"DATE '2024-01-02'", "2024-01-02", `"2024-01-02"`},
		{"TIME '12:34:56.5'", "12:34:56.5", `"12:34:56.5"`},
		{"TIMESTAMP '2024-01-02 03:04:05.123456'", "2024-01-02T03:04:05.123456Z", `"2024-01-02T03:04:05.123456Z"`},
		{"TIMESTAMPTZ '2024-01-02 03:04:05+02'", "2024-01-02T01:04:05Z", `"2024-01-02T01:04:05Z"`},
		{"'6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", `"6ba7b810-9dad-11d1-80b4-00c04fd430c8"`},
		{"[1.5, 'NaN'::DOUBLE, NULL]", "[1.5,null,null]", "[1.5,null,null]"},
		{"{'x': 1, 'y': '<b>'}", `{"x":1,"y":"<b>"}`, `{"x":1,"y":"<b>"}`},
		{"MAP {'k': 2}", `{"k":2}`, `{"k":2}`},
		{"INTERVAL 3 DAY", `{"days":3,"months":0,"micros":0}`, `{"days":3,"months":0,"micros":0}`},
	} {
		r := query("SELECT " + tc.sql + " AS v")
		v, typ := r.Rows[0][0], r.Types[0]
		if got := Exact(v, typ); got != tc.csv {
			t.Errorf("Exact(%s) = %q, want %q", tc.sql, got, tc.csv)
		}
		b, err := marshal(jsonValue(v, typ))
		if err != nil {
			t.Errorf("JSON of %s: %v", tc.sql, err)
		} else if string(b) != tc.json {
			t.Errorf("JSON of %s = %s, want %s", tc.sql, b, tc.json)
		}
	}
}

func TestWriteCSVJSON(t *testing.T) {
	query := querier(t)
	r := query(`SELECT * FROM (VALUES (1, 'a,"b"', 2.5::DOUBLE), (2, NULL, 'NaN'::DOUBLE)) v(id, "the name", x)`)
	var b bytes.Buffer
	if err := WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	if want := "id,the name,x\n1,\"a,\"\"b\"\"\",2.5\n2,,NaN\n"; b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "[\n{\"id\":1,\"the name\":\"a,\\\"b\\\"\",\"x\":2.5},\n{\"id\":2,\"the name\":null,\"x\":null}\n]\n"
	if b.String() != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", b.String(), want)
	}
	if !json.Valid(b.Bytes()) {
		t.Error("JSON is not valid")
	}
	b.Reset()
	if err := WriteJSON(&b, query("SELECT 1 AS a WHERE false")); err != nil || b.String() != "[\n]\n" {
		t.Errorf("JSON of no rows = %q, %v", b.String(), err)
	}
}
