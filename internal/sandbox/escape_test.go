package sandbox_test

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/sandbox/sandboxtest"
)

// The escapes run again as an ordinary user (nobody).
func TestEscapesAsOrdinaryUser(t *testing.T) {
	sandboxtest.AsOrdinaryUser(t, "^(TestUnwaitedChildrenAreCounted|TestIPCIsPrivate|TestRefusedCalls|TestAffinityStays|TestKeyringUnreachable)$")
}

// Work done in a child the program never waits for is the run's work:
// the child is killed and reaped after the program, its CPU time added,
// and the run says it left children behind. Whether the child still runs
// when the program exits, has ended unwaited, or has left the program's
// session, its work counts.
func TestUnwaitedChildrenAreCounted(t *testing.T) {
	s := newSandbox(t)
	const spin = `
import time
def spin(seconds):
    end = time.process_time() + seconds
    n = 0
    while time.process_time() < end:
        n += 1
    return n
`
	own, _, errs := run(t, s, context.Background(), sandbox.Defaults, spin+"spin(0.4)\n")
	if own.Code != 0 || own.Unreaped != 0 {
		t.Fatalf("spinning in the program: exit %+v, stderr %q", own, errs)
	}
	for name, prog := range map[string]string{
		// The child spins on after the program has exited.
		"running": `
import os
if os.fork() == 0:
    spin(0.4)
    os._exit(0)
`,
		// The child has spun and ended (it says so on a pipe); the program
		// never waits for it.
		"ended": `
import os
r, w = os.pipe()
if os.fork() == 0:
    spin(0.4)
    os.write(w, b"done")
    os._exit(0)
os.read(r, 4)
`,
		// A daemon: a new session, its parent gone; the program waits for
		// its word, not for it.
		"daemon": `
import os
r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        spin(0.4)
        os.write(w, b"done")
        os._exit(0)
    os._exit(0)
os.wait()
os.read(r, 4)
`,
	} {
		ex, _, errs := run(t, s, context.Background(), sandbox.Defaults, spin+prog)
		if ex.Code != 0 {
			t.Errorf("%s: exit %+v, stderr %q", name, ex, errs)
			continue
		}
		if ex.Unreaped < 1 {
			t.Errorf("%s: Unreaped %d; want the child counted as left behind", name, ex.Unreaped)
		}
		// The running child is killed after a moment: its work is what it
		// did until then, a share of the 0.4 s, but never nothing.
		least := (own.User + own.Sys) / 2
		if name == "running" {
			least = 0
		}
		if cpu := ex.User + ex.Sys; cpu <= least {
			t.Errorf("%s: measured %v of CPU; the same work in the program measured %v", name, cpu, own.User+own.Sys)
		}
	}
}

// A program has System V IPC and POSIX queues of its own: it sees none of
// this machine's segments, and what it makes is gone after the run.
func TestIPCIsPrivate(t *testing.T) {
	const key = 0x5045_5246 // "PERF"
	id, err := unix.SysvShmGet(key, 1<<16, unix.IPC_CREAT|0o666)
	if err != nil {
		t.Skipf("no System V shared memory here: %v", err)
	}
	defer unix.SysvShmCtl(id, unix.IPC_RMID, nil)
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(`
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
libc.shmget.restype = ctypes.c_int
print("host", libc.shmget(%d, 0, 0), ctypes.get_errno())
mine = libc.shmget(%d, 1 << 22, 0o1000 | 0o666)
print("made", mine >= 0)
`, key, key+1))
	requireIsolated(t, ex, "ipc")
	if ex.Code != 0 || !strings.Contains(out, fmt.Sprintf("host -1 %d", unix.ENOENT)) || !strings.Contains(out, "made True") {
		t.Errorf("exit %+v, out %q, stderr %q; want the host's segment unseen and one of its own made", ex, out, errs)
	}
	if id, err := unix.SysvShmGet(key+1, 0, 0); err == nil {
		unix.SysvShmCtl(id, unix.IPC_RMID, nil)
		t.Errorf("the program's segment is left on this machine after the run")
	}
}

