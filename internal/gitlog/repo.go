package gitlog

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"

	gitcmd "github.com/perfcon/perfcon/internal/git"
)

// ErrNoGit is returned when the git command is not installed.
var ErrNoGit = errors.New("the git command is not installed (perfcon reads history through it)")

// Check reports whether dir is a git repository git can read.
func Check(ctx context.Context, dir string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return ErrNoGit
	}
	if _, err := git(ctx, dir, "rev-parse", "--git-dir"); err != nil {
		return fmt.Errorf("%s: not a git repository: %w", dir, err)
	}
	return nil
}

// git runs a git command in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	return gitcmd.Run(ctx, dir, args...)
}

// Count is the number of non-merge commits a walk with o would read.
func Count(ctx context.Context, dir string, o Options) (int, error) {
	if len(o.Commits) > 0 {
		return len(o.Commits), nil
	}
	rev := o.Rev
	if rev == "" {
		if !hasCommits(ctx, dir) {
			return 0, nil
		}
		rev = "HEAD"
	}
	if strings.HasPrefix(rev, "-") {
		return 0, fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	args := []string{"rev-list", "--count", "--no-merges"}
	if o.Since != "" {
		args = append(args, "--since="+o.Since)
	}
	if o.Until != "" {
		args = append(args, "--until="+o.Until)
	}
	args = append(args, rev, "--")
	out, err := git(ctx, dir, append(args, o.Paths...)...)
	if err != nil {
		return 0, err
	}
	var n int
	_, err = fmt.Sscan(out, &n)
	return n, err
}

// Name is what a repository is called in tables: its origin's address
// without scheme, credentials and ".git" ("github.com/owner/name"), or,
// without a remote one, the folder's name.
func Name(ctx context.Context, dir string) string {
	if u, err := git(ctx, dir, "config", "--get", "remote.origin.url"); err == nil {
		if n := RemoteName(strings.TrimSpace(u)); n != "" {
			return n
		}
	}
	// The top of the work tree, or the repository itself when bare: a
	// folder inside a work tree is not the repository's name.
	top, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil || strings.TrimSpace(top) == "" {
		top, err = git(ctx, dir, "rev-parse", "--absolute-git-dir")
	}
	abs := strings.TrimSpace(top)
	if err != nil || abs == "" {
		if abs, err = filepath.Abs(dir); err != nil {
			abs = dir
		}
	}
	// A generic folder name (a clone kept as .../owner+name/repo, or
	// project/.git) names nothing: the folder above it does.
	for abs != "/" && abs != "." && generic[strings.ToLower(strings.TrimSuffix(filepath.Base(abs), ".git"))] {
		abs = filepath.Dir(abs)
	}
	return strings.TrimSuffix(filepath.Base(abs), ".git")
}

// generic are folder names that say a folder holds a repository, not
// which one.
var generic = map[string]bool{"": true, "repo": true, "repos": true, "repository": true, "git": true, "clone": true,
	"src": true, "source": true, "code": true, "checkout": true, "work": true, "bare": true}

// RemoteName turns a remote address into host/path, or "" for a local
// path, which names nothing another machine knows.
func RemoteName(u string) string {
	if host, path, ok := strings.Cut(u, ":"); ok && !strings.Contains(u, "://") && !strings.Contains(host, "/") && len(host) > 1 {
		// scp-like: [user@]host:path
		if i := strings.LastIndex(host, "@"); i >= 0 {
			host = host[i+1:]
		}
		return host + "/" + strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	}
	p, err := url.Parse(u)
	if err != nil || p.Host == "" || p.Scheme == "file" {
		return ""
	}
	return p.Hostname() + "/" + strings.TrimSuffix(strings.Trim(p.Path, "/"), ".git")
}

// hasCommits reports whether HEAD names a commit: a new repository's
// branch has none yet.
func hasCommits(ctx context.Context, dir string) bool {
	_, err := git(ctx, dir, "rev-parse", "--verify", "-q", "HEAD^{commit}")
	return err == nil
}
