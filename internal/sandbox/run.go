package sandbox

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Cmd is one program to run.
type Cmd struct {
	// Dir holds its files: they are copied into its work folder (/work in
	// its own root), its working directory and HOME. The original is never
	// written.
	Dir  string
	Argv []string // the program; paths under Dir are rewritten to the copy
	// Env is the whole environment; the helper sets HOME and TMPDIR.
	Env []string
	// ReadOnly are paths the program may read besides the system's (its
	// language's toolchain); Writable, paths it may write (a build's
	// cache).
	ReadOnly, Writable []string
	// Out, when set, receives the work folder's files (but tmp) once the
	// program has ended: a build's output.
	Out            string
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

// Exit is how a run ended. A run that was killed (its context ended, or
// kill was closed) still has the times and memory measured until then.
type Exit struct {
	Signal    int // the signal that ended it, or 0
	Code      int // its exit code when Signal is 0
	User, Sys time.Duration
	MaxRSS    int64         // bytes
	Wall      time.Duration // from just before the program's exec to its end
	// Isolation says what held: e.g. "net, fs, dev, proc, pid, disk
	// isolated; procs by cgroup, memory by cgroup", then what did not.
	Isolation string
	// Missing names each layer (of Layers, and "user") that did not hold,
	// with the reason: "fs (mounting /dev: Operation not permitted)".
	Missing []string
	// Killed is set when the run was stopped: its context ended, or Kill
	// was called.
	Killed bool
	// OutOfMemory is set when the memory cgroup's limit killed it.
	OutOfMemory bool
	// DiskFull is set when the program filled its Limits.Disk.
	DiskFull bool
	// Unreaped counts the processes the program left behind, running or
	// ended but never waited for: they were killed and reaped after it,
	// and their CPU time is in User and Sys. A run that leaves any did
	// work its own times would not show.
	Unreaped int
}

// run is one run under way.
type run struct {
	s      *Sandbox
	c      Cmd
	work   string // the folder the helper gets: the new root's mount point or the work folder
	cg     runCgroups
	cmd    *exec.Cmd
	report *os.File // the helper's report, read here
	hold   *os.File // written once counters are open
	pid    atomic.Int64
	killed atomic.Bool
}

// Run runs c and waits for it. The error is non-nil only when nothing
// could be run; whatever the program does is in Exit. When ctx ends, or
// kill is closed, the program and all it started are killed.
func (s *Sandbox) Run(ctx context.Context, c Cmd, kill <-chan struct{}) (Exit, error) {
	r := &run{s: s, c: c}
	defer r.cleanup()
	args, err := r.prepare()
	if err != nil {
		return Exit{}, err
	}
	if err := r.start(args); err != nil {
		return Exit{}, err
	}
	done := make(chan struct{})
	go r.watch(ctx, kill, done)
	lines, rerr := r.read()
	werr := r.cmd.Wait()
	close(done)
	return r.exit(lines, rerr, werr)
}

// prepare makes the run's folder and cgroups and returns the helper's
// arguments.
func (r *run) prepare() ([]string, error) {
	work, err := os.MkdirTemp(r.s.work, fmt.Sprintf("run-%d-", os.Getpid()))
	if err != nil {
		return nil, err
	}
	r.work = work
	l := r.c.Limits
	args := []string{"-work", work, "-isolate"}
	if r.c.Dir != "" {
		args = append(args, "-src", r.c.Dir)
	}
	if r.c.Out != "" {
		args = append(args, "-out", r.c.Out)
	}
	// A path already shown with a folder above it costs a mount for
	// nothing.
	ro := slices.Concat(r.s.system, r.c.ReadOnly)
	for i, p := range ro {
		if !under(p, ro) && !slices.Contains(ro[:i], p) {
			args = append(args, "-ro", p)
		}
	}
	for _, p := range r.c.Writable {
		args = append(args, "-rw", p)
	}
	for _, p := range r.s.hide {
		if !slices.ContainsFunc(slices.Concat(r.c.ReadOnly, r.c.Writable), func(q string) bool { return under(q, []string{p}) || q == p }) {
			args = append(args, "-hide", p)
		}
	}
	if l.CPU > 0 {
		args = append(args, "-cpu", strconv.FormatInt(int64((l.CPU+time.Second-1)/time.Second), 10))
	}
	for _, o := range []struct {
		flag string
		v    int64
	}{{"-data", l.Data}, {"-as", l.Address}, {"-nofile", int64(l.Files)}, {"-fsize", l.FileSize}, {"-disk", l.Disk}} {
		if o.v > 0 {
			args = append(args, o.flag, strconv.FormatInt(o.v, 10))
		}
	}
	// The helper, its init and the program count in the pids cgroup too.
	procs := l.Procs
	if procs > 0 {
		procs += 3
	}
	r.cg = r.s.cg.make(procs, l.Memory)
	for _, d := range r.cg.dirs() {
		args = append(args, "-cgroup", d)
	}
	if l.Procs > 0 {
		// The rlimit holds too; it counts the user's processes, and as
		// root it counts nothing, which the cgroup makes up for.
		args = append(args, "-nproc", strconv.Itoa(l.Procs))
	}
	if r.c.BeforeExec != nil {
		args = append(args, "-hold", strconv.Itoa(ExtraFD(len(r.c.ExtraFiles))))
	}
	// Paths into the copy are relative: the work folder is the program's
	// working directory, under whichever root it has.
	args = append(args, "--")
	for _, a := range r.c.Argv {
		if r.c.Dir != "" && strings.HasPrefix(a, r.c.Dir+string(filepath.Separator)) {
			a = "./" + strings.TrimPrefix(a, r.c.Dir+string(filepath.Separator))
		}
		args = append(args, a)
	}
	return args, nil
}

// start starts the helper, with the report pipe as its descriptor 3.
func (r *run) start(args []string) error {
	rd, wr, err := os.Pipe()
	if err != nil {
		return err
	}
	r.report = rd
	defer wr.Close()
	extra := append([]*os.File{wr}, r.c.ExtraFiles...)
	if r.c.BeforeExec != nil {
		holdR, holdW, err := os.Pipe()
		if err != nil {
			return err
		}
		defer holdR.Close()
		r.hold = holdW
		extra = append(extra, holdR)
	}
	cmd := exec.Command(r.s.helper, args...)
	cmd.Dir = r.work
	cmd.Env = r.c.Env
	cmd.Stdout, cmd.Stderr = r.c.Stdout, r.c.Stderr
	cmd.ExtraFiles = extra
	// The helper dies with this process, and takes the program with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	// A descendant that escaped the group and holds the output open must
	// not keep Wait waiting.
	cmd.WaitDelay = 2 * time.Second
	r.cmd = cmd
	start := r.c.Start
	if start == nil {
		start = (*exec.Cmd).Start
	}
	if err := start(cmd); err != nil {
		return fmt.Errorf("starting the sandbox helper: %w", err)
	}
	return nil
}

// killGrace is how long a killed program's helper has to report what it
// measured before it is killed too.
const killGrace = 2 * time.Second

// watch kills the run when ctx ends or kill is closed: the program first,
// so that the helper reports its times, then, if it has not ended by then,
// the helper and its namespace.
func (r *run) watch(ctx context.Context, kill <-chan struct{}, done <-chan struct{}) {
	select {
	case <-ctx.Done():
	case <-kill:
	case <-done:
		return
	}
	r.killed.Store(true)
	if p := r.pid.Load(); p > 0 {
		syscall.Kill(-int(p), syscall.SIGKILL)
		select {
		case <-done:
			return
		case <-time.After(killGrace):
		}
	}
	// The helper's group holds the pid namespace's init: killing it
	// ends everything in the namespace.
	syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
}

// read reads the helper's report to its end, acting on the program's pid
// as it comes.
func (r *run) read() ([]line, error) {
	var lines []line
	var bad error
	sc := bufio.NewScanner(r.report)
	for sc.Scan() {
		l, err := parseLine(sc.Text())
		if err != nil {
			bad = cmp.Or(bad, err)
			continue
		}
		lines = append(lines, l)
		if l.kind != kindPid {
			continue
		}
		p := int(l.int(0))
		r.pid.Store(int64(p))
		if r.c.BeforeExec != nil {
			r.c.BeforeExec(p)
			r.hold.Write([]byte{1})
			r.hold.Close()
		}
		if r.c.Started != nil {
			r.c.Started(p)
		}
	}
	return lines, bad
}

// exit makes the Exit of a finished run from its report.
func (r *run) exit(lines []line, bad, werr error) (Exit, error) {
	var ex Exit
	ex.Killed = r.killed.Load()
	ex.OutOfMemory = r.cg.oomKilled()
	isolated := map[string]bool{}
	missing := map[string]string{}
	joined := map[string]bool{}
	var end, failed, reaped *line
	var execAt int64
	for i, l := range lines {
		switch l.kind {
		case kindIsolated:
			isolated[l.str(0)] = true
		case kindMissing:
			missing[l.str(0)] = l.str(1)
		case kindJoined:
			joined[l.str(0)] = true
		case kindUnjoined:
			missing["cgroup"] = l.str(0) + ": " + l.str(1)
		case kindExec:
			execAt = l.int(0)
		case kindEnd:
			end = &lines[i]
		case kindReaped:
			reaped = &lines[i]
		case kindFailed:
			failed = &lines[i]
		}
	}
	if r.c.Limits.Disk <= 0 && missing["disk"] == "" {
		missing["disk"] = "no Limits.Disk"
	}
	ex.Isolation, ex.Missing = r.describe(isolated, missing, joined)
	if end == nil {
		if ex.Killed && failed == nil {
			ex.Signal = int(syscall.SIGKILL)
			return ex, nil
		}
		why := "no report"
		if failed != nil {
			why = failed.str(0)
		} else if bad != nil {
			why = bad.Error()
		}
		return ex, fmt.Errorf("sandbox helper: %s (%v)", why, werr)
	}
	if end.str(0) == "signal" {
		ex.Signal = int(end.int(1))
	} else {
		ex.Code = int(end.int(1))
	}
	ex.User, ex.Sys = time.Duration(end.int(2))*time.Microsecond, time.Duration(end.int(3))*time.Microsecond
	ex.MaxRSS = end.int(4) * 1024
	if reaped != nil {
		ex.Unreaped = int(reaped.int(0))
		ex.User += time.Duration(reaped.int(1)) * time.Microsecond
		ex.Sys += time.Duration(reaped.int(2)) * time.Microsecond
		ex.MaxRSS = max(ex.MaxRSS, reaped.int(3)*1024)
	}
	if at := end.int(5); execAt > 0 && at > execAt {
		ex.Wall = time.Duration(at - execAt)
	}
	// Full: less than a hundredth of the bound (or a page) left.
	if left := end.int(6); left >= 0 && r.c.Limits.Disk > 0 {
		ex.DiskFull = left <= max(r.c.Limits.Disk/100, 4096)
	}
	return ex, nil
}

// describe sums up the layers: "net, fs, dev, proc, pid, disk isolated;
// procs by cgroup, memory by cgroup", then each missing layer and why.
func (r *run) describe(isolated map[string]bool, why map[string]string, joined map[string]bool) (string, []string) {
	var iso, missing []string
	layers := Layers
	if os.Geteuid() != 0 {
		layers = append([]string{"user"}, layers...)
	}
	for _, l := range layers {
		if l == "procs" || l == "memory" {
			continue
		}
		if isolated[l] {
			iso = append(iso, l)
		} else {
			missing = append(missing, fmt.Sprintf("%s (%s)", l, cmp.Or(why[l], "not made")))
		}
	}
	procs, memory := "procs by rlimit", "memory by rlimit"
	switch {
	case r.cg.pids != "" && joined[r.cg.pids]:
		procs = "procs by cgroup"
	case os.Geteuid() == 0:
		// RLIMIT_NPROC counts nothing for root.
		procs = "procs unbounded"
		missing = append(missing, "procs (root, and no pids cgroup: "+r.cgroupWhy(why)+")")
	}
	if r.cg.memory != "" && joined[r.cg.memory] {
		memory = "memory by cgroup"
	} else {
		missing = append(missing, "memory (no memory cgroup: RLIMIT_DATA only, which shared memory escapes: "+r.cgroupWhy(why)+")")
	}
	out := procs + ", " + memory
	if len(iso) > 0 {
		out = strings.Join(iso, ", ") + " isolated; " + out
	}
	if len(missing) > 0 {
		out += "; missing " + strings.Join(missing, ", ")
	}
	return out, missing
}

func (r *run) cgroupWhy(why map[string]string) string {
	return cmp.Or(why["cgroup"], r.s.cg.why, "none made")
}

// cleanup removes the run's folder and cgroups.
func (r *run) cleanup() {
	if r.report != nil {
		r.report.Close()
	}
	if r.hold != nil {
		r.hold.Close()
	}
	r.cg.remove()
	if r.work != "" {
		os.RemoveAll(r.work)
	}
}