// The calls a benchmark never needs are refused inside: new namespaces
// (no nested user namespace), mounts, tracing, keyrings, setting the
// clock, hardware counters, inotify; threads and processes still start.
func TestRefusedCalls(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the program below calls x86-64 system call numbers")
	}
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, `
import ctypes, os, threading
libc = ctypes.CDLL(None, use_errno=True)
def call(name, *args):
    r = libc.syscall(*args)
    print(name, 0 if r >= 0 else ctypes.get_errno())
call("unshare_user", 272, 0x10000000)
call("unshare_ipc", 272, 0x08000000)
call("clone_newuser", 56, 0x10000000 | 17, 0, 0, 0, 0)
call("mount", 165, b"none", b"/tmp", b"tmpfs", 0, None)
call("ptrace_traceme", 101, 0, 0, 0, 0)
call("keyctl_session", 250, 0, -3, 0)
call("add_key", 248, b"user", b"perfcon", b"x", 1, -3)
call("request_key", 249, b"user", b"perfcon", None, 0)
call("perf_event_open", 298, None, 0, -1, -1, 0)
call("clock_settime", 227, 0, None)
call("inotify_init1", 294, 0)
call("getpid", 39)
t = threading.Thread(target=lambda: None); t.start(); t.join()
pid = os.fork()
if pid == 0:
    os._exit(7)
print("fork", os.waitpid(pid, 0)[1] >> 8)
`)
	requireIsolated(t, ex, "seccomp")
	if ex.Code != 0 {
		t.Fatalf("exit %+v, out %q, stderr %q", ex, out, errs)
	}
	eperm, emfile := strconv.Itoa(int(unix.EPERM)), strconv.Itoa(int(unix.EMFILE))
	want := map[string]string{"unshare_user": eperm, "unshare_ipc": eperm, "clone_newuser": eperm, "mount": eperm,
		"ptrace_traceme": eperm, "keyctl_session": eperm, "add_key": eperm, "request_key": eperm,
		"perf_event_open": eperm, "clock_settime": eperm, "inotify_init1": emfile, "getpid": "0", "fork": "7"}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(l); len(f) == 2 {
			got[f[0]] = f[1]
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %s (errno)", k, got[k], v)
		}
	}
}

// A program can't move itself off the CPUs it was started on: the call
// succeeds and changes nothing.
func TestAffinityStays(t *testing.T) {
	var all unix.CPUSet
	if err := unix.SchedGetaffinity(0, &all); err != nil || all.Count() < 2 {
		t.Skip("fewer than two CPUs to move between")
	}
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, `
import os
start = sorted(os.sched_getaffinity(0))
os.sched_setaffinity(0, {start[-1]})
print(start == sorted(os.sched_getaffinity(0)), len(start))
`)
	requireIsolated(t, ex, "seccomp")
	if ex.Code != 0 || !strings.HasPrefix(out, "True ") || strings.TrimSpace(out) == "True 1" {
		t.Errorf("exit %+v, out %q, stderr %q; want the affinity unchanged", ex, out, errs)
	}
}

// A secret in the caller's session keyring can't be read from inside,
// even by its id.
func TestKeyringUnreachable(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("the program below calls x86-64 system call numbers")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	secret := fmt.Sprintf("perfcon-secret-%d", time.Now().UnixNano())
	id, err := unix.AddKey("user", "perfcon-test", []byte(secret), unix.KEY_SPEC_SESSION_KEYRING)
	if err != nil {
		t.Skipf("no session keyring to put a key in: %v", err)
	}
	defer unix.KeyctlInt(unix.KEYCTL_UNLINK, id, unix.KEY_SPEC_SESSION_KEYRING, 0, 0)
	s := newSandbox(t)
	ex, out, errs := run(t, s, context.Background(), sandbox.Defaults, fmt.Sprintf(`
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
buf = ctypes.create_string_buffer(256)
n = libc.syscall(250, 11, %d, buf, 256)  # KEYCTL_READ
print(n, ctypes.get_errno(), buf.value)
`, id))
	if ex.Code != 0 || strings.Contains(out+errs, secret) || !strings.HasPrefix(out, "-1 ") {
		t.Errorf("exit %+v, out %q, stderr %q; want the key unreadable", ex, out, errs)
	}
}
