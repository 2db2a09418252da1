// Package sandbox runs untrusted programs: each in a private copy of its
// files, with limits on CPU time, memory, processes, open files and file
// size, and, where the kernel allows, with no network, a read-only view of
// everything outside its work directory, and a pid namespace so nothing it
// starts outlives it.
//
// The work is done by a small C helper (csrc/helper.c), built once with the
// system's C compiler and cached. Go can't set rlimits or namespaces for a
// child alone, and perfcon's own binary is too big to fork from: a child
// forked from it starts with the parent's pages in its peak memory.
package sandbox

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

//go:embed csrc/helper.c
var helperSource string

// Limits bound one run. Zero leaves a limit unset.
type Limits struct {
	CPU time.Duration // CPU time (RLIMIT_CPU, whole seconds, rounded up)
	// Memory bounds the memory the program really uses: a memory cgroup
	// where one can be made; without one, Data is the only bound.
	Memory int64
	// Data bounds private writable mappings (RLIMIT_DATA), touched or
	// not: every thread's stack counts in full, so it needs room above
	// Memory.
	Data     int64
	Address  int64 // address space (RLIMIT_AS); runtimes such as Go reserve much more than they use
	Procs    int   // processes and threads: a pids cgroup where one can be made, else RLIMIT_NPROC
	Files    int   // open files (RLIMIT_NOFILE)
	FileSize int64 // the largest file it may write (RLIMIT_FSIZE)
}

// Defaults are the limits of a run unless a caller sets its own.
var Defaults = Limits{Memory: 4 << 30, Data: 12 << 30, Address: 32 << 30, Procs: 4096, Files: 1024, FileSize: 1 << 30}

// Sandbox runs programs through the helper.
type Sandbox struct {
	helper string
	work   string // parent of the runs' work directories
	pids   string // a pids cgroup to make each run's cgroup in; "" if none
	memory string // likewise, a memory cgroup
}

// New builds the helper into dir, once, and keeps the runs' work
// directories there.
func New(ctx context.Context, dir string) (*Sandbox, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(helperSource))
	bin := filepath.Join(dir, "helper-"+hex.EncodeToString(sum[:6]), "helper")
	if _, err := os.Stat(bin); err != nil {
		if err := build(ctx, bin); err != nil {
			return nil, err
		}
	}
	s := &Sandbox{helper: bin, work: filepath.Join(dir, "work"), pids: cgroupV1("pids"), memory: cgroupV1("memory")}
	if err := os.MkdirAll(s.work, 0o755); err != nil {
		return nil, err
	}
	s.removeLeftovers()
	return s, nil
}

// removeLeftovers removes the work directories and cgroups of runs whose
// perfcon is gone (killed, say): their names carry its pid.
func (s *Sandbox) removeLeftovers() {
	gone := func(name, prefix string) bool {
		rest, ok := strings.CutPrefix(name, prefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		return ok && err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == syscall.ESRCH
	}
	if ents, err := os.ReadDir(s.work); err == nil {
		for _, e := range ents {
			if gone(e.Name(), "run-") {
				os.RemoveAll(filepath.Join(s.work, e.Name()))
			}
		}
	}
	for _, parent := range []string{s.pids, s.memory} {
		if parent == "" {
			continue
		}
		if ents, err := os.ReadDir(parent); err == nil {
			for _, e := range ents {
				if e.IsDir() && gone(e.Name(), "perfcon-") {
					os.Remove(filepath.Join(parent, e.Name()))
				}
			}
		}
	}
}

// build compiles the helper to a temporary name and renames it into
// place, so concurrent builders and a stop halfway leave a whole helper or
// none.
func build(ctx context.Context, bin string) error {
	if err := os.MkdirAll(filepath.Dir(filepath.Dir(bin)), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Dir(bin)), "helper.tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "helper.c")
	if err := os.WriteFile(src, []byte(helperSource), 0o644); err != nil {
		return err
	}
	cc := "cc"
	if _, err := exec.LookPath(cc); err != nil {
		cc = "gcc"
	}
	out, err := exec.CommandContext(ctx, cc, "-O2", "-o", filepath.Join(tmp, "helper"), src).CombinedOutput()
	if err != nil {
		return fmt.Errorf("building the sandbox helper with %s: %w\n%s", cc, err, out)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Dir(bin)); err != nil && !errors.Is(err, fs.ErrExist) && !isNotEmpty(err) {
		return err
	}
	return nil
}

func isNotEmpty(err error) bool { return errors.Is(err, syscall.ENOTEMPTY) }

// cgroupV1 finds this process's cgroup of a v1 controller, if this
// process may make children in it.
func cgroupV1(controller string) string {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) != 3 || !strings.Contains(","+f[1]+",", ","+controller+",") {
			continue
		}
		dir := filepath.Join("/sys/fs/cgroup", controller, f[2])
		if unixAccessW(dir) {
			return dir
		}
	}
	return ""
}

