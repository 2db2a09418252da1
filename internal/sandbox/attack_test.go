package sandbox_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/sandbox/sandboxtest"
)

// The attacks run again as an ordinary user (nobody), where the sandbox
// stands on a user namespace instead of root.
func TestAttacksAsOrdinaryUser(t *testing.T) {
	sandboxtest.AsOrdinaryUser(t, "^(TestHostSocketsUnreachable|TestOnlyMinimalDev|TestNothingOfTheHostReadable|TestDiskIsBounded|TestKilledRunKeepsItsMeasures|TestWorkDirectoryIsPrivate|TestWriteOutsideFails|TestNoNetwork|TestProbeNamesLayers)$")
}

// A socket file of this machine (a container runtime's, the system bus's)
// can't be reached from inside: it is not in the program's root. Nor can
// an abstract socket, which belongs to the network namespace.
func TestHostSocketsUnreachable(t *testing.T) {
	dir, err := os.MkdirTemp("", "perfcon-socket-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777)
	path := filepath.Join(dir, "host.sock")
	abstract := fmt.Sprintf("@perfcon-test-%d", time.Now().UnixNano())
	accepted := make(chan string, 2)
	for _, addr := range []string{path, abstract} {
		ln, err := net.Listen("unix", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		os.Chmod(path, 0o777)
		go func() {
			if c, err := ln.Accept(); err == nil {
				c.Close()
				accepted <- addr
			}
		}()
	}
	// Reachable from here, as the program's user: the test is real.
	if c, err := net.Dial("unix", path); err != nil {
		t.Fatalf("the socket is not reachable even outside: %v", err)
	} else {
		c.Close()
		<-accepted
	}
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(`
import socket
for addr in [%q, "\0" + %q[1:]]:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(addr)
        print("connected", repr(addr))
    except OSError as e:
        print("refused", e.errno)
`, path, abstract))
	requireIsolated(t, ex, "fs")
	if ex.Code != 0 || strings.Contains(out, "connected") || strings.Count(out, "refused") != 2 {
		t.Errorf("exit %+v, out %q, stderr %q; want both connections refused", ex, out, errs)
	}
	select {
	case a := <-accepted:
		t.Errorf("%s accepted a connection from inside", a)
	case <-time.After(100 * time.Millisecond):
	}
}

// /dev holds null, zero, full, random, urandom and a pts of its own: no
// disk, loop device, kmsg or kvm to open, and nothing to make there.
func TestOnlyMinimalDev(t *testing.T) {
	s := newSandbox(t)
	var hostDevs []string
	for _, d := range []string{"kmsg", "kvm", "loop0", "loop-control", "zram0", "vda", "sda", "mem", "port", "console", "tty", "fuse", "net/tun"} {
		if _, err := os.Stat("/dev/" + d); err == nil {
			hostDevs = append(hostDevs, "/dev/"+d)
		}
	}
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(`
import os
for d in %q:
    try:
        os.close(os.open(d, os.O_WRONLY))
        print("opened", d)
    except OSError:
        pass
for d in ["/dev/null", "/dev/zero", "/dev/urandom"]:
    with open(d, "rb") as f:
        f.read(1)
open("/dev/null", "w").write("x")
try:
    os.mknod("/dev/mine")
    print("made /dev/mine")
except OSError:
    pass
print(" ".join(sorted(os.listdir("/dev"))))
`, hostDevs))
	requireIsolated(t, ex, "dev")
	if ex.Code != 0 || strings.Contains(out, "opened") || strings.Contains(out, "made") {
		t.Fatalf("exit %+v, out %q, stderr %q; want no device of this machine opened", ex, out, errs)
	}
	allowed := map[string]bool{"null": true, "zero": true, "full": true, "random": true, "urandom": true, "fd": true,
		"stdin": true, "stdout": true, "stderr": true, "ptmx": true, "pts": true, "shm": true}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, d := range strings.Fields(lines[len(lines)-1]) {
		if !allowed[d] {
			t.Errorf("/dev/%s is in the sandbox", d)
		}
	}
}

