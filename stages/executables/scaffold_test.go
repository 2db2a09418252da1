package executables

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/repo/repotest"
	"github.com/perfcon/perfcon/internal/table"
	commitsstage "github.com/perfcon/perfcon/stages/commits"
)

// A person scaffolds a harness folder, hands it in untouched (it fails:
// the skeleton's workload is not the function's), fills it in, and hands
// it in again: the second attempt passes and is the task's executable,
// pending review.
func TestScaffoldByHand(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	commitsPath := filepath.Join(dir, "commits.parquet")
	err := table.WriteFile(commitsPath, []table.Commit{{TaskID: "hand-sum", Source: table.SourceMined, Language: "python",
		Category: "inefficient_algorithm", CommitMessage: "Sum in closed form", FilePath: "sum.py", Symbol: "total",
		CodeBefore: cutLoop, CodeAfter: cutClosed}})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "harnesses")
	if err := Scaffold(ScaffoldOptions{Commits: commitsPath, Tasks: []string{"hand-sum"}, Out: out}); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(out, "hand-sum")
	for _, f := range []string{"harness.toml", "message.txt", "before.py", "after.py", "prelude.py", "harness.py"} {
		if _, err := os.Stat(filepath.Join(folder, f)); err != nil {
			t.Errorf("scaffold wrote no %s: %v", f, err)
		}
	}
	if err := Scaffold(ScaffoldOptions{Commits: commitsPath, Tasks: []string{"hand-sum"}, Out: out}); err == nil ||
		!strings.Contains(err.Error(), "exists already") {
		t.Errorf("a second scaffold over the folder: %v", err)
	}
	if err := Scaffold(ScaffoldOptions{Commits: commitsPath, Tasks: []string{"nope"}, Out: out}); err == nil ||
		!strings.Contains(err.Error(), "no commit nope") {
		t.Errorf("scaffolding an unknown task: %v", err)
	}

	opts := DraftOptions{Commits: commitsPath, Executables: filepath.Join(dir, "executables.parquet"),
		Drafts: filepath.Join(dir, "drafts.parquet"), Reviews: filepath.Join(dir, "reviews.parquet"),
		Validate: ValidateOptions{Alpha: 0.05, Settings: measure.Settings{Profile: draftProfile, CacheDir: filepath.Join(dir, "builds"), CPU: -1}}}
	if _, err := DraftByHand(context.Background(), opts, []string{out}); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"prelude.py": stub, "harness.py": goodHarn} {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := DraftByHand(context.Background(), opts, []string{folder})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 1 {
		t.Errorf("summary %s: want the edited folder validated", sum)
	}
	drafts, err := table.ReadFile[table.Draft](opts.Drafts)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 2 || drafts[0].Validation != table.ValidationFailed || !strings.Contains(drafts[0].ValidationReason, "TypeError") ||
		drafts[1].Validation != table.ValidationPassed || drafts[1].Attempt != 2 || drafts[1].Origin != table.OriginHand {
		t.Errorf("drafts: %+v", drafts)
	}
	execs, err := table.ReadFile[table.Executable](opts.Executables)
	if err != nil {
		t.Fatal(err)
	}
	if len(execs) != 1 || execs[0].Origin != table.OriginHand || execs[0].ReviewStatus != table.ReviewPending ||
		execs[0].Validation != table.ValidationPassed || execs[0].Prelude != stub {
		t.Errorf("executables: %+v", execs)
	}
}

// A decision holds for the harness and the prelude it was made on.
func TestReviewedHashCoversPrelude(t *testing.T) {
	e := table.Executable{TaskID: "t", Harness: "h", Prelude: "p", Origin: "llm:m"}
	reviews := []table.Review{{TaskID: "t", HarnessSHA256: ReviewedHash(e), Verdict: table.ReviewApproved}}
	if got := ApplyReviews([]table.Executable{e}, reviews)[0].ReviewStatus; got != table.ReviewApproved {
		t.Errorf("as approved: %s", got)
	}
	e.Prelude = "p2"
	if got := ApplyReviews([]table.Executable{e}, reviews)[0].ReviewStatus; got != table.ReviewPending {
		t.Errorf("prelude edited after approval: %s, want pending", got)
	}
}

