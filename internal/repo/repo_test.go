package repo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gitcmd "github.com/perfcon/perfcon/internal/git"
	"github.com/perfcon/perfcon/internal/repo/repotest"
)

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/google/snappy":      "google+snappy",
		"https://github.com/google/snappy.git/": "google+snappy",
		"git@github.com:klauspost/compress.git": "klauspost+compress",
		"/srv/git/more-itertools":               "git+more-itertools",
		"file:///srv/mirrors/owner/name.git":    "owner+name",
		"snappy":                                "snappy",
	} {
		if got, err := Name(in); err != nil || got != want {
			t.Errorf("Name(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Name("https://example.com/"); err == nil {
		t.Error("a URL without a path has no name")
	}
}

func TestFetchTreeAndMirrors(t *testing.T) {
	ctx := context.Background()
	up := repotest.New(t, filepath.Join(t.TempDir(), "acme", "lib"))
	c1 := up.Commit("first", map[string]string{"a.py": "x = 1\n", "pkg/b.py": "y = 2\n"})
	c2 := up.Commit("Faster a\n\nIt is 2x faster.", map[string]string{"a.py": "x = 2\n"})

	cache := &Cache{Dir: filepath.Join(t.TempDir(), "repos")}
	url := up.Dir
	if _, err := cache.Tree(ctx, url, c2); !isMissing(err, false) {
		t.Fatalf("Tree before any fetch: %v, want a MissingError saying it is not fetched", err)
	}
	if err := cache.Fetch(ctx, url, c1, c2); err != nil {
		t.Fatal(err)
	}
	tree, err := cache.Tree(ctx, url, c2)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(tree, "a.py")); string(b) != "x = 2\n" {
		t.Errorf("tree of c2 has a.py %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(tree, "pkg", "b.py")); string(b) != "y = 2\n" {
		t.Errorf("tree of c2 has pkg/b.py %q", b)
	}
	parent, err := cache.Resolve(ctx, url, c2+"^")
	if err != nil || parent != c1 {
		t.Errorf("Resolve(c2^) = %q, %v; want %s", parent, err, c1)
	}
	if m, err := cache.Message(ctx, url, c2); err != nil || !strings.HasPrefix(m, "Faster a\n\nIt is 2x faster.") {
		t.Errorf("Message = %q, %v", m, err)
	}
	if b, err := cache.Show(ctx, url, c1, "a.py"); err != nil || string(b) != "x = 1\n" {
		t.Errorf("Show(c1, a.py) = %q, %v", b, err)
	}
	// A commit made upstream later is fetched when asked for.
	c3 := up.Commit("later", map[string]string{"a.py": "x = 3\n"})
	if err := cache.Fetch(ctx, url, c3); err != nil {
		t.Errorf("fetching a later commit: %v", err)
	}
	// One that exists nowhere names itself.
	err = cache.Fetch(ctx, url, strings.Repeat("ab", 20))
	if !isMissing(err, true) || !strings.Contains(err.Error(), strings.Repeat("ab", 20)) {
		t.Errorf("a missing commit: %v", err)
	}

	// From a folder of local clones, where the URL can't be reached.
	mirrors := t.TempDir()
	up.Git("clone", "-q", "--bare", up.Dir, filepath.Join(mirrors, "acme+lib.git"))
	offline := &Cache{Dir: filepath.Join(t.TempDir(), "repos"), Mirrors: mirrors}
	remote := "https://perfcon.invalid/acme/lib"
	if err := offline.Fetch(ctx, remote, c2); err != nil {
		t.Fatalf("fetching through the mirror: %v", err)
	}
	if _, err := offline.Tree(ctx, remote, c1); err != nil {
		t.Errorf("tree of the parent through the mirror: %v", err)
	}
	if err := (&Cache{Dir: t.TempDir()}).Fetch(ctx, remote, c2); err == nil {
		t.Error("fetching from an unreachable URL without mirrors worked")
	}
}

func isMissing(err error, fetched bool) bool {
	var me *MissingError
	return errors.As(err, &me) && me.Fetched == fetched
}

// A clone that lacks a file's blob (a partial mirror without its largest
// files) still gives the rest of the tree, and says what is missing.
func TestTreeWithoutABlob(t *testing.T) {
	ctx := context.Background()
	up := repotest.New(t, filepath.Join(t.TempDir(), "lib"))
	up.Commit("first", map[string]string{"src/a.c": "int a;\n", "testdata/big.bin": "0123456789\n", "run.sh": "#!/bin/sh\n"})
	if err := os.Chmod(filepath.Join(up.Dir, "run.sh"), 0o755); err != nil {
		t.Fatal(err)
	}
	sha := up.Commit("exec", map[string]string{})
	cache := &Cache{Dir: filepath.Join(t.TempDir(), "repos")}
	if err := cache.Fetch(ctx, up.Dir, sha); err != nil {
		t.Fatal(err)
	}
	clone, _ := cache.Clone(up.Dir)
	blob := up.Git("rev-parse", sha+":testdata/big.bin")
	if err := os.Remove(filepath.Join(clone, "objects", blob[:2], blob[2:])); err != nil {
		t.Skipf("the clone's objects are packed: %v", err)
	}
	tree, err := cache.Tree(ctx, up.Dir, sha)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(tree, "src", "a.c")); err != nil || string(b) != "int a;\n" {
		t.Errorf("src/a.c: %q, %v", b, err)
	}
	if st, err := os.Stat(filepath.Join(tree, "run.sh")); err != nil || st.Mode()&0o100 == 0 {
		t.Errorf("run.sh: %v, %v; want an executable", st, err)
	}
	if _, err := os.Stat(filepath.Join(tree, "testdata", "big.bin")); err == nil {
		t.Error("the missing blob's file exists")
	}
	if b, _ := os.ReadFile(filepath.Join(tree, MissingFiles)); string(b) != "testdata/big.bin\n" {
		t.Errorf("%s: %q", MissingFiles, b)
	}
}

// A cache and mirrors named relative to the working folder, inside a
// checkout of another repository (as make runs in perfcon's own clone):
// the clone lands in the cache, from the mirror, and nothing is fetched
// into the checkout around it.
func TestRelativeCacheInsideACheckout(t *testing.T) {
	ctx := context.Background()
	up := repotest.New(t, filepath.Join(t.TempDir(), "acme", "lib"))
	c1 := up.Commit("first", map[string]string{"a.py": "x = 1\n"})
	c2 := up.Commit("second", map[string]string{"a.py": "x = 2\n"})

	work := repotest.New(t, filepath.Join(t.TempDir(), "checkout"))
	work.Commit("the checkout", map[string]string{"README": "hi\n"})
	up.Git("clone", "-q", "--bare", up.Dir, filepath.Join(work.Dir, "mirrors", "acme+lib.git"))
	t.Chdir(work.Dir)

	cache := &Cache{Dir: filepath.Join(".cache", "repos"), Mirrors: "mirrors"}
	remote := "https://perfcon.invalid/acme/lib"
	if err := cache.Fetch(ctx, remote, c1, c2); err != nil {
		t.Fatal(err)
	}
	clone, err := cache.Clone(remote)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(clone, "HEAD")); err != nil {
		t.Errorf("no clone in the cache: %v", err)
	}
	tree, err := cache.Tree(ctx, remote, c1)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(tree, "a.py")); string(b) != "x = 1\n" {
		t.Errorf("tree of c1 has a.py %q", b)
	}
	if _, err := gitcmd.Run(ctx, work.Dir, "cat-file", "-e", c2+"^{commit}"); err == nil {
		t.Errorf("the commit was fetched into the checkout around the cache")
	}
}
