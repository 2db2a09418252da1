// Package repotest makes real git repositories for tests: a history of
// commits, each given as the files it writes.
package repotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Repo is a git repository in a test's folder.
type Repo struct {
	Dir string
	t   testing.TB
	n   int
}

// New makes an empty repository at dir; the test is skipped without git.
func New(t testing.TB, dir string) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := &Repo{Dir: dir, t: t}
	r.Git("init", "-q", "-b", "main")
	return r
}

// Git runs git in the repository, with a fixed author, and a date one day
// later for each commit made (the next commit's: 2024-02-02 for the
// first).
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	date := fmt.Sprintf("2024-02-%02dT10:00:00Z", r.n%27+1)
	cmd := exec.Command("git", append([]string{"-C", r.Dir, "-c", "user.name=Dev", "-c", "user.email=dev@example.com"}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.Dir, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// Write writes name/contents pairs into the work tree; "" contents
// removes the file.
func (r *Repo) Write(kv ...string) {
	r.t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		p := filepath.Join(r.Dir, kv[i])
		if kv[i+1] == "" {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(kv[i+1]), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// Commit writes files (name to contents; "" removes the file), commits
// every change of the work tree with message and returns the commit's id.
func (r *Repo) Commit(message string, files map[string]string) string {
	r.t.Helper()
	for name, body := range files {
		r.Write(name, body)
	}
	r.n++
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", message)
	return r.Git("rev-parse", "HEAD")
}
