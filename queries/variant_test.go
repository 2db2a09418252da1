package queries_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/duck"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/queries"
)

// The queries join generations to measurements by recomputing a code's
// variant id in SQL: that expression gives measure.VariantID's value for
// any code, and it is the one the views use.
func TestVariantIDInSQL(t *testing.T) {
	const expr = "left(sha256(code), 16)"
	ctx := context.Background()
	db, err := duck.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, code := range []string{"x", "def f():\n    return 1\n", "naïve ü → 変数\r\n\ttabs", strings.Repeat("a", 100000), "quote ' and \\ backslash"} {
		q := fmt.Sprintf("SELECT %s FROM (SELECT '%s' AS code)", expr, strings.ReplaceAll(code, "'", "''"))
		res, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(res.Rows[0][0]), measure.VariantID(code); got != want {
			t.Errorf("code %.20q: SQL gives %s, measure.VariantID %s", code, got, want)
		}
	}
	views, err := fs.ReadFile(queries.FS, "00_views.sql")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(views), "left(sha256(g.code), 16)") {
		t.Errorf("00_views.sql no longer recomputes a generation's variant id as %s", expr)
	}
}