func unixAccessW(dir string) bool { return syscall.Access(dir, 2 /* W_OK */) == nil }

// Probe runs a program that does nothing and says how a run is isolated
// on this machine (Exit.Isolation).
func (s *Sandbox) Probe(ctx context.Context) (string, error) {
	var stderr strings.Builder
	ex, err := s.Run(ctx, Cmd{Argv: []string{"/bin/true"}, Env: []string{"PATH=/usr/bin:/bin"}, Stderr: &stderr,
		Limits: Defaults}, nil)
	if err != nil {
		return "", err
	}
	if ex.Code != 0 || ex.Signal != 0 {
		return ex.Isolation, fmt.Errorf("a program that does nothing ended with exit %d, signal %d: %s",
			ex.Code, ex.Signal, strings.TrimSpace(stderr.String()))
	}
	return ex.Isolation, nil
}

// Contains says whether an isolation description, from Probe or a run,
// bounds the processes a program may start: a fork bomb then stalls
// instead of filling the machine's process table.
func Contains(isolation string) bool {
	return strings.Contains(isolation, "procs by cgroup") || strings.Contains(isolation, "procs by rlimit")
}

// ExtraFD is the descriptor the program gets for Cmd.ExtraFiles[i].
func ExtraFD(i int) int { return 4 + i }

// Cmd is one program to run.
type Cmd struct {
	Dir  string   // its files: copied into a private work directory, its working directory
	Argv []string // the program; paths under Dir are rewritten to the copy
	// Env is the whole environment; HOME becomes the work directory and
	// TMPDIR a private one.
	Env            []string
	Stdout, Stderr io.Writer
	Limits         Limits
	// ExtraFiles are passed on to the program, as descriptors ExtraFD(i).
	ExtraFiles []*os.File
	// BeforeExec, when set, is called with the program's pid before the
	// program execs, which waits for it: counters opened here with
	// enable-on-exec count the program from its first instruction.
	BeforeExec func(pid int)
	// Start starts the helper; nil is cmd.Start. A caller pins it here.
	Start func(*exec.Cmd) error
	// Started is told the program's pid once it runs (to sample it).
	Started func(pid int)
}

// Exit is how a run ended.
type Exit struct {
	Signal    int // the signal that ended it, or 0
	Code      int // its exit code when Signal is 0
	User, Sys time.Duration
	MaxRSS    int64         // bytes
	Wall      time.Duration // from just before the program's exec to its end
	// Isolation says what held: e.g. "net, fs, pid isolated; procs by
	// cgroup", with the reason for anything that did not.
	Isolation string
	// Killed is set when the run was stopped: its context ended, or Kill
	// was called.
	Killed bool
	// OutOfMemory is set when the memory cgroup's limit killed it.
	OutOfMemory bool
}

