package sandbox_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/sandbox"
)

// sandboxDir is the folder of the sandbox made last.
var sandboxDir string

func newSandbox(t *testing.T) *sandbox.Sandbox {
	t.Helper()
	sandboxDir = t.TempDir()
	s, err := sandbox.New(context.Background(), sandboxDir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func python(t *testing.T) string {
	t.Helper()
	p, err := lang.Python(context.Background())
	if err != nil {
		t.Skip("no python3")
	}
	return p
}

// pythonPaths are the interpreter's folders, for the sandbox to show it.
func pythonPaths(t *testing.T) []string {
	t.Helper()
	a, _ := lang.Lookup("python")
	p, err := a.Paths(context.Background())
	if err != nil {
		t.Skip("no python3")
	}
	return p
}

// original is the folder of the program run last.
var original string

// run runs a Python program in the sandbox with limits l.
func run(t *testing.T, s *sandbox.Sandbox, ctx context.Context, l sandbox.Limits, program string) (sandbox.Exit, string, string) {
	t.Helper()
	dir := t.TempDir()
	original = dir
	if err := os.WriteFile(filepath.Join(dir, "prog.py"), []byte(program), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	ex, err := s.Run(ctx, sandbox.Cmd{Dir: dir, Argv: []string{python(t), filepath.Join(dir, "prog.py")},
		ReadOnly: pythonPaths(t), Env: []string{"PATH=/usr/bin:/bin"}, Stdout: &stdout, Stderr: &stderr, Limits: l}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ex, stdout.String(), stderr.String()
}

func requireIsolated(t *testing.T, ex sandbox.Exit, what string) {
	t.Helper()
	if !strings.Contains(strings.SplitN(ex.Isolation, " isolated", 2)[0], what) {
		t.Skipf("this machine can't isolate %s: %s", what, ex.Isolation)
	}
}

// The program runs in a private copy of its folder: what it writes there
// or in /tmp stays there and is gone after; the original is untouched.
func TestWorkDirectoryIsPrivate(t *testing.T) {
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, `
import os
open("prog.py", "w").write("overwritten")
open(os.path.join(os.environ["TMPDIR"], "scratch"), "w").write("x")
open("/tmp/perfcon-sandbox-test-marker", "w").write("x")
print(os.getcwd())
`)
	if ex.Code != 0 || ex.Signal != 0 {
		t.Fatalf("exit %+v: %s", ex, errs)
	}
	if b, err := os.ReadFile(filepath.Join(original, "prog.py")); err != nil || string(b) == "overwritten" {
		t.Errorf("the original program was changed: %q, %v", b, err)
	}
	requireIsolated(t, ex, "fs")
	if _, err := os.Stat("/tmp/perfcon-sandbox-test-marker"); err == nil {
		os.Remove("/tmp/perfcon-sandbox-test-marker")
		t.Error("a write to /tmp reached the real /tmp")
	}
	if strings.TrimSpace(out) != "/work" {
		t.Errorf("working directory %q, want /work in its own root", out)
	}
	if left, _ := os.ReadDir(filepath.Join(sandboxDir, "work")); len(left) > 0 {
		t.Errorf("the run's folder is left behind: %v", left)
	}
}

// A write outside the work directory fails, and nothing is written: not
// in this package's folder (read-only to the program), and not in the
// real /tmp (replaced by a private one).
func TestWriteOutsideFails(t *testing.T) {
	s := newSandbox(t)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, outside := range []string{
		filepath.Join(wd, fmt.Sprintf("escaped-%d", time.Now().UnixNano())),
		filepath.Join(t.TempDir(), "escaped"),
	} {
		ex, _, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf("open(%q, 'w').write('x')\n", outside))
		requireIsolated(t, ex, "fs")
		if ex.Code == 0 || !strings.Contains(errs, "Read-only file system") && !strings.Contains(errs, "No such file") {
			t.Errorf("%s: exit %d, stderr %q; want the write refused", outside, ex.Code, errs)
		}
		if _, err := os.Stat(outside); err == nil {
			os.Remove(outside)
			t.Errorf("%s was written", outside)
		}
	}
}

// No connection leaves the sandbox, not even to this machine's loopback.
func TestNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
			accepted <- struct{}{}
		}
	}()
	s := newSandbox(t)
	ex, _, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(
		"import socket\nsocket.create_connection(('127.0.0.1', %d), timeout=2)\n", ln.Addr().(*net.TCPAddr).Port))
	requireIsolated(t, ex, "net")
	if ex.Code == 0 || !strings.Contains(errs, "Error") {
		t.Errorf("exit %d, stderr %q; want the connection refused", ex.Code, errs)
	}
	// Its own loopback works: a program may serve itself.
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, `
import socket
srv = socket.create_server(("127.0.0.1", 0))
c = socket.create_connection(srv.getsockname())
a, _ = srv.accept()
c.sendall(b"ping")
print(a.recv(4).decode())
`)
	if ex.Code != 0 || strings.TrimSpace(out) != "ping" {
		t.Errorf("loopback inside: exit %d, out %q, stderr %q", ex.Code, out, errs)
	}
	select {
	case <-accepted:
		t.Error("the listener outside accepted a connection")
	case <-time.After(100 * time.Millisecond):
	}
}

