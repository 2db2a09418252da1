package executables

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/table"
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
