// Package sandboxtest runs a package's sandbox tests again as an ordinary
// user, for the tests to show what holds without root.
package sandboxtest

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// AsOrdinaryUser runs the tests of this test binary named by pattern (a
// -test.run expression) again as the user nobody, through setpriv, and
// fails if any fails there. It runs only as root, which can switch users;
// the tests themselves run as whoever runs them. The tests see
// PERFCON_TEST_USER=nobody.
func AsOrdinaryUser(t *testing.T, pattern string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("not root: the tests already ran as this ordinary user")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("no setpriv to switch users")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	// The test binary, where nobody may run it.
	dir, err := os.MkdirTemp("", "perfcon-as-user-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "test")
	if err := copyFile(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", bin,
		"-test.run", pattern, "-test.v", "-test.count=1")
	cmd.Dir = dir
	// This user's PATH: its folders nobody can't read are passed over.
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=/nonexistent", "TMPDIR=/tmp", "PERFCON_TEST_USER=nobody"}
	out, err := cmd.CombinedOutput()
	t.Logf("as nobody:\n%s", out)
	if err != nil {
		t.Fatalf("as nobody: %v", err)
	}
	passed := regexp.MustCompile(`(?m)^\s*--- PASS: `).FindAll(out, -1)
	if len(passed) == 0 {
		t.Skipf("as nobody, no test passed (all skipped): %s", lastLines(string(out), 5))
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Secret writes a file of this machine that a sandboxed program must not
// read, readable by any user outside the sandbox, in a folder of its own
// (removed after the test), and returns its path and its one line.
func Secret(t *testing.T, name string) (path, secret string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "perfcon-secret-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	secret = fmt.Sprintf("the human fix %d", time.Now().UnixNano())
	path = filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, secret
}
