package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/perfcon/perfcon/internal/table"
)

// screen collects what a pseudo-terminal shows.
type screen struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	seen int // what expect has passed over
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// expect waits until text shows after what was expected before.
func (s *screen) expect(t *testing.T, text string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		out := s.buf.String()
		s.mu.Unlock()
		if i := strings.Index(out[s.seen:], text); i >= 0 {
			s.seen += i + len(text)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.Fatalf("the terminal never showed %q; after what was expected it shows:\n%s", text, s.buf.String()[s.seen:])
}

// A person reviews two drafted harnesses in a terminal: edits the first in
// $EDITOR (it is validated again and shown anew) and approves it, and
// rejects the second with a reason.
func TestReviewInTerminal(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	tables := filepath.Join(dir, "tables")
	const (
		before  = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return wrap([s])\n"
		after   = "def total(n):\n    return wrap([n * (n - 1) // 2])\n"
		prelude = "def wrap(x):\n    return x\n"
		harness = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nout = []\nfor i in range(n):\n    x = scale + seed + i\n    out.append(x if sys.argv[4:] else list(total(x)))\nprint(out)\n"
	)
	var commits []table.Commit
	var execs []table.Executable
	for _, id := range []string{"a-sum", "b-sum"} {
		commits = append(commits, table.Commit{TaskID: id, Source: table.SourceMined, Repo: "acme/ledger",
			CommitSHA: "0123456789abcdef0123", Language: "python", Category: "inefficient_algorithm",
			CommitMessage: "Sum in closed form\n\nThe loop was quadratic in spirit.", FilePath: "ledger/sum.py", Symbol: "total",
			CodeBefore: before, CodeAfter: after})
		execs = append(execs, table.Executable{TaskID: id, Language: "python", Prelude: prelude, Harness: harness,
			Stubs: []string{"wrap"}, Entry: "total", Scale: 20000, DeclaredScale: 1000, ReviewStatus: table.ReviewPending,
			Origin: "llm:drafter", Validation: table.ValidationPassed, ValidatedSpeedup: 4.2, ValidatedP: 0.001,
			ValidatedIterations: 8, ValidatedProfile: "quick"})
	}
	if err := table.WriteFile(filepath.Join(tables, "commits.parquet"), commits); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(filepath.Join(tables, "executables.parquet"), execs); err != nil {
		t.Fatal(err)
	}
	editor := filepath.Join(dir, "edit.sh")
	script := "#!/bin/sh\nfor f; do case \"$f\" in *harness.py) printf '# checked by hand\\n' >> \"$f\";; esac; done\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "--tables", tables, "executables", "review", "--interactive", "--reviewer", "ana",
		"--profile", "test", "--min-time", "300ms", "--cache", filepath.Join(dir, "builds"))
	cmd.Env = append(os.Environ(), "PERFCON_RUN_CLI=1", "EDITOR="+editor, "VISUAL=")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var s screen
	go func() { _, _ = bytesCopy(&s, tty) }()

	s.expect(t, "[1/2] a-sum  (llm:drafter, python)", 30*time.Second)
	s.expect(t, "validation: passed: 4.20x faster", 5*time.Second)
	s.expect(t, "stubs:      wrap", 5*time.Second)
	s.expect(t, "+    return wrap([n * (n - 1) // 2])", 5*time.Second)
	s.expect(t, "[a]pprove  [r]eject  [e]dit  [s]kip  [q]uit > ", 5*time.Second)
	tty.WriteString("e\r")
	s.expect(t, "Validating the edit...", 10*time.Second)
	s.expect(t, "validation: passed:", 3*time.Minute)
	s.expect(t, "[1/2] a-sum  (hand, python)", 10*time.Second)
	s.expect(t, "# checked by hand", 5*time.Second)
	s.expect(t, "[q]uit > ", 5*time.Second)
	tty.WriteString("a\r")
	s.expect(t, "a-sum: approved.", 10*time.Second)
	s.expect(t, "[2/2] b-sum", 10*time.Second)
	s.expect(t, "[q]uit > ", 5*time.Second)
	tty.WriteString("r\r")
	s.expect(t, "Why is it rejected? > ", 5*time.Second)
	tty.WriteString("the stub hides the cost\r")
	s.expect(t, "b-sum: rejected.", 10*time.Second)
	s.expect(t, "review: 1 approved, 1 rejected by ana", 10*time.Second)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("review: %v\n%s", err, s.buf.String())
	}

	rows, err := table.ReadFile[table.Executable](filepath.Join(tables, "executables.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]table.Executable{}
	for _, e := range rows {
		got[e.TaskID] = e
	}
	if a := got["a-sum"]; a.ReviewStatus != table.ReviewApproved || a.Origin != table.OriginHand ||
		!strings.HasSuffix(a.Harness, "# checked by hand\n") || a.Validation != table.ValidationPassed {
		t.Errorf("a-sum after the edit and approval: %+v", a)
	}
	if b := got["b-sum"]; b.ReviewStatus != table.ReviewRejected || b.Harness != harness {
		t.Errorf("b-sum after the rejection: %+v", b)
	}
	reviews, err := table.ReadFile[table.Review](filepath.Join(tables, "reviews.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(reviews) != 2 || reviews[1].Reason != "the stub hides the cost" || reviews[0].Reviewer != "ana" {
		t.Errorf("reviews: %+v", reviews)
	}
	drafts, err := table.ReadFile[table.Draft](filepath.Join(tables, "drafts.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 1 || drafts[0].Origin != table.OriginHand || drafts[0].TaskID != "a-sum" || drafts[0].Validation != table.ValidationPassed {
		t.Errorf("drafts: %+v", drafts)
	}
}

// bytesCopy copies until the terminal closes (EIO on Linux).
func bytesCopy(dst *screen, src *os.File) (int64, error) {
	var n int64
	buf := make([]byte, 4096)
	for {
		k, err := src.Read(buf)
		if k > 0 {
			dst.Write(buf[:k])
			n += int64(k)
		}
		if err != nil {
			return n, err
		}
	}
}