// Scaffolding a mined commit as a repository task: the folder is a task
// of a task set whose harness imports the function from its package, and
// it builds and validates as written (the skeleton's workload suits this
// function), with no prelude.
func TestScaffoldRepositoryTask(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go")
	}
	root := t.TempDir()
	t.Setenv("PERFCON_REPOS", filepath.Join(root, "repos"))
	up := repotest.New(t, filepath.Join(root, "up", "calc"))
	slow := "package calc\n\n// Distinct counts the distinct values of xs.\nfunc Distinct(xs []int) int {\n\tn := 0\n\tfor i, x := range xs {\n\t\tseen := false\n\t\tfor _, y := range xs[:i] {\n\t\t\tif x == y {\n\t\t\t\tseen = true\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t\tif !seen {\n\t\t\tn++\n\t\t}\n\t}\n\treturn n\n}\n"
	fast := "package calc\n\n// Distinct counts the distinct values of xs.\nfunc Distinct(xs []int) int {\n\tseen := make(map[int]bool, len(xs))\n\tfor _, x := range xs {\n\t\tseen[x] = true\n\t}\n\treturn len(seen)\n}\n"
	parent := up.Commit("first", map[string]string{"go.mod": "module example.com/calc\n\ngo 1.22\n", "stats/distinct.go": slow})
	sha := up.Commit("Count distinct values with a map", map[string]string{"stats/distinct.go": fast})
	c := table.Commit{TaskID: "calc-distinct", Language: "go", Category: "inefficient_algorithm", CommitSHA: sha, ParentSHA: parent,
		FilePath: "stats/distinct.go", Symbol: "Distinct", CodeBefore: slow, CodeAfter: fast, CommitMessage: "Count distinct values with a map\n",
		CategoryEvidence: []string{"a map instead of a nested loop"}}
	commits := filepath.Join(root, "mined.parquet")
	if err := table.WriteFile(commits, []table.Commit{c}); err != nil {
		t.Fatal(err)
	}
	set := filepath.Join(root, "mine")
	if err := Scaffold(ScaffoldOptions{Commits: commits, Tasks: []string{"calc-distinct"}, Out: set, Repository: up.Dir}); err != nil {
		t.Fatal(err)
	}
	harness, _ := os.ReadFile(filepath.Join(set, "calc-distinct", "harness.go"))
	if !strings.Contains(string(harness), `pkg "example.com/calc/stats"`) || !strings.Contains(string(harness), "pkg.Distinct(in)") {
		t.Errorf("the harness does not import and call the package:\n%s", harness)
	}
	if _, err := os.Stat(filepath.Join(set, "calc-distinct", "prelude.go")); err == nil {
		t.Error("a repository task got a prelude")
	}
	// As written, it is a task: it loads, builds in the repository's tree
	// and passes validation.
	tasks, err := dataset.Load(set)
	if err != nil {
		t.Fatal(err)
	}
	if tasks[0].Tree == nil || tasks[0].Tree.Package != "example.com/calc/stats" || tasks[0].Before != slow[strings.Index(slow, "func"):] {
		t.Fatalf("task %+v", tasks[0])
	}
	dir := t.TempDir()
	path := func(n string) string { return filepath.Join(dir, n+".parquet") }
	if err := commitsstage.Run(context.Background(), commitsstage.Options{Dataset: set, Out: path("commits")}); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), Options{Dataset: set, Out: path("draft")}); err != nil {
		t.Fatal(err)
	}
	sum, err := Validate(context.Background(), ValidateOptions{Commits: path("commits"), Executables: path("draft"), Out: path("executables"),
		Alpha: 0.05, Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Passed != 1 {
		execs, _ := table.ReadFile[table.Executable](path("executables"))
		t.Fatalf("the scaffolded task did not pass: %+v", execs)
	}
}