// Run runs c and waits for it. The error is non-nil only when nothing
// could be run; whatever the program does is in Exit. When ctx ends, or
// kill is closed, the program and all it started are killed.
func (s *Sandbox) Run(ctx context.Context, c Cmd, kill <-chan struct{}) (Exit, error) {
	work, err := os.MkdirTemp(s.work, fmt.Sprintf("run-%d-", os.Getpid()))
	if err != nil {
		return Exit{}, err
	}
	defer os.RemoveAll(work)
	if err := os.Mkdir(filepath.Join(work, "tmp"), 0o1777); err != nil {
		return Exit{}, err
	}
	if c.Dir != "" {
		if err := copyTree(c.Dir, work); err != nil {
			return Exit{}, fmt.Errorf("copying %s into the sandbox: %w", c.Dir, err)
		}
	}
	// Paths into the copy are relative: the work directory may be out of
	// the program's sight (under a /tmp it replaces), but it is its
	// working directory.
	argv := make([]string, len(c.Argv))
	for i, a := range c.Argv {
		if c.Dir != "" && strings.HasPrefix(a, c.Dir+string(filepath.Separator)) {
			a = "./" + strings.TrimPrefix(a, c.Dir+string(filepath.Separator))
		}
		argv[i] = a
	}
	l := c.Limits
	args := []string{"-dir", work, "-net", "-fs", "-pid"}
	if l.CPU > 0 {
		args = append(args, "-cpu", strconv.FormatInt(int64((l.CPU+time.Second-1)/time.Second), 10))
	}
	for _, o := range []struct {
		flag string
		v    int64
	}{{"-data", l.Data}, {"-as", l.Address}, {"-nofile", int64(l.Files)}, {"-fsize", l.FileSize}} {
		if o.v > 0 {
			args = append(args, o.flag, strconv.FormatInt(o.v, 10))
		}
	}
	var pidsCG, memCG string
	if l.Procs > 0 {
		// The helper, its init and the program count too.
		if cg, err := s.cgroup(s.pids, "pids.max", int64(l.Procs+3)); err == nil {
			pidsCG = cg
			defer removeCgroup(cg)
			args = append(args, "-cgroup", cg)
		}
		// The rlimit holds too; it counts the user's processes, and as
		// root it counts nothing, which the cgroup makes up for.
		args = append(args, "-nproc", strconv.Itoa(l.Procs))
	}
	if l.Memory > 0 {
		if cg, err := s.cgroup(s.memory, "memory.limit_in_bytes", l.Memory); err == nil {
			memCG = cg
			defer removeCgroup(cg)
			args = append(args, "-cgroup", cg)
		}
	}
	extra := c.ExtraFiles
	var holdW *os.File
	if c.BeforeExec != nil {
		holdR, w, err := os.Pipe()
		if err != nil {
			return Exit{}, err
		}
		defer holdR.Close()
		holdW = w
		defer holdW.Close()
		args = append(args, "-hold", strconv.Itoa(ExtraFD(len(extra))))
		extra = append(append([]*os.File{}, extra...), holdR)
	}
	args = append(append(args, "--"), argv...)

	rd, wr, err := os.Pipe()
	if err != nil {
		return Exit{}, err
	}
	defer rd.Close()
	cmd := exec.Command(s.helper, args...)
	cmd.Dir = work
	cmd.Env = c.Env // the helper sets HOME and TMPDIR
	cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
	cmd.ExtraFiles = append([]*os.File{wr}, extra...)
	// The helper dies with this process, and takes the program with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// A descendant that escaped the group and holds the output open must
	// not keep Wait waiting.
	cmd.WaitDelay = 2 * time.Second
	start := c.Start
	if start == nil {
		start = (*exec.Cmd).Start
	}
	err = start(cmd)
	wr.Close()
	if err != nil {
		return Exit{}, fmt.Errorf("starting the sandbox helper: %w", err)
	}

	var pid atomic.Int64
	var killed atomic.Bool
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-kill:
		case <-done:
			return
		}
		killed.Store(true)
		// The helper's group holds the pid namespace's init: killing it
		// ends everything in the namespace.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		if p := pid.Load(); p > 0 {
			syscall.Kill(-int(p), syscall.SIGKILL)
		}
	}()

	var ex Exit
	var notes []string
	var end string
	var execAt int64
	sc := bufio.NewScanner(rd)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "pid":
			if p, err := strconv.Atoi(f[1]); err == nil {
				pid.Store(int64(p))
				if c.BeforeExec != nil {
					c.BeforeExec(p)
					holdW.Write([]byte{1})
					holdW.Close()
				}
				if c.Started != nil {
					c.Started(p)
				}
			}
		case "isolated", "shared", "unjoined":
			notes = append(notes, strings.Join(f, " "))
		case "joined":
			switch {
			case len(f) < 2:
			case f[1] == pidsCG:
				notes = append(notes, "procs cgroup")
			case f[1] == memCG:
				notes = append(notes, "memory cgroup")
			}
		case "exec":
			if len(f) == 2 {
				execAt, _ = strconv.ParseInt(f[1], 10, 64)
			}
		case "exit", "signal":
			end = sc.Text()
		case "failed":
			end = sc.Text()
		}
	}
	werr := cmd.Wait()
	close(done)
	if memCG != "" {
		ex.OutOfMemory = oomKilled(memCG)
	}
	ex.Isolation = describe(notes)
	ex.Killed = killed.Load()
	if end == "" || strings.HasPrefix(end, "failed") {
		if ex.Killed {
			ex.Signal = int(syscall.SIGKILL)
			return ex, nil
		}
		return ex, fmt.Errorf("sandbox helper: %s (%v)", cmp.Or(end, "no report"), werr)
	}
	var kind string
	var n, user, sys, rss, endAt int64
	if _, err := fmt.Sscan(end, &kind, &n, &user, &sys, &rss, &endAt); err != nil {
		return ex, fmt.Errorf("sandbox helper: unreadable report %q", end)
	}
	var wall int64
	if execAt > 0 && endAt > execAt {
		wall = endAt - execAt
	}
	if kind == "signal" {
		ex.Signal = int(n)
	} else {
		ex.Code = int(n)
	}
	ex.User, ex.Sys = time.Duration(user)*time.Microsecond, time.Duration(sys)*time.Microsecond
	ex.MaxRSS, ex.Wall = rss*1024, time.Duration(wall)
	return ex, nil
}

