package refinements

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/table"
)

// killedChild runs refine in the test binary's own process, for the test
// below to kill: the models answer from the server at $PERFCON_REFINE_URL.
func killedChild(dir string) int {
	var ms []llm.Model
	for _, n := range []string{"fixer", "breaker", "sloth", "specialist"} {
		m, err := llm.Open(llm.Config{Name: n, BaseURL: os.Getenv("PERFCON_REFINE_URL"), Model: n, Concurrency: 4})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		ms = append(ms, m)
	}
	if _, err := Refine(context.Background(), refineOptions(dir, ms, 2)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// Killed with SIGKILL in the middle of a round, refine run again asks
// the models nothing they had answered and runs no code it had run: the
// steps written before the kill are kept as they were.
func TestSIGKILLInARoundResumes(t *testing.T) {
	needPython(t)
	dir := t.TempDir()
	writeTables(t, dir)
	s := newScripted(t)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PERFCON_REFINE_IN="+dir, "PERFCON_REFINE_URL="+s.srv.BaseURL())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "refinements.parquet")
	// Step 1's calls are made at once; its feedback runs go task by task,
	// and the table is written after each. Kill after the first task.
	var before []table.Refinement
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		rows, err := table.ReadFile[table.Refinement](out)
		if err == nil && count(rows, 1) > 0 {
			before = rows
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if before == nil {
		t.Fatal("refine wrote no step 1 before the deadline")
	}
	if n := count(before, 1); n >= 16 {
		t.Fatalf("the kill came after step 1 was done (%d rows); make the workload longer", n)
	}
	asked := s.srv.Requests()
	if asked < 16 {
		t.Fatalf("the child made %d requests before the kill, want step 1's 16", asked)
	}

	sum, err := Refine(context.Background(), refineOptions(dir, s.models(t, "fixer", "breaker", "sloth", "specialist"), 2))
	if err != nil {
		t.Fatal(err)
	}
	// Step 2's 16 calls are the only new ones: none of step 1's, which
	// were all answered before the kill, is asked again.
	if got := s.srv.Requests() - asked; got != 16 {
		t.Errorf("the rerun made %d requests, want step 2's 16", got)
	}
	after, err := table.ReadFile[table.Refinement](out)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 48 {
		t.Errorf("%d rows after the rerun, want 48", len(after))
	}
	// The steps written before the kill are unchanged: not run again.
	kept := map[string]table.Refinement{}
	for _, r := range after {
		kept[stepKey(r)] = r
	}
	for _, r := range before {
		k, ok := kept[stepKey(r)]
		if !ok || !k.CreatedAt.Equal(r.CreatedAt) || k.Feedback != r.Feedback {
			t.Errorf("step %s was made again", stepKey(r))
		}
	}
	if sum.Resumed != len(before) {
		t.Errorf("the rerun kept %d steps, want the %d written before the kill", sum.Resumed, len(before))
	}
	// The feedback trials: the tasks of step 1 left, and step 2's.
	if sum.Trials > 8 {
		t.Errorf("the rerun ran %d feedback trials, more than the 4 tasks of two steps", sum.Trials)
	}
}

func count(rows []table.Refinement, step int32) int {
	n := 0
	for _, r := range rows {
		if r.Step == step {
			n++
		}
	}
	return n
}

func stepKey(r table.Refinement) string {
	return fmt.Sprintf("%s/%s/%s/%s/%d/%d", r.TaskID, r.Pipeline, r.Model, r.Describer, r.Sample, r.Step)
}