// Nothing of this machine but the system's programs and the language's
// toolchain is readable: not a file beside the program's original folder
// (a task set's after.py), not the user's home, not /etc/shadow, not this
// package's folder (perfcon's tables and caches live in such folders).
func TestNothingOfTheHostReadable(t *testing.T) {
	after, secret := sandboxtest.Secret(t, "after.py")
	dir := filepath.Dir(after)
	wd, _ := os.Getwd()
	paths := []string{after, dir, "/etc/shadow", "/root", "/home", "/var/tmp", "/run", filepath.Join(wd, "sandbox_test.go"), wd}
	if home, err := os.UserHomeDir(); err == nil {
		paths = append(paths, home)
	}
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(`
import os, sys
for p in %q:
    try:
        if os.path.isdir(p):
            print("listed", p, os.listdir(p))
        else:
            print("read", p, open(p).read(100))
    except OSError:
        pass
sys.stderr.write(open(%q).read())
`, paths, after))
	requireIsolated(t, ex, "fs")
	for _, p := range paths {
		if strings.Contains(out, " "+p+" ") && !strings.Contains(out, "listed "+p+" []") {
			t.Errorf("%s is readable inside: %s", p, out)
		}
	}
	if strings.Contains(out+errs, secret) {
		t.Errorf("the secret reached the program: out %q, stderr %q", out, errs)
	}
	if ex.Code == 0 {
		t.Errorf("reading %s succeeded", after)
	}
}

// The bytes a run keeps written in its folder, /tmp and /dev/shm together
// are bounded, and a run that fills them says so.
func TestDiskIsBounded(t *testing.T) {
	s := newSandbox(t)
	l := sandbox.Defaults
	l.Disk = 32 << 20
	ex, out, errs := run(t, s, context.Background(), l, `
import os
written = 0
try:
    for i, d in enumerate(["/work", "/tmp", "/dev/shm"] * 20):
        with open(os.path.join(d, "fill%d" % i), "wb") as f:
            for _ in range(4):
                f.write(b"x" * (1 << 20))
                written += 1 << 20
except OSError as e:
    print("stopped", e.errno, written >> 20)
    raise
`)
	requireIsolated(t, ex, "disk")
	if ex.Code == 0 || !ex.DiskFull {
		t.Errorf("exit %+v, out %q, stderr %q; want the writes stopped at 32 MiB and DiskFull", ex, out, errs)
	}
	var mib int
	fmt.Sscanf(strings.TrimPrefix(strings.TrimSpace(out), "stopped 28 "), "%d", &mib)
	if mib > 32 {
		t.Errorf("wrote %d MiB under a 32 MiB bound: %q", mib, out)
	}
	// A run well under the bound is not full.
	ex, _, errs = run(t, s, context.Background(), l, `open("small", "wb").write(b"x" * (1 << 20))`)
	if ex.Code != 0 || ex.DiskFull {
		t.Errorf("small write: exit %+v, stderr %q; want ok, not full", ex, errs)
	}
}

// A run killed at its deadline keeps what was measured until the kill:
// CPU time, wall time and peak memory.
func TestKilledRunKeepsItsMeasures(t *testing.T) {
	s := newSandbox(t)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	ex, _, errs := run(t, s, ctx, sandbox.Defaults, "x = bytearray(64 << 20)\nwhile True: pass\n")
	if !ex.Killed || ex.Signal == 0 {
		t.Fatalf("exit %+v, stderr %q; want killed", ex, errs)
	}
	if ex.User+ex.Sys < 500*time.Millisecond || ex.Wall < time.Second || ex.MaxRSS < 64<<20 {
		t.Errorf("killed run measured cpu %v, wall %v, peak %d MiB; want its second of spinning and 64 MiB",
			ex.User+ex.Sys, ex.Wall, ex.MaxRSS>>20)
	}
}

// Probe names every layer that held or why it did not.
func TestProbeNamesLayers(t *testing.T) {
	s := newSandbox(t)
	p, err := s.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range sandbox.Layers {
		if !strings.Contains(p.Isolation, l) {
			t.Errorf("isolation %q does not mention %s", p.Isolation, l)
		}
	}
	for _, m := range p.Missing {
		if !strings.Contains(m, "(") {
			t.Errorf("missing layer %q has no reason", m)
		}
	}
	t.Logf("as uid %d: %s", os.Geteuid(), p.Isolation)
}