// A fork bomb hits the process limit, is stopped at its deadline, and
// leaves no process behind.
func TestForkBombIsContained(t *testing.T) {
	s := newSandbox(t)
	if p, err := s.Probe(context.Background()); err != nil || !sandbox.Contains(p.Isolation) {
		t.Skipf("this machine can't bound a sandbox's processes (%s, %v): no fork bomb here", p.Isolation, err)
	}
	marker := fmt.Sprintf("forkbomb-%d", time.Now().UnixNano())
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "prog.py"), []byte(`
import os, time
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.01)
`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	l := sandbox.Defaults
	l.Procs = 32
	seen := 0
	ex, err := s.Run(ctx, sandbox.Cmd{Dir: dir, Argv: []string{python(t), filepath.Join(dir, "prog.py"), marker},
		ReadOnly: pythonPaths(t), Env: []string{"PATH=/usr/bin:/bin"}, Limits: l, Started: func(int) {
			go func() { // count the bomb while it runs
				time.Sleep(time.Second)
				seen = processesWith(t, marker)
			}()
		}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Killed {
		t.Errorf("exit %+v: want stopped at the deadline", ex)
	}
	// The helper and its init carry the marker too, and count in the
	// cgroup's limit.
	if seen < 4 || seen > l.Procs+3 {
		t.Errorf("%d bomb processes at its height, want more than one and at most %d", seen, l.Procs+3)
	}
	time.Sleep(100 * time.Millisecond)
	if n := processesWith(t, marker); n > 0 {
		t.Errorf("%d bomb processes outlived the run", n)
	}
}

// processesWith counts processes whose command line mentions s.
func processesWith(t *testing.T, s string) int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		t.Error(err)
		return 0
	}
	n := 0
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(b, []byte(s)) {
			n++
		}
	}
	return n
}

// A memory hog is stopped at the memory limit: killed by the memory
// cgroup, or, without one, its allocation refused by RLIMIT_DATA.
func TestMemoryHogHitsTheLimit(t *testing.T) {
	s := newSandbox(t)
	p, err := s.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	iso := p.Isolation
	for _, l := range []sandbox.Limits{
		{Memory: 256 << 20, Data: 8 << 30, Procs: 64}, // the cgroup's bound
		{Data: 256 << 20, Procs: 64},                  // the rlimit's
	} {
		if l.Memory > 0 && !strings.Contains(iso, "memory by cgroup") {
			t.Logf("no memory cgroup here (%s): only the rlimit is tried", iso)
			continue
		}
		ex, _, errs := run(t, s, context.Background(), l, "b = bytearray(2 << 30)\nprint(len(b))\n")
		switch {
		case l.Memory > 0 && !ex.OutOfMemory:
			t.Errorf("memory cgroup: exit %+v, stderr %q; want killed for memory", ex, errs)
		case l.Memory == 0 && (ex.Code == 0 || !strings.Contains(errs, "MemoryError")):
			t.Errorf("RLIMIT_DATA: exit %+v, stderr %q; want a MemoryError", ex, errs)
		}
		if ex.MaxRSS > 300<<20 {
			t.Errorf("peak memory %d MiB, over the 256 MiB limit", ex.MaxRSS>>20)
		}
	}
}

// The peak memory reported is the program's own, not that of the process
// that started it.
func TestPeakMemoryIsTheProgramsOwn(t *testing.T) {
	ballast := make([]byte, 200<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	s := newSandbox(t)
	ex, _, errs := run(t, s, context.Background(), sandbox.Defaults, "x = bytearray(50 << 20)\n")
	if ex.Code != 0 {
		t.Fatalf("exit %+v: %s", ex, errs)
	}
	if ex.MaxRSS < 50<<20 || ex.MaxRSS > 150<<20 {
		t.Errorf("peak memory %d MiB; want the program's 50 MiB and more, but not this test's 200 MiB", ex.MaxRSS>>20)
	}
	_ = ballast[len(ballast)-1]
}

// Closing kill stops the run at once.
func TestKill(t *testing.T) {
	s := newSandbox(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "prog.py"), []byte("while True: print('y' * 1000)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	kill := make(chan struct{})
	w := &killAfter{n: 1 << 20, kill: kill}
	start := time.Now()
	ex, err := s.Run(context.Background(), sandbox.Cmd{Dir: dir, Argv: []string{python(t), filepath.Join(dir, "prog.py")},
		ReadOnly: pythonPaths(t), Env: []string{"PATH=/usr/bin:/bin"}, Stdout: w, Limits: sandbox.Defaults}, kill)
	if err != nil {
		t.Fatal(err)
	}
	if !ex.Killed || time.Since(start) > 10*time.Second {
		t.Errorf("exit %+v after %v; want killed once 1 MiB was written", ex, time.Since(start))
	}
}

type killAfter struct {
	n, seen int
	kill    chan struct{}
}

func (k *killAfter) Write(p []byte) (int, error) {
	if k.seen < k.n && k.seen+len(p) >= k.n {
		close(k.kill)
	}
	k.seen += len(p)
	return len(p), nil
}
