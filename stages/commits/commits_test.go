package commits

import (
	"slices"
	"testing"

	"github.com/perfcon/perfcon/internal/dataset"
)

// A task folder's row: its patch and line counts come from code before
// and after, its made-up ids from its contents, the same on every run.
func TestRow(t *testing.T) {
	task := dataset.Task{ID: "py-sum", Language: "python", Category: "inefficient_algorithm", FilePath: "sum.py",
		Symbol: "total", Message: "sum with a formula",
		Before: "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n",
		After:  "def total(n):\n    return n * (n - 1) // 2\n"}
	r := Row(task, "core")
	if r.LinesAdded != 1 || r.LinesRemoved != 4 || r.FunctionsInCommit != 1 || r.Source != "core" {
		t.Errorf("row %+v", r)
	}
	plus, minus := PatchLines(r.Patch)
	if !slices.Equal(plus, []string{"    return n * (n - 1) // 2"}) || len(minus) != 4 {
		t.Errorf("PatchLines: +%q -%q", plus, minus)
	}
	// The ids of authored tasks are in tables already written: they must
	// not change.
	if r.CommitSHA != Hash("py-sum", task.Before, task.After, task.Message) || r.ParentSHA != Hash("py-sum", task.Before) {
		t.Errorf("ids %s %s", r.CommitSHA, r.ParentSHA)
	}
	if got, want := Hash("a", "bc"), "947dd8c9322ec0c6ec51aed85a805f074aa18acf"; got != want {
		t.Errorf("Hash(a, bc) = %s, want %s", got, want)
	}
	if Hash("a", "bc") == Hash("ab", "c") {
		t.Error("Hash does not keep its parts apart")
	}
}

func TestSlug(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"fasthttp", 24, "fasthttp"},
		{"Server.handle", 40, "server-handle"},
		{"--a__b--", 40, "a-b"},
		{"operator<<", 40, "operator"},
		{"abcdef-ghij", 7, "abcdef"},
		{"", 24, ""},
	} {
		if got := Slug(c.s, c.n); got != c.want {
			t.Errorf("Slug(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
