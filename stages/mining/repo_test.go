package mining

import (
	"testing"

	"github.com/perfcon/perfcon/internal/repo/repotest"
)

// gitRepo is a git repository a test builds commit by commit.
type gitRepo struct {
	*repotest.Repo
	dir string
}

func newGitRepo(t *testing.T, dir string) *gitRepo {
	t.Helper()
	r := repotest.New(t, dir)
	return &gitRepo{r, r.Dir}
}

func (r *gitRepo) git(args ...string) string { return r.Git(args...) }

// files writes name/contents pairs; "" contents removes the file.
func (r *gitRepo) files(kv ...string) { r.Write(kv...) }

// commit commits all changes and returns the commit's id.
func (r *gitRepo) commit(msg string) string { return r.Commit(msg, nil) }