// describe sums up the helper's notes: "net, fs, pid isolated; procs by
// cgroup", then what did not hold and why.
func describe(notes []string) string {
	var iso, other []string
	procs, memory := "procs by rlimit", "memory by rlimit"
	if os.Geteuid() == 0 {
		procs = "procs unbounded (root, and no pids cgroup)" // RLIMIT_NPROC counts nothing for root
	}
	for _, n := range notes {
		switch f := strings.Fields(n); {
		case f[0] == "isolated":
			iso = append(iso, f[1])
		case f[0] == "procs" && f[1] == "cgroup":
			procs = "procs by cgroup"
		case f[0] == "memory" && f[1] == "cgroup":
			memory = "memory by cgroup"
		default:
			other = append(other, n)
		}
	}
	out := procs + ", " + memory
	if len(iso) > 0 {
		out = strings.Join(iso, ", ") + " isolated; " + out
	}
	if len(other) > 0 {
		out += "; " + strings.Join(other, "; ")
	}
	return out
}

var cgroupSeq atomic.Int64

// cgroup makes a cgroup for one run under parent, with limit written to
// the file named.
func (s *Sandbox) cgroup(parent, file string, limit int64) (string, error) {
	if parent == "" {
		return "", errors.New("no cgroup")
	}
	dir := filepath.Join(parent, fmt.Sprintf("perfcon-%d-%d", os.Getpid(), cgroupSeq.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(strconv.FormatInt(limit, 10)), 0o644); err != nil {
		removeCgroup(dir)
		return "", err
	}
	return dir, nil
}

// oomKilled says whether the kernel killed a process of a memory cgroup
// for its limit.
func oomKilled(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "memory.oom_control"))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "oom_kill" && f[1] != "0" {
			return true
		}
	}
	return false
}

// removeCgroup removes a run's cgroup once its last process is gone.
func removeCgroup(dir string) {
	for i := 0; i < 50; i++ {
		if err := os.Remove(dir); err == nil || errors.Is(err, fs.ErrNotExist) {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// copyTree copies the regular files and folders under src into dst. A
// copy, not links: the program may write its own files without touching
// the originals.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil || rel == "." {
			return err
		}
		to := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			return os.Mkdir(to, info.Mode().Perm()|0o700)
		case info.Mode().IsRegular():
			in, err := os.Open(path)
			if err != nil {
				return err
			}
			defer in.Close()
			out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, in); err != nil {
				out.Close()
				return err
			}
			return out.Close()
		}
		return nil // links, devices and the like are left out
	})
}
