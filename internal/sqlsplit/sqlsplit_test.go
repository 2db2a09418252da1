package sqlsplit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Statements split at semicolons outside strings, quoted names, comments,
// escape strings and dollar-quoted strings.
func TestStatements(t *testing.T) {
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"SELECT 'a;b', \"c;d\"", []string{"SELECT 'a;b', \"c;d\""}},
		{"SELECT 'it''s; fine'", []string{"SELECT 'it''s; fine'"}},
		{`SELECT E'a\'; b'`, []string{`SELECT E'a\'; b'`}},
		{"SELECT $$x;y$$, $q$a;$$;b$q$", []string{"SELECT $$x;y$$, $q$a;$$;b$q$"}},
		{"SELECT 1 -- a; comment\n; SELECT 2 /* b; */", []string{"SELECT 1", "SELECT 2"}},
		{"SELECT name'x;y'", []string{"SELECT name'x;y'"}},
	} {
		if diff := cmp.Diff(c.want, Statements(c.query)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.query, diff)
		}
	}
}

// A statement's kind is its first keyword, past parentheses; only queries
// return rows.
func TestKeyword(t *testing.T) {
	for _, c := range []struct {
		stmt, keyword string
		rows          bool
	}{
		{"SELECT 1", "SELECT", true},
		{"(select 1) UNION (SELECT 2)", "SELECT", true},
		{"with t AS (SELECT 1) FROM t", "WITH", true},
		{"FROM t", "FROM", true},
		{"VALUES (1)", "VALUES", true},
		{"CREATE TABLE x (a INT)", "CREATE", false},
		{"COPY t TO 'x.parquet'", "COPY", false},
		{"", "", false},
	} {
		if got := Keyword(c.stmt); got != c.keyword {
			t.Errorf("Keyword(%q) = %q, want %q", c.stmt, got, c.keyword)
		}
		if got := ReturnsRows(c.stmt); got != c.rows {
			t.Errorf("ReturnsRows(%q) = %v, want %v", c.stmt, got, c.rows)
		}
	}
}
