// Package repo keeps the git repositories repository tasks run in: one
// bare clone of each, made once from its URL or from a folder of local
// clones (mirrors) on a machine without network, and the files of each
// commit a task needs, taken out once into a tree of their own.
//
// The cache is a folder (.cache/repos by default):
//
//	<dir>/<owner>+<name>.git    a bare clone
//	<dir>/trees/<sha>/          the files of one commit (git archive)
//	<dir>/gomod/                Go modules' dependencies, downloaded once
//
// Clones and trees are made in a temporary folder and renamed into place,
// so a stopped fetch never leaves half of one behind; a tree is never
// written again, and builds read it.
package repo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	gitcmd "github.com/perfcon/perfcon/internal/git"
)

// DefaultDir is where repositories are kept unless PERFCON_REPOS says.
const DefaultDir = ".cache/repos"

// Cache is a folder of clones and trees.
type Cache struct {
	Dir string
	// Mirrors, when set, is a folder of local clones looked in before a
	// repository's URL (see Mirror).
	Mirrors string
	// Log, when set, is told about each clone and fetch.
	Log io.Writer
}

// Default is the cache of PERFCON_REPOS (else DefaultDir), with the
// mirrors of PERFCON_MIRRORS.
func Default() *Cache {
	dir := os.Getenv("PERFCON_REPOS")
	if dir == "" {
		dir = DefaultDir
	}
	return &Cache{Dir: dir, Mirrors: os.Getenv("PERFCON_MIRRORS")}
}

var sha = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// IsSHA says whether s looks like a commit id (7 to 40 hex digits).
func IsSHA(s string) bool { return sha.MatchString(s) }

// CommitRef splits a reference to a commit written as a URL into the
// repository and the commit id: GitHub's and Bitbucket's
// .../owner/name/commit(s)/SHA, GitLab's .../group/name/-/commit/SHA, any
// host's .../commit/SHA, and REPO@SHA. ok is false for anything else, a
// bare SHA among them.
func CommitRef(s string) (repo, sha string, ok bool) {
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.Scheme != "" && u.Host != "" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i := len(parts) - 2; i >= 1; i-- {
			if (parts[i] == "commit" || parts[i] == "commits") && IsSHA(strings.ToLower(parts[i+1])) {
				path := parts[:i]
				if len(path) > 0 && path[len(path)-1] == "-" {
					path = path[:len(path)-1] // GitLab's /-/commit/
				}
				if len(path) == 0 {
					return "", "", false
				}
				return u.Scheme + "://" + u.Host + "/" + strings.Join(path, "/"), strings.ToLower(parts[i+1]), true
			}
		}
	}
	if i := strings.LastIndex(s, "@"); i > 0 && IsSHA(strings.ToLower(s[i+1:])) && strings.Contains(s[:i], "/") {
		return s[:i], strings.ToLower(s[i+1:]), true
	}
	return "", "", false
}

// Name is the folder name of a repository's clone: "owner+name" for a
// URL with a path of two parts or more (the last two), else the last
// part; ".git" is dropped. A local path is named the same way.
func Name(repoURL string) (string, error) {
	p := repoURL
	if u, err := url.Parse(repoURL); err == nil && u.Scheme != "" && u.Host != "" {
		p = u.Path
	} else if i := strings.Index(repoURL, ":"); i > 0 && !strings.Contains(repoURL[:i], "/") && strings.Contains(repoURL, "@") {
		p = repoURL[i+1:] // git@github.com:owner/name.git
	}
	var parts []string
	for _, s := range strings.Split(strings.Trim(filepath.ToSlash(p), "/"), "/") {
		if s != "" && s != "." && s != ".." {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("repository %q: no name in it", repoURL)
	}
	for i := range parts {
		parts[i] = strings.TrimSuffix(parts[i], ".git")
	}
	if len(parts) >= 2 {
		return parts[len(parts)-2] + "+" + parts[len(parts)-1], nil
	}
	return parts[0], nil
}

// Mirror is the local clone of repoURL in dir, or "": the first of
// <owner>/<name>, <owner>+<name> and <name>, each with or without ".git",
// that git takes for a repository.
func Mirror(dir, repoURL string) string {
	if dir == "" {
		return ""
	}
	n, err := Name(repoURL)
	if err != nil {
		return ""
	}
	owner, name, ok := strings.Cut(n, "+")
	if !ok {
		owner, name = "", n
	}
	var cands []string
	for _, base := range []string{filepath.Join(owner, name), owner + "+" + name, name} {
		if owner == "" && base != name {
			continue
		}
		cands = append(cands, filepath.Join(dir, base), filepath.Join(dir, base+".git"))
	}
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && st.IsDir() && isRepo(c) {
			if abs, err := filepath.Abs(c); err == nil {
				return abs
			}
			return c
		}
	}
	return ""
}

