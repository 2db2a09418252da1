package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/repo/repotest"
)

// A study's list of commits, in the forms studies write them, goes to the
// clones its repositories name.
func TestCommitList(t *testing.T) {
	ctx := context.Background()
	lib := repotest.New(t, filepath.Join(t.TempDir(), "lib"))
	a := lib.Commit("one", map[string]string{"a.py": "x = 1\n"})
	other := repotest.New(t, filepath.Join(t.TempDir(), "checkout"))
	b1 := other.Commit("one", map[string]string{"b.go": "package b\n"})
	b2 := other.Commit("two", map[string]string{"b.go": "package b // 2\n"})
	other.Git("remote", "add", "origin", "https://github.com/acme/other.git")
	clones := []string{lib.Dir, other.Dir}
	write := func(text string) string {
		p := filepath.Join(t.TempDir(), "list.txt")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	for name, text := range map[string]string{
		"lines": "# a study's commits\nhttps://github.com/acme/other/commit/" + b1 + "\nlib " + a + "\n\nacme/other@" + b2[:12] + "\n",
		"csv":   "project,commit_sha,speedup\ngithub.com/acme/other," + b1 + ",2.1\nlib," + a + ",1.5\ngit@github.com:acme/other.git," + b2[:12] + ",3\n",
	} {
		list, err := readCommitList(write(text))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byDir, order, err := assignCommits(ctx, list, clones)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := map[string][]string{other.Dir: {b1, b2[:12]}, lib.Dir: {a}}
		if diff := cmp.Diff(want, byDir); diff != "" || len(order) != 2 || order[0] != other.Dir {
			t.Errorf("%s: commits by clone (-want +got):\n%s; order %v", name, diff, order)
		}
	}

	for _, tc := range []struct{ name, text, want string }{
		{"unknown repository", "acme/missing " + a + "\nacme/gone " + a + "\n", "no clone given for acme/missing, acme/gone"},
		{"a SHA alone, two clones", a + "\n", "names no repository, and there are 2 clones"},
		{"not a commit", "lib main\n", `"main" is not a commit id`},
		{"empty", "# nothing\n", "no commit in it"},
	} {
		list, err := readCommitList(write(tc.text))
		if err == nil {
			_, _, err = assignCommits(ctx, list, clones)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
