package gitlog

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	gitcmd "github.com/perfcon/perfcon/internal/git"
)

// repo is a git repository made in a test.
type repo struct {
	t   *testing.T
	dir string
	n   int // commits made, for distinct times
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=A U Thor", "GIT_AUTHOR_EMAIL=a@example.com",
		"GIT_COMMITTER_NAME=A U Thor", "GIT_COMMITTER_EMAIL=a@example.com", "GIT_CONFIG_NOSYSTEM=1", "HOME="+r.dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *repo) write(name, contents string) {
	r.t.Helper()
	p := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(contents), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// commit commits everything with the message at a fixed time, one day
// after the last, and returns its id.
func (r *repo) commit(msg string) string {
	r.t.Helper()
	r.n++
	date := "2024-01-" + twoDigits(r.n) + "T12:00:00Z"
	r.git("add", "-A")
	cmd := []string{"-c", "user.name=A U Thor", "-c", "user.email=a@example.com", "commit", "-q", "--allow-empty", "-m", msg, "--date", date}
	os.Setenv("GIT_COMMITTER_DATE", date)
	defer os.Unsetenv("GIT_COMMITTER_DATE")
	r.git(cmd...)
	return r.git("rev-parse", "HEAD")
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func walkAll(t *testing.T, dir string, o Options) []Commit {
	t.Helper()
	w, err := Walk(context.Background(), dir, o)
	if err != nil {
		t.Fatal(err)
	}
	var cs []Commit
	for w.Next() {
		cs = append(cs, w.Commit())
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestWalk(t *testing.T) {
	r := newRepo(t)
	r.write("a.py", "def f():\n    return 1\n")
	r.write("img.bin", "\x00\x01\x02")
	first := r.commit("first\n\nwith a body line")
	r.git("mv", "a.py", "b.py")
	renamed := r.commit("rename a to b")
	r.write("b.py", "def f():\n    return 2\n")
	r.write("dir with space/ünï.go", "package x\n")
	os.Remove(filepath.Join(r.dir, "img.bin"))
	third := r.commit("change b, add a go file,\nremove the binary")
	r.git("checkout", "-q", "-b", "side", first)
	r.write("c.py", "x = 1\n")
	side := r.commit("side")
	r.git("checkout", "-q", "main")
	r.git("-c", "user.name=A", "-c", "user.email=a@b", "merge", "-q", "--no-ff", "-m", "merge side", "side")
	merge := r.git("rev-parse", "HEAD")

	cs := walkAll(t, r.dir, Options{})
	var got []string
	for _, c := range cs {
		got = append(got, c.SHA)
	}
	// Newest first; the side commit is older than third by date but
	// reachable only through the merge.
	if len(cs) != 5 || cs[0].SHA != merge || !cs[0].Merge() || len(cs[0].Files) != 0 {
		t.Fatalf("walk: %d commits %v, want the merge first with no files", len(cs), got)
	}
	bySHA := map[string]Commit{}
	for _, c := range cs {
		bySHA[c.SHA] = c
	}
	if c := bySHA[first]; c.Message != "first\n\nwith a body line\n" || c.Subject() != "first" || c.Parent() != "" ||
		c.Author != "A U Thor <a@example.com>" || c.CommitTime.Format("2006-01-02") != "2024-01-01" {
		t.Errorf("first commit: %+v", c)
	}
	if c := bySHA[renamed]; len(c.Files) != 1 || c.Files[0].Status != 'R' || c.Files[0].Similarity != 100 ||
		c.Files[0].OldPath != "a.py" || c.Files[0].Path != "b.py" || c.Files[0].OldBlob != c.Files[0].NewBlob {
		t.Errorf("rename: %+v", c.Files)
	}
	c := bySHA[third]
	files := map[string]File{}
	for _, f := range c.Files {
		files[f.Path] = f
	}
	if f := files["b.py"]; f.Status != 'M' || f.OldBlob == "" || f.NewBlob == "" || f.OldBlob == f.NewBlob {
		t.Errorf("modified b.py: %+v", f)
	}
	if f := files["dir with space/ünï.go"]; f.Status != 'A' || f.OldBlob != "" || f.NewBlob == "" || f.OldPath != "" {
		t.Errorf("added file with a space and non-ASCII name: %+v (all: %+v)", f, c.Files)
	}
	if f := files["img.bin"]; f.Status != 'D' || f.NewBlob != "" || f.OldBlob == "" {
		t.Errorf("deleted binary: %+v", f)
	}
	if c := bySHA[side]; len(c.Parents) != 1 || c.Parents[0] != first {
		t.Errorf("side commit parents %v, want %s", c.Parents, first)
	}

	// A range, and the dates.
	if cs := walkAll(t, r.dir, Options{Rev: renamed + ".." + third}); len(cs) != 1 || cs[0].SHA != third {
		t.Errorf("range: %d commits", len(cs))
	}
	if cs := walkAll(t, r.dir, Options{Since: "2024-01-02T00:00:00Z", Until: "2024-01-03T23:00:00Z"}); len(cs) != 2 {
		t.Errorf("since/until: %d commits, want 2", len(cs))
	}
	if n, err := Count(context.Background(), r.dir, Options{}); err != nil || n != 4 {
		t.Errorf("Count = %d, %v; want 4 non-merge commits", n, err)
	}

	// Blobs read what the walk points at.
	b, err := gitcmd.OpenBlobs(context.Background(), r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, tc := range []struct{ id, want string }{
		{files["b.py"].OldBlob, "def f():\n    return 1\n"},
		{files["b.py"].NewBlob, "def f():\n    return 2\n"},
		{files["img.bin"].OldBlob, "\x00\x01\x02"},
	} {
		got, err := b.Read(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, string(got)); diff != "" {
			t.Errorf("blob %s (-want +got):\n%s", tc.id, diff)
		}
	}
	if _, err := b.Read(strings.Repeat("1", 40)); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing object: %v", err)
	}
	// The reader goes on after a missing object.
	if got, err := b.Read(files["b.py"].NewBlob); err != nil || string(got) != "def f():\n    return 2\n" {
		t.Errorf("after a missing object: %q, %v", got, err)
	}
}

func TestWalkBareAndErrors(t *testing.T) {
	r := newRepo(t)
	r.write("x.go", "package x\n")
	r.commit("one")
	bare := filepath.Join(t.TempDir(), "mirror.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", r.dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if cs := walkAll(t, bare, Options{}); len(cs) != 1 || len(cs[0].Files) != 1 {
		t.Errorf("bare clone: %+v", cs)
	}
	ctx := context.Background()
	if _, err := Walk(ctx, t.TempDir(), Options{}); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("a folder that is no repository: %v", err)
	}
	w, err := Walk(ctx, r.dir, Options{Rev: "no-such-branch"})
	if err == nil {
		for w.Next() {
		}
		err = w.Err()
	}
	if err == nil || !strings.Contains(err.Error(), "no-such-branch") {
		t.Errorf("an unknown revision: %v", err)
	}
	if _, err := Walk(ctx, r.dir, Options{Rev: "--output=/tmp/x"}); err == nil {
		t.Error("a revision that is an option was taken")
	}
	// A new repository has no commits, which is no error.
	empty := newRepo(t)
	if n, err := Count(ctx, empty.dir, Options{}); err != nil || n != 0 {
		t.Errorf("Count of a new repository = %d, %v", n, err)
	}
	if cs := walkAll(t, empty.dir, Options{}); len(cs) != 0 {
		t.Errorf("walk of a new repository: %d commits", len(cs))
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"https://github.com/valyala/fasthttp.git", "github.com/valyala/fasthttp"},
		{"git@github.com:fmtlib/fmt.git", "github.com/fmtlib/fmt"},
		{"ssh://git@gitlab.example.com:2222/group/sub/proj.git", "gitlab.example.com/group/sub/proj"},
		{"https://user:token@github.com/a/b", "github.com/a/b"},
		{"/home/me/src/proj", ""},
		{"file:///srv/git/proj.git", ""},
		{"../proj", ""},
	} {
		if got := RemoteName(tc.url); got != tc.want {
			t.Errorf("RemoteName(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
	r := newRepo(t)
	if got := Name(context.Background(), r.dir); got != filepath.Base(r.dir) {
		t.Errorf("Name without a remote = %q, want the folder's name", got)
	}
	// A folder inside the work tree names the repository, not itself.
	r.write("sub/x.go", "package x\n")
	if got := Name(context.Background(), filepath.Join(r.dir, "sub")); got != filepath.Base(r.dir) {
		t.Errorf("Name of a folder inside = %q, want the work tree's name", got)
	}
	bare := filepath.Join(t.TempDir(), "mirror.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", bare).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := Name(context.Background(), bare); got != "mirror" {
		t.Errorf("Name of a bare repository = %q, want mirror", got)
	}
	// A clone in a folder whose name is generic is named by the folder
	// above it.
	kept := filepath.Join(t.TempDir(), "acme+widgets", "repo")
	if out, err := exec.Command("git", "init", "-q", "--bare", kept).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got := Name(context.Background(), kept); got != "acme+widgets" {
		t.Errorf("Name of a bare repository in .../acme+widgets/repo = %q, want acme+widgets", got)
	}
	r.git("remote", "add", "origin", "https://github.com/acme/widgets.git")
	if got := Name(context.Background(), r.dir); got != "github.com/acme/widgets" {
		t.Errorf("Name = %q", got)
	}
}