// isRepo says whether dir is a repository itself (bare, or with .git),
// not a folder inside one.
func isRepo(dir string) bool {
	out, err := gitcmd.Run(context.Background(), dir, "rev-parse", "--absolute-git-dir")
	if err != nil {
		return false
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return false
	}
	got := strings.TrimSpace(out)
	if g, err := filepath.EvalSymlinks(got); err == nil {
		got = g
	}
	return got == abs || got == filepath.Join(abs, ".git")
}

// Clone is the folder of repoURL's bare clone in the cache, as an
// absolute path: git runs in other folders than this process.
func (c *Cache) Clone(repoURL string) (string, error) {
	n, err := Name(repoURL)
	if err != nil {
		return "", err
	}
	return filepath.Abs(filepath.Join(c.Dir, n+".git"))
}

// git runs a git command on the clone at dir, and on it alone: were dir
// no repository, git would not look for one in the folders above it.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	return gitcmd.Run(ctx, dir, append([]string{"--git-dir=."}, args...)...)
}

// MissingError is a commit a clone does not hold, or a repository never
// fetched.
type MissingError struct {
	Repo, Commit string
	Fetched      bool // the clone exists; the commit is not in it
}

func (e *MissingError) Error() string {
	if !e.Fetched {
		return fmt.Sprintf("repository %s is not fetched (run perfcon dataset fetch)", e.Repo)
	}
	return fmt.Sprintf("commit %s is not in %s", e.Commit, e.Repo)
}

// Fetch makes sure the cache holds a clone of repoURL with every commit
// of commits: it clones the repository once (from its mirror when there
// is one), and fetches again when a commit is missing. A commit that is
// still missing is a *MissingError.
func (c *Cache) Fetch(ctx context.Context, repoURL string, commits ...string) error {
	dir, err := c.Clone(repoURL)
	if err != nil {
		return err
	}
	src := repoURL
	if m := Mirror(c.Mirrors, repoURL); m != "" {
		src = m
	} else if _, err := os.Stat(src); err == nil {
		src, _ = filepath.Abs(src) // a local repository, named from this process's folder
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		if err := c.clone(ctx, src, dir); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	missing := c.missing(ctx, dir, commits)
	if len(missing) == 0 {
		return nil
	}
	c.logf("repo: fetching %s from %s (%d commits missing)", repoURL, src, len(missing))
	// A mirror or a server that can't give them leaves them missing.
	_, _ = git(ctx, dir, "fetch", "--quiet", src, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
	for _, m := range c.missing(ctx, dir, missing) {
		_, _ = git(ctx, dir, "fetch", "--quiet", src, m)
	}
	if still := c.missing(ctx, dir, missing); len(still) > 0 {
		return &MissingError{Repo: repoURL, Commit: still[0], Fetched: true}
	}
	return nil
}

func (c *Cache) clone(ctx context.Context, src, dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	c.logf("repo: cloning %s", src)
	if _, err := gitcmd.Run(ctx, filepath.Dir(tmp), "clone", "--quiet", "--bare", src, tmp); err != nil {
		return fmt.Errorf("cloning %s: %w", src, err)
	}
	return os.Rename(tmp, dir)
}

func (c *Cache) missing(ctx context.Context, dir string, commits []string) []string {
	var out []string
	for _, s := range commits {
		if _, err := git(ctx, dir, "cat-file", "-e", s+"^{commit}"); err != nil {
			out = append(out, s)
		}
	}
	return out
}

// open is the clone of repoURL, which must hold commit.
func (c *Cache) open(ctx context.Context, repoURL, commit string) (string, error) {
	dir, err := c.Clone(repoURL)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err != nil {
		return "", &MissingError{Repo: repoURL, Commit: commit}
	}
	if len(c.missing(ctx, dir, []string{commit})) > 0 {
		return "", &MissingError{Repo: repoURL, Commit: commit, Fetched: true}
	}
	return dir, nil
}

// Resolve is the full id of commit (a SHA, a prefix of one, or an
// expression such as "<sha>^") in repoURL's clone.
func (c *Cache) Resolve(ctx context.Context, repoURL, commit string) (string, error) {
	dir, err := c.Clone(repoURL)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err != nil {
		return "", &MissingError{Repo: repoURL, Commit: commit}
	}
	out, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", commit+"^{commit}")
	if err != nil {
		return "", &MissingError{Repo: repoURL, Commit: commit, Fetched: true}
	}
	return strings.TrimSpace(out), nil
}

// Show is the file at path in commit.
func (c *Cache) Show(ctx context.Context, repoURL, commit, path string) ([]byte, error) {
	dir, err := c.open(ctx, repoURL, commit)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, dir, "show", commit+":"+filepath.ToSlash(path))
	if err != nil {
		return nil, fmt.Errorf("%s has no file %s at %s", repoURL, path, commit)
	}
	return []byte(out), nil
}

// Message is commit's message.
func (c *Cache) Message(ctx context.Context, repoURL, commit string) (string, error) {
	dir, err := c.open(ctx, repoURL, commit)
	if err != nil {
		return "", err
	}
	return git(ctx, dir, "log", "-1", "--format=%B", commit)
}

// Tree is a folder holding the files of commit (a SHA, or an expression
// such as "<sha>^"), made once; it must not be written.
//
// A full SHA whose tree is there already asks nothing of git: every build
// of a repository task's program looks its tree up.
func (c *Cache) Tree(ctx context.Context, repoURL, commit string) (string, error) {
	root, err := filepath.Abs(filepath.Join(c.Dir, "trees"))
	if err != nil {
		return "", err
	}
	if len(commit) == 40 && IsSHA(commit) {
		if _, err := os.Stat(filepath.Join(root, commit)); err == nil {
			return filepath.Join(root, commit), nil
		}
	}
	full, err := c.Resolve(ctx, repoURL, commit)
	if err != nil {
		return "", err
	}
	dir, err := c.Clone(repoURL)
	if err != nil {
		return "", err
	}
	tree := filepath.Join(root, full)
	if _, err := os.Stat(tree); err == nil {
		return tree, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(root, full+".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := c.unpack(ctx, dir, full, tmp); err != nil {
		return "", fmt.Errorf("taking out %s of %s: %w", full, repoURL, err)
	}
	if err := os.Rename(tmp, tree); err != nil {
		if _, serr := os.Stat(tree); serr == nil {
			return tree, nil // another process made it first
		}
		return "", err
	}
	return tree, nil
}

func (c *Cache) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, format+"\n", args...)
	}
}

