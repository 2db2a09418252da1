package main

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
		if diff := cmp.Diff(c.want, statements(c.query)); diff != "" {
			t.Errorf("%q (-want +got):\n%s", c.query, diff)
		}
	}
}
