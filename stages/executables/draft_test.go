package executables

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/repo/repotest"
	"github.com/perfcon/perfcon/internal/table"
)

// Functions cut from a repository: both call wrap, which the repository
// defines elsewhere, so a harness must bring a stand-in in its prelude.
const (
	cutLoop   = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return wrap([s])\n"
	cutClosed = "def total(n):\n    return wrap([n * (n - 1) // 2])\n"
	// cutTuple is as fast, but gives a tuple where code before gives a
	// list: a harness that prints repr tells them apart.
	cutTuple  = "def total(n):\n    return wrap((n * (n - 1) // 2,))\n"
	stub      = "def wrap(x):\n    return x\n"
	goodHarn  = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nout = []\nfor i in range(n):\n    x = scale + seed + i\n    out.append(x if sys.argv[4:] else list(total(x)))\nprint(out)\n"
	reprHarn  = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nout = []\nfor i in range(n):\n    x = scale + seed + i\n    out.append(x if sys.argv[4:] else total(x))\nprint(repr(out))\n"
	fixedHarn = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nout = []\nfor i in range(n):\n    x = 5 + seed + i\n    out.append(x if sys.argv[4:] else list(total(x)))\nprint(out)\n"
)

// answer is a draft answer in the form the prompt asks for.
func answer(prelude, harness string) string {
	return "The function needs wrap.\n\nScale: 10_000\nStubs: wrap\n\n```python prelude\n" + prelude +
		"```\n\n```python harness\n" + harness + "```\n"
}

// The scripted model, by the file each commit changed: a sound draft;
// one that never builds; one whose before and after print different
// digests; one that ignores its scale; and one that prints repr, is told
// the digests differ, and prints a list on its second attempt.
var drafted = []struct {
	file, after string
	first, fix  string // answers to the first prompt and to a fix prompt
	attempts    int
	want        string // the last attempt's validation_reason holds this; empty: passed
}{
	{"good.py", cutClosed, answer(stub, goodHarn), "", 1, ""},
	{"nobuild.py", cutClosed, answer(stub, "import sys\nfrom solution import total\nfor _ in range(int(sys.argv[1]):\n    pass\n"),
		answer(stub, "import sys\nfrom solution import total\nprint(total(int(sys.argv[2]))\n"), 2, "code before does not build"},
	{"digest.py", cutTuple, answer(stub, reprHarn), answer(stub, reprHarn), 2, "digests differ"},
	{"noscale.py", cutClosed, answer(stub, fixedHarn), answer(stub, fixedHarn), 2, "does the harness use its scale"},
	{"fixed.py", cutTuple, answer(stub, reprHarn), answer(stub, goodHarn), 2, ""},
}

// draftProfile runs code before long enough that the interpreter's start
// is a small part of a run, and sizes the scale at a cost no noise
// reaches, so a harness that ignores its scale is told on a busy machine.
var draftProfile = func() measure.Profile {
	p := testProfile
	p.MinTime, p.ScaleTime = 200*time.Millisecond, 40*time.Millisecond
	return p
}()