// GoModules downloads the dependencies of the Go module at the root of
// tree (a Tree) into the cache's module cache, once per go.sum, and
// returns that cache's folder: builds read it with GOPROXY=off. The
// download uses the Go proxy of this environment; a module without
// dependencies needs none.
func (c *Cache) GoModules(ctx context.Context, tree string) (string, error) {
	mods, err := filepath.Abs(filepath.Join(c.Dir, "gomod"))
	if err != nil {
		return "", err
	}
	gomod, err := os.ReadFile(filepath.Join(tree, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("%s has no go.mod at its root", tree)
	}
	gosum, err := os.ReadFile(filepath.Join(tree, "go.sum"))
	if errors.Is(err, os.ErrNotExist) {
		return mods, nil // nothing but the standard library
	} else if err != nil {
		return "", err
	}
	h := sha256.Sum256(append(append(gomod, 0), gosum...))
	done := filepath.Join(mods, "perfcon-downloaded", hex.EncodeToString(h[:8]))
	if _, err := os.Stat(done); err == nil {
		return mods, nil
	}
	// go mod download reads go.mod and go.sum only; it runs on copies, so
	// the tree is never written.
	tmp, err := os.MkdirTemp("", "perfcon-gomod-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for name, b := range map[string][]byte{"go.mod": gomod, "go.sum": gosum} {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return "", err
		}
	}
	c.logf("repo: downloading the Go modules %s needs", tree)
	cmd := exec.CommandContext(ctx, "go", "mod", "download")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOMODCACHE="+mods, "GOFLAGS=-mod=mod -modcacherw", "GOWORK=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("downloading the Go modules of %s: %v: %s", tree, err, strings.TrimSpace(string(out)))
	}
	if err := os.MkdirAll(filepath.Dir(done), 0o755); err != nil {
		return "", err
	}
	return mods, os.WriteFile(done, nil, 0o644)
}

// MissingFiles names, in a tree, the files its clone lacked (a partial
// clone or mirror that left its largest files out): one path a line.
const MissingFiles = ".perfcon-missing"

// unpack writes the files of commit into dir, from the clone at git:
// every blob, with its mode; a link as a link. A blob the clone lacks is
// left out and listed in MissingFiles, so that a clone without its
// largest test files still gives the sources a build needs.
func (c *Cache) unpack(ctx context.Context, clone, commit, dir string) error {
	list, err := git(ctx, clone, "ls-tree", "-r", "-z", "--full-tree", commit)
	if err != nil {
		return fmt.Errorf("git ls-tree: %w", err)
	}
	blobs, err := gitcmd.OpenBlobs(ctx, clone)
	if err != nil {
		return err
	}
	defer blobs.Close()
	var missing []string
	for _, rec := range strings.Split(list, "\x00") {
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" {
			continue // a submodule's commit, or the end
		}
		body, err := blobs.Read(f[2])
		if errors.Is(err, gitcmd.ErrMissing) {
			missing = append(missing, path)
			continue
		} else if err != nil {
			return err
		}
		if err := writeEntry(dir, path, f[0], body); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		c.logf("repo: %s: %d files are not in the clone, left out (%s, ...)", commit[:12], len(missing), missing[0])
		return os.WriteFile(filepath.Join(dir, MissingFiles), []byte(strings.Join(missing, "\n")+"\n"), 0o644)
	}
	return nil
}

// writeEntry writes one file of a tree: a link for mode 120000, an
// executable for 100755.
func writeEntry(dir, path, mode string, body []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(path))
	if rel, err := filepath.Rel(dir, p); err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("a path that leaves the tree: %q", path)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	switch mode {
	case "120000":
		return os.Symlink(string(body), p)
	case "100755":
		return os.WriteFile(p, body, 0o755)
	}
	return os.WriteFile(p, body, 0o644)
}
