package measure

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/repo/repotest"
	"github.com/perfcon/perfcon/internal/table"
)

// A repository task's programs run in their trees: code before in the
// parent's, code after in the commit's, a generation spliced into the
// parent's file, and code after with comment lines added (the twin
// control) spliced into the commit's, where what else the commit changed
// (here a helper beside the function) is there for it.
func TestJobTrees(t *testing.T) {
	ctx := context.Background()
	up := repotest.New(t, filepath.Join(t.TempDir(), "acme", "lib"))
	parent := up.Commit("first", map[string]string{"m.py": "def f(xs):\n    return sorted(xs)[0]\n"})
	commit := up.Commit("Faster f", map[string]string{"m.py": "def _least(xs):\n    return min(xs)\n\n\ndef f(xs):\n    return _least(xs)\n"})
	cache := &repo.Cache{Dir: filepath.Join(t.TempDir(), "repos")}
	if err := cache.Fetch(ctx, up.Dir, parent, commit); err != nil {
		t.Fatal(err)
	}
	b := &Bench{Settings: Settings{Repos: cache}}
	c := table.Change{TaskID: "t", Language: "python", Symbol: "f", FilePath: "m.py", ParentSHA: parent, CommitSHA: commit,
		CodeBefore: "def f(xs):\n    return sorted(xs)[0]\n", CodeAfter: "def f(xs):\n    return _least(xs)\n"}
	e := table.Executable{TaskID: "t", Language: "python", RepoURL: up.Dir, Harness: "print(1)\n"}
	for _, tc := range []struct {
		name, code, commit string
		splice             bool
	}{
		{"code before", c.CodeBefore, parent, false},
		{"code after", c.CodeAfter, commit, false},
		{"twin", "def f(xs):\n    # a comment of its own\n    return _least(xs)\n\n# perfcon twin\n", commit, true},
		{"a rewrite", "def f(xs):\n    return min(xs)\n", parent, true},
		{"after with a line of code more", "def f(xs):\n    xs = list(xs)  # a copy\n    return _least(xs)\n", parent, true},
	} {
		j, err := b.Job(ctx, c, e, tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if j.Tree == nil || j.Tree.Commit != tc.commit || (j.Tree.Splice != nil) != tc.splice {
			t.Errorf("%s: tree %+v; want commit %s, spliced %v", tc.name, j.Tree, tc.commit[:7], tc.splice)
		}
	}
}
