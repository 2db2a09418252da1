package table

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2"
)

func TestValidText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"héllo", "héllo"},
		{"cut h\xc3", "cut h"},   // é cut after its first byte
		{"cut \xe2\x82", "cut "}, // € cut after two of three
		{"bad \xff byte", "bad \uFFFD byte"},
		{"nul\x00kept", "nul\x00kept"}, // valid UTF-8; a digest has none (package measure)
		{"\xc3", ""},
		{"ends \xff", "ends \uFFFD"}, // not a cut: a byte no character starts with
	} {
		if got := ValidText(c.in); got != c.want || !utf8.ValidString(got) {
			t.Errorf("ValidText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A row with invalid bytes in any text field is written valid, DuckDB
// reads every column of the table, and the caller's rows are left as they
// were.
func TestWriteKeepsTextValid(t *testing.T) {
	type row struct {
		ID    string   `parquet:"id"`
		Note  *string  `parquet:"note,optional"`
		Lines []string `parquet:"lines,list"`
		N     int32    `parquet:"n"`
	}
	bad := "stderr cut mid-character: \xe2\x82"
	rows := []row{
		{ID: "ok", Lines: []string{"a"}, N: 1},
		{ID: "bad \xff", Note: &bad, Lines: []string{"x\xc3y", "fine"}, N: 2},
	}
	path := filepath.Join(t.TempDir(), "t.parquet")
	if err := WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	if rows[1].ID != "bad \xff" || *rows[1].Note != bad || rows[1].Lines[0] != "x\xc3y" {
		t.Errorf("the caller's rows changed: %+v", rows[1])
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var id, note, lines string
	err = db.QueryRowContext(context.Background(),
		"SELECT id, note, array_to_string(lines, '|') FROM read_parquet(?) WHERE n = 2", path).Scan(&id, &note, &lines)
	if err != nil {
		t.Fatal(err)
	}
	if id != "bad \uFFFD" || note != "stderr cut mid-character: " || lines != "x\uFFFDy|fine" {
		t.Errorf("read back %q, %q, %q", id, note, lines)
	}
	if _, err := db.Exec("SELECT * FROM read_parquet(?)", path); err != nil {
		t.Errorf("SELECT *: %v", err)
	}
}
