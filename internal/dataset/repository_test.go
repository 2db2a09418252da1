package dataset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/repo/repotest"
)

func TestRepositoryTask(t *testing.T) {
	root := t.TempDir()
	up := repotest.New(t, filepath.Join(root, "up", "lib"))
	up.Commit("first", map[string]string{"lib/core.py": "import os\n\n\nclass Box:\n    def size(self):\n        return len(list(self.items))\n"})
	sha := up.Commit("Count without a copy", map[string]string{"lib/core.py": "import os\n\n\nclass Box:\n    def size(self):\n        return len(self.items)\n"})
	repos := &repo.Cache{Dir: filepath.Join(root, "repos")}
	set := filepath.Join(root, "real")
	write := func(id, toml string, files ...string) string {
		dir := filepath.Join(set, id)
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "task.toml"), []byte(toml), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range append([]string{"harness.py"}, files...) {
			os.WriteFile(filepath.Join(dir, f), []byte("print(1)\n"), 0o644)
		}
		return dir
	}
	good := "language = \"python\"\ncategory = \"memory_inefficiency\"\nrepo_url = \"" + up.Dir + "\"\ncommit = \"" + sha +
		"\"\nfile_path = \"lib/core.py\"\nsymbol = \"Box.size\"\nscale = 10\nreason = \"no copy\"\n"
	dir := write("py-mem-box-size", good)

	if _, err := LoadTaskFrom(dir, repos); err == nil || !strings.Contains(err.Error(), "py-mem-box-size") ||
		!strings.Contains(err.Error(), "perfcon dataset fetch") {
		t.Errorf("before a fetch: %v; want the task named and the way out", err)
	}
	if n, err := Fetch(context.Background(), set, repos, nil); err != nil || n != 1 {
		t.Fatalf("Fetch: %d, %v", n, err)
	}
	task, err := LoadTaskFrom(dir, repos)
	if err != nil {
		t.Fatal(err)
	}
	if task.Before != "def size(self):\n    return len(list(self.items))\n" || task.After != "def size(self):\n    return len(self.items)\n" {
		t.Errorf("before %q, after %q", task.Before, task.After)
	}
	if task.Message != "Count without a copy\n" || task.Tree == nil || task.Tree.Commit != sha || len(task.Tree.Parent) != 40 {
		t.Errorf("message %q, tree %+v", task.Message, task.Tree)
	}
	if task.Set != "real" || task.Repo != "up/lib" || task.Reason != "no copy" || !strings.Contains(task.Context, "class Box:") {
		t.Errorf("set %q, repo %q, reason %q, context %q", task.Set, task.Repo, task.Reason, task.Context)
	}

	for name, c := range map[string]struct {
		toml  string
		files []string
		want  string
	}{
		"code-files":  {good, []string{"before.py"}, "comes from its repository"},
		"bad-commit":  {strings.Replace(good, sha, "not-a-sha", 1), nil, "not a commit id"},
		"no-commit":   {strings.Replace(good, sha, strings.Repeat("ab", 20), 1), nil, "is not in"},
		"no-function": {strings.Replace(good, "Box.size", "Box.weight", 1), nil, "no function Box.weight"},
		"no-file":     {strings.Replace(good, "lib/core.py", "lib/gone.py", 1), nil, "no file lib/gone.py"},
		"no-repo-url": {"language = \"python\"\ncategory = \"memory_inefficiency\"\ncommit = \"" + sha + "\"\nsymbol = \"f\"\nscale = 1\n", nil, "repo_url is missing"},
	} {
		d := write("py-bad-"+name, c.toml, c.files...)
		if _, err := LoadTaskFrom(d, repos); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "py-bad-"+name) {
			t.Errorf("%s: %v; want an error naming the task and saying %q", name, err, c.want)
		}
	}
}
