package queries_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/queries"
	"github.com/perfcon/perfcon/stages/report"
)

// openTables opens the tables in dir with the setup files' views.
func openTables(t *testing.T, dir string) (*duck.DB, context.Context) {
	t.Helper()
	ctx := context.Background()
	db, err := duck.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Setup(ctx, queries.FS); err != nil {
		t.Fatal(err)
	}
	return db, ctx
}

// rowsAs runs q and returns its rows with each value formatted by format.
func rowsAs(t *testing.T, db *duck.DB, ctx context.Context, format func(any) string, q string) [][]string {
	t.Helper()
	res, err := db.Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	var got [][]string
	for _, r := range res.Rows {
		row := make([]string, len(r))
		for i, v := range r {
			row[i] = format(v)
		}
		got = append(got, row)
	}
	return got
}

// cellRows returns q's rows as the report prints them.
func cellRows(t *testing.T, db *duck.DB, ctx context.Context, q string) [][]string {
	t.Helper()
	return rowsAs(t, db, ctx, report.Format, q)
}

// twoPlaces prints floats with two decimals, for scores with thirds.
func twoPlaces(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.2f", f)
	}
	return report.Format(v)
}

func trimSemicolon(sql string) string {
	return strings.TrimSuffix(strings.TrimSpace(sql), ";")
}