func TestDraft(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	var commits []table.Commit
	for _, d := range drafted {
		commits = append(commits, table.Commit{TaskID: strings.TrimSuffix(d.file, ".py"), Source: table.SourceMined,
			Language: "python", Category: "inefficient_algorithm", CommitMessage: "Sum in closed form", FilePath: d.file,
			Symbol: "total", CodeBefore: cutLoop, CodeAfter: d.after})
	}
	commitsPath := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(commitsPath, commits); err != nil {
		t.Fatal(err)
	}

	srv := llmtest.New(t)
	var mu sync.Mutex
	fixPrompts := map[string]string{} // file -> the fix prompt it was sent
	srv.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		for _, d := range drafted {
			if strings.Contains(req.Last(), "A commit to "+d.file+" ") {
				if strings.Contains(req.Last(), "They failed validation") {
					mu.Lock()
					fixPrompts[d.file] = req.Last()
					mu.Unlock()
					return llmtest.Reply{Content: d.fix}
				}
				return llmtest.Reply{Content: d.first}
			}
		}
		return llmtest.Reply{Status: 500}
	}
	model, err := llm.Open(llm.Config{Name: "drafter", BaseURL: srv.BaseURL(), Model: "drafter", Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	opts := DraftOptions{Commits: commitsPath, Executables: filepath.Join(dir, "executables.parquet"),
		Drafts: filepath.Join(dir, "drafts.parquet"), Reviews: filepath.Join(dir, "reviews.parquet"),
		Model: model, Cache: &llm.Cache{Dir: filepath.Join(dir, "llm")}, Attempts: 2,
		Validate: ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: draftProfile, CacheDir: filepath.Join(dir, "builds"), CPU: -1}}}
	sum, err := Draft(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 2 || sum.Tasks != 5 || sum.Attempts != 9 {
		t.Errorf("summary %s: want 2 of 5 tasks validated in 9 attempts", sum)
	}

	drafts, err := table.ReadFile[table.Draft](opts.Drafts)
	if err != nil {
		t.Fatal(err)
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drafted {
		id := strings.TrimSuffix(d.file, ".py")
		var rows []table.Draft
		for _, r := range drafts {
			if r.TaskID == id {
				rows = append(rows, r)
			}
		}
		if len(rows) != d.attempts {
			t.Errorf("%s: %d attempts, want %d: %+v", id, len(rows), d.attempts, rows)
			continue
		}
		for i, r := range rows {
			if int(r.Attempt) != i+1 || r.Origin != "llm:drafter" || r.RawResponse == "" || !slices.Equal(r.Stubs, []string{"wrap"}) ||
				r.Prelude != stub {
				t.Errorf("%s attempt %d: %+v", id, i+1, r)
			}
		}
		last := rows[len(rows)-1]
		if d.want == "" && last.Validation != table.ValidationPassed {
			t.Errorf("%s: want passed, got %s: %s", id, last.Validation, last.ValidationReason)
		}
		if d.want != "" && (last.Validation != table.ValidationFailed || !strings.Contains(last.ValidationReason, d.want)) {
			t.Errorf("%s: want failed with %q, got %s: %s", id, d.want, last.Validation, last.ValidationReason)
		}
		// The fix prompt carries the failure of the attempt before.
		if d.attempts > 1 && !strings.Contains(fixPrompts[d.file], rows[0].ValidationReason[:20]) {
			t.Errorf("%s: the second prompt does not say why the first failed (%q)", id, rows[0].ValidationReason)
		}
		i := slices.IndexFunc(execs, func(e table.Executable) bool { return e.TaskID == id })
		if i < 0 {
			t.Errorf("%s: no executables row", id)
			continue
		}
		e := execs[i]
		if e.ReviewStatus != table.ReviewPending || e.Validation != last.Validation || e.Harness != last.Harness ||
			e.Prelude != stub || e.Origin != "llm:drafter" {
			t.Errorf("%s: executable %+v does not follow its last draft", id, e)
		}
	}

	// Nothing is left to ask: every task passed or spent its attempts.
	asked := srv.Requests()
	if _, err := Draft(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if srv.Requests() != asked {
		t.Errorf("a rerun asked %d more calls", srv.Requests()-asked)
	}

	// A failed draft can't be approved, so it never reaches measurement;
	// a passed one can.
	err = Review(ReviewOptions{Executables: opts.Executables, Reviews: opts.Reviews, Approve: []string{"digest"}, Reviewer: "r"})
	if err == nil || !strings.Contains(err.Error(), "only a validated harness can be approved") {
		t.Errorf("approving a failed draft: %v", err)
	}
	if err := Review(ReviewOptions{Executables: opts.Executables, Reviews: opts.Reviews, Approve: []string{"fixed"}, Reviewer: "r"}); err != nil {
		t.Fatal(err)
	}

	// make rebuilds the executables table from the task set and the
	// drafts: the approved draft keeps its decision.
	rebuilt := filepath.Join(dir, "rebuilt.parquet")
	if err := Run(context.Background(), Options{Dataset: writeEmptyTaskSet(t, dir), Commits: commitsPath, Drafts: opts.Drafts, Reviews: opts.Reviews, Out: rebuilt}); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](rebuilt)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, e := range rows {
		status[e.TaskID] = e.ReviewStatus
	}
	if len(rows) != 5 || status["fixed"] != table.ReviewApproved || status["digest"] != table.ReviewPending {
		t.Errorf("rebuilt table: %v", status)
	}
}

// writeEmptyTaskSet writes a task set with one task none of the commits
// is.
func writeEmptyTaskSet(t *testing.T, dir string) string {
	t.Helper()
	set := filepath.Join(dir, "set", "py-other")
	if err := os.MkdirAll(set, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"task.toml":   "language = \"python\"\ncategory = \"inefficient_algorithm\"\nsymbol = \"total\"\nscale = 10\n",
		"message.txt": "x\n", "before.py": cutLoop, "after.py": cutClosed, "harness.py": goodHarn,
	} {
		if err := os.WriteFile(filepath.Join(set, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Dir(set)
}

// With the repository at hand, the prompt shows the changed file as it
// was before the commit: its imports and helpers; a commit of another
// repository is drafted without.
func TestDraftShowsTheFileBefore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	repo := filepath.Join(dir, "geometry")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=a", "-c", "user.email=a@b", "-c", "commit.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if err := os.MkdirAll(repo, 0o755); err != nil {
		t.Fatal(err)
	}
	git("init", "-q")
	before := "def area(r):\n    return math.pi * r ** 2\n"
	file := "import math\n\nUNIT = 'cm'\n\n\n" + before
	if err := os.WriteFile(filepath.Join(repo, "geo.py"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	git("commit", "-q", "-m", "first")
	parent := git("rev-parse", "HEAD")

	commits := []table.Commit{
		{TaskID: "geo-area", Source: table.SourceMined, Repo: "geometry", ParentSHA: parent, Language: "python",
			Category: "micro_architectural", CommitMessage: "Square by multiplying", FilePath: "geo.py", Symbol: "area",
			CodeBefore: before, CodeAfter: "def area(r):\n    return math.pi * r * r\n"},
		{TaskID: "other", Source: table.SourceMined, Repo: "elsewhere", ParentSHA: parent, Language: "python",
			Category: "micro_architectural", CommitMessage: "x", FilePath: "geo.py", Symbol: "area",
			CodeBefore: before, CodeAfter: "def area(r):\n    return 3 * r * r\n"},
	}
	commitsPath := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(commitsPath, commits); err != nil {
		t.Fatal(err)
	}
	srv := llmtest.New(t)
	var mu sync.Mutex
	prompts := map[string]string{}
	srv.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range commits {
			if strings.Contains(req.Last(), c.CodeAfter) {
				prompts[c.TaskID] = req.Last()
			}
		}
		return llmtest.Reply{Content: "I can't."}
	}
	model, err := llm.Open(llm.Config{Name: "drafter", BaseURL: srv.BaseURL(), Model: "drafter"})
	if err != nil {
		t.Fatal(err)
	}
	opts := DraftOptions{Commits: commitsPath, Executables: filepath.Join(dir, "executables.parquet"),
		Drafts: filepath.Join(dir, "drafts.parquet"), Model: model, Attempts: 1, Repos: []string{repo},
		Validate: ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: draftProfile, CacheDir: filepath.Join(dir, "builds"), CPU: -1}}}
	if _, err := Draft(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if p := prompts["geo-area"]; !strings.Contains(p, "The file geo.py before the change") || !strings.Contains(p, "import math\n\nUNIT = 'cm'") {
		t.Errorf("the prompt does not show the file before the change:\n%s", p)
	}
	if p := prompts["other"]; p == "" || strings.Contains(p, "before the change, for the imports") {
		t.Errorf("a commit of a repository not at hand: %q", p)
	}
	drafts, err := table.ReadFile[table.Draft](opts.Drafts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drafts {
		if d.Validation != table.ValidationFailed || !strings.Contains(d.ValidationReason, "no harness") {
			t.Errorf("an answer with no harness: %+v", d)
		}
	}
}

// Drafting a mined commit as a repository task: the prompt shows the
// function in its file and the import that reaches it, the model answers
// with a harness alone (its first one forgets the contract's SEED and is
// sent back), and the passing draft's executable runs in the
// repository's tree.
func TestDraftRepositoryTask(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	root := t.TempDir()
	up := repotest.New(t, filepath.Join(root, "up", "tally"))
	before := "class Tally:\n    def __init__(self, xs):\n        self.xs = xs\n\n    def repeats(self):\n        n = 0\n        for i, x in enumerate(self.xs):\n            if x in self.xs[:i]:\n                n += 1\n        return n\n"
	after := "class Tally:\n    def __init__(self, xs):\n        self.xs = xs\n\n    def repeats(self):\n        return len(self.xs) - len(set(self.xs))\n"
	parent := up.Commit("first", map[string]string{"src/tally/__init__.py": "\n", "src/tally/core.py": before})
	sha := up.Commit("Count repeats with a set", map[string]string{"src/tally/core.py": after})
	commitsPath := filepath.Join(root, "commits.parquet")
	if err := table.WriteFile(commitsPath, []table.Commit{{TaskID: "tally-repeats", Source: table.SourceMined, Language: "python",
		Category: "inefficient_algorithm", CommitMessage: "Count repeats with a set", FilePath: "src/tally/core.py",
		Symbol: "Tally.repeats", CommitSHA: sha, ParentSHA: parent,
		CodeBefore: "def repeats(self):\n    ...\n", CodeAfter: "def repeats(self):\n    return len(self.xs) - len(set(self.xs))\n"}}); err != nil {
		t.Fatal(err)
	}
	harness := func(seeded bool) string {
		x := "7"
		if seeded {
			x = "seed + i"
		}
		return "import sys\nfrom tally.core import Tally\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\n" +
			"base = [(k * 7919) % (scale // 2 + 1) for k in range(scale)]\nd = 0\nfor i in range(n):\n" +
			"    xs = base[:scale - (" + x + ") % 5]\n    r = len(xs) if sys.argv[4:] else Tally(xs).repeats()\n    d = (d * 31 + r) % (1 << 61)\nprint(d)\n"
	}
	var mu sync.Mutex
	var prompts []string
	srv := llmtest.New(t)
	srv.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		mu.Lock()
		prompts = append(prompts, req.Last())
		mu.Unlock()
		h := harness(strings.Contains(req.Last(), "It failed validation"))
		return llmtest.Reply{Content: "Scale: 200\n\n```python harness\n" + h + "```\n"}
	}
	model, err := llm.Open(llm.Config{Name: "drafter", BaseURL: srv.BaseURL(), Model: "drafter"})
	if err != nil {
		t.Fatal(err)
	}
	opts := DraftOptions{Commits: commitsPath, Executables: filepath.Join(root, "executables.parquet"),
		Drafts: filepath.Join(root, "drafts.parquet"), Model: model, Cache: &llm.Cache{Dir: filepath.Join(root, "llm")},
		Attempts: 2, Repository: up.Dir, RepoCache: &repo.Cache{Dir: filepath.Join(root, "repos")},
		Validate: ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(root, "builds"), CPU: -1}}}
	sum, err := Draft(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 1 || sum.Attempts != 2 {
		t.Errorf("summary %s: want the task passed on its second attempt", sum)
	}
	if len(prompts) != 2 || !strings.Contains(prompts[0], "from tally.core import Tally") || !strings.Contains(prompts[0], "class Tally:") ||
		!strings.Contains(prompts[0], "<<< the function to rewrite goes here >>>") || strings.Contains(prompts[0], "prelude") {
		t.Fatalf("prompts: %q", prompts)
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		t.Fatal(err)
	}
	if len(execs) != 1 || execs[0].RepoURL != up.Dir || execs[0].PythonPath != "src" || execs[0].Prelude != "" ||
		execs[0].Validation != table.ValidationPassed || execs[0].ReviewStatus != table.ReviewPending {
		t.Errorf("executables: %+v", execs)
	}
}
