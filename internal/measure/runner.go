package measure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/table"
)

// Runner runs programs under a fixed protocol. The zero value runs
// unpinned, outside any sandbox, with a 60 s timeout.
type Runner struct {
	// CPUs pins each child to these CPUs; empty leaves it unpinned.
	CPUs []int
	// Kind is the cost kind its results are costed in (table.CostCPU,
	// the default, or table.CostWall): see Result.Cost.
	Kind string
	// Timeout bounds one run; the process group is killed after it.
	Timeout time.Duration
	// MaxStdout bounds a child's output; a child that writes more is
	// stopped.
	MaxStdout int
	// Sandbox, when set, runs every child in it, under Limits (zero:
	// sandbox.Defaults, with a CPU limit just past the timeout).
	Sandbox *sandbox.Sandbox
	Limits  sandbox.Limits
	// Count counts each run's instructions from its exec with the
	// machine's hardware counter (in the sandbox only, which can hold a
	// program until its counter is open).
	Count bool
	// Meter is MeterRusage (the default) or MeterCachegrind: the run
	// under valgrind's cachegrind, which counts the instructions it
	// executes, the same on every run and on any machine.
	Meter string
}

// Meters.
const (
	MeterRusage     = "rusage"
	MeterCachegrind = "cachegrind"
)

// CachegrindSlowdown bounds how much slower a program runs under
// cachegrind, for its timeout.
const CachegrindSlowdown = 100

// Result is one finished run.
type Result struct {
	Status  string // a table.Status* value; never StatusWrongOutput here
	Wall    time.Duration
	User    time.Duration
	Sys     time.Duration
	MaxRSS  int64 // bytes, from wait4
	MeanRSS int64 // bytes, the mean of samples every millisecond; MaxRSS for a run too short to sample
	Digest  string
	Stderr  string // the first lines the child wrote to stderr
	// Isolation says how the sandbox held, "" outside one.
	Isolation string
	ExitCode  int
	// Instructions is the count under MeterCachegrind or from the
	// hardware counter; Cycles from the hardware counter; nil without.
	Instructions *int64
	Cycles       *int64
	// Kind is the runner's cost kind.
	Kind string
}

// CPUTime is user plus system time.
func (r Result) CPUTime() time.Duration { return r.User + r.Sys }

// Cost is the run's time in its cost kind: wall time for table.CostWall,
// else CPU time. Calibration, the scale search and the repeats' precision
// all go by it.
func (r Result) Cost() time.Duration {
	if r.Kind == table.CostWall {
		return r.Wall
	}
	return r.CPUTime()
}

const stderrKeep = 2048

// baseEnv is the whole environment of a measured child, before the
// language's own variables: nothing of the caller's leaks in.
func baseEnv(dir string) []string {
	return []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + dir,
		"TMPDIR=" + os.TempDir(),
		"LANG=C",
		"LC_ALL=C",
		"TZ=UTC",
	}
}

// ended is how a child ended, in or out of the sandbox.
type ended struct {
	wall, user, sys time.Duration
	maxRSS          int64
	code, signal    int
	isolation       string
	outOfMemory     bool // killed at the memory limit
	diskFull        bool // filled its disk bound, of disk bytes
	disk            int64
	instructions    *int64 // counted from exec
	cycles          *int64
	unreaped        int // processes it left behind, killed and reaped after it
}

// Args are a harness's arguments, `ITERATIONS SCALE SEED [inputs]`:
// iteration i's input is made from the scale and Seed+i, and with Inputs
// the harness makes every iteration's input without calling the code
// under test (what making them costs).
type Args struct {
	Iterations, Scale, Seed int64
	Inputs                  bool
}

// Seed is the SEED of every run but validation's checks of the harness:
// the same for every variant, so that their digests compare.
const Seed = 1

func (a Args) argv() []string {
	out := []string{strconv.FormatInt(a.Iterations, 10), strconv.FormatInt(a.Scale, 10), strconv.FormatInt(a.Seed, 10)}
	if a.Inputs {
		out = append(out, "inputs")
	}
	return out
}

// Run executes p with the given iterations and scale, and Seed. The error
// is non-nil only when the child could not be started at all, or when ctx
// ended (the caller stopped: the run is no result); whatever the child
// does is a Status.
func (r *Runner) Run(ctx context.Context, p lang.Program, iterations, scale int64) (Result, error) {
	return r.RunArgs(ctx, p, Args{Iterations: iterations, Scale: scale, Seed: Seed})
}

// RunArgs is Run with every argument of the harness given.
func (r *Runner) RunArgs(ctx context.Context, p lang.Program, a Args) (Result, error) {
	res, err := r.run(ctx, p, a)
	if cerr := ctx.Err(); cerr != nil {
		return Result{}, cerr
	}
	return res, err
}

func (r *Runner) run(ctx context.Context, p lang.Program, a Args) (Result, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	argv := append(append([]string{}, p.Argv...), a.argv()...)
	env := append(baseEnv(p.Dir), p.Env...)
	maxOut := r.MaxStdout
	if maxOut <= 0 {
		maxOut = 64 << 10
	}
	full := make(chan struct{})
	stdout := &capped{max: maxOut, full: full}
	stderr := &capped{max: stderrKeep}
	rss := &sampler{}
	defer rss.stop()

	var vg *meterLog
	if r.Meter == MeterCachegrind {
		var err error
		if vg, err = newMeterLog(); err != nil {
			return Result{}, err
		}
		defer vg.close()
		fd := 3 // the first extra descriptor
		if r.Sandbox != nil {
			fd = sandbox.ExtraFD(0)
		}
		argv = append([]string{"valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
			"--log-fd=" + strconv.Itoa(fd), "--"}, argv...)
	}

	var e ended
	var err error
	if r.Sandbox != nil {
		e, err = r.sandboxed(ctx, p, argv, env, stdout, stderr, full, rss, timeout, vg.files())
	} else {
		e, err = r.bare(ctx, p, argv, env, stdout, stderr, full, rss, vg.files())
	}
	if err != nil {
		return Result{}, err
	}
	res := Result{Wall: e.wall, User: e.user, Sys: e.sys, MaxRSS: e.maxRSS, MeanRSS: rss.mean(e.maxRSS),
		Stderr: firstLines(stderr.String()), ExitCode: e.code, Isolation: e.isolation, Kind: r.Kind}
	switch {
	case ctx.Err() == context.DeadlineExceeded, e.signal == int(syscall.SIGXCPU):
		res.Status = table.StatusTimeout
	case stdout.truncated:
		res.Status = table.StatusRuntimeError
		res.Stderr = fmt.Sprintf("stdout exceeded %d bytes\n", maxOut) + res.Stderr
	case e.outOfMemory, (e.code != 0 || e.signal != 0) && looksOOM(res.Stderr):
		res.Status = table.StatusOOM
	case e.diskFull:
		res.Status = table.StatusRuntimeError
		res.Stderr = fmt.Sprintf("wrote more than %d MiB in all (the disk limit)\n", e.disk>>20) + res.Stderr
	case e.signal == int(syscall.SIGXFSZ):
		res.Status = table.StatusRuntimeError
		res.Stderr = "wrote a file past the size limit\n" + res.Stderr
	case e.signal != 0:
		res.Status = table.StatusRuntimeError
		res.Stderr = fmt.Sprintf("killed by signal %d (%s)\n", e.signal, syscall.Signal(e.signal)) + res.Stderr
	case e.code != 0:
		res.Status = table.StatusRuntimeError
	case e.unreaped > 0:
		// Their CPU time is in the run's, but work left running when the
		// program ends is work its time may not show, and a variant that
		// hands its work to a child it never waits for must not look fast.
		res.Status = table.StatusRuntimeError
		res.Stderr = fmt.Sprintf("left %d child processes it never waited for (killed and counted after it)\n", e.unreaped) + res.Stderr
	default:
		res.Status = table.StatusOK
		// A digest is compared and stored as text: no NUL in it.
		res.Digest = strings.ReplaceAll(lastLine(stdout.String()), "\x00", "\uFFFD")
	}
	if res.Status == table.StatusOK {
		res.Instructions, res.Cycles = e.instructions, e.cycles
	}
	if vg != nil && res.Status == table.StatusOK {
		n, ok := vg.instructions()
		if !ok {
			res.Status = table.StatusRuntimeError
			res.Stderr = "cachegrind reported no instruction count: " + firstLines(vg.text()) + res.Stderr
		} else {
			res.Instructions = &n
		}
	}
	return res, nil
}

// meterLog collects what valgrind writes to its own descriptor.
type meterLog struct {
	r, w *os.File
	buf  bytes.Buffer
	done chan struct{}
}

func newMeterLog() (*meterLog, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	m := &meterLog{r: r, w: w, done: make(chan struct{})}
	go func() {
		defer close(m.done)
		io.Copy(&m.buf, io.LimitReader(r, 1<<20))
		io.Copy(io.Discard, r)
	}()
	return m, nil
}

// files is the descriptor to pass to the child; nil without a log.
func (m *meterLog) files() []*os.File {
	if m == nil {
		return nil
	}
	return []*os.File{m.w}
}

// text waits for the child's end of the pipe to close and returns the log.
func (m *meterLog) text() string {
	m.w.Close()
	<-m.done
	return m.buf.String()
}

func (m *meterLog) close() {
	m.w.Close()
	m.r.Close()
}

var instructionRefs = regexp.MustCompile(`I\s+refs:\s+([\d,]+)`)

// instructions reads valgrind's count from its summary. The program can
// write to valgrind's descriptor too, but valgrind writes its summary
// after the program has ended (and a run that leaves a process behind to
// write after it is an error): the last count is valgrind's.
func (m *meterLog) instructions() (int64, bool) {
	all := instructionRefs.FindAllStringSubmatch(m.text(), -1)
	if all == nil {
		return 0, false
	}
	mm := all[len(all)-1]
	n, err := strconv.ParseInt(strings.ReplaceAll(mm[1], ",", ""), 10, 64)
	return n, err == nil
}

// bare runs the child directly, in its own process group.
func (r *Runner) bare(ctx context.Context, p lang.Program, argv, env []string, stdout, stderr io.Writer,
	full <-chan struct{}, rss *sampler, extra []*os.File) (ended, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = p.Dir
	cmd.Env = env
	cmd.ExtraFiles = extra
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 2 * time.Second // a descendant that escaped the group can't keep Wait waiting
	start, err := r.start(cmd)
	if err != nil {
		return ended{}, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	rss.start(cmd.Process.Pid)
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-full:
		case <-done:
			return
		}
		// The whole group: a child's children die with it.
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}()
	werr := cmd.Wait()
	if errors.Is(werr, exec.ErrWaitDelay) {
		werr = nil // it exited; what it left behind was cut off
	}
	e := ended{wall: time.Since(start), code: -1}
	close(done)
	var ee *exec.ExitError
	if werr != nil && !errors.As(werr, &ee) {
		return ended{}, werr
	}
	if st := cmd.ProcessState; st != nil {
		e.code = st.ExitCode()
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			e.signal = int(ws.Signal())
		}
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			e.user = time.Duration(ru.Utime.Nano())
			e.sys = time.Duration(ru.Stime.Nano())
			e.maxRSS = ru.Maxrss * 1024 // Linux reports KiB
		}
	}
	return e, nil
}

// sandboxed runs the child in r.Sandbox.
func (r *Runner) sandboxed(ctx context.Context, p lang.Program, argv, env []string, stdout, stderr io.Writer,
	full <-chan struct{}, rss *sampler, timeout time.Duration, extra []*os.File) (ended, error) {
	l := r.Limits
	if l == (sandbox.Limits{}) {
		l = sandbox.Defaults
	}
	if l.CPU == 0 {
		// The timeout comes first; this is a backstop. A run on k CPUs
		// may spend k seconds of CPU time a second.
		l.CPU = time.Duration(max(1, len(r.CPUs)))*timeout + time.Second
	}
	cmd := sandbox.Cmd{Dir: p.Dir, Argv: argv, Env: env, ReadOnly: p.ReadOnly, Stdout: stdout, Stderr: stderr,
		Limits: l, ExtraFiles: extra, Start: func(cmd *exec.Cmd) error { _, err := r.start(cmd); return err }, Started: rss.start}
	var ctr, cyc *counter
	if r.Count && r.Meter != MeterCachegrind {
		cmd.BeforeExec = func(pid int) { ctr, cyc = openCounter(pid, counted), openCounter(pid, cycles) }
	}
	ex, err := r.Sandbox.Run(ctx, cmd, full)
	var instructions, cycleCount *int64
	if ctr != nil {
		// Read (and closed) whatever happened to the run.
		if n, err := ctr.read(); err == nil {
			instructions = &n
		}
		if n, err := cyc.read(); err == nil {
			cycleCount = &n
		}
	}
	if err != nil {
		return ended{}, err
	}
	e := ended{wall: ex.Wall, user: ex.User, sys: ex.Sys, maxRSS: ex.MaxRSS, code: ex.Code, signal: ex.Signal,
		isolation: ex.Isolation, outOfMemory: ex.OutOfMemory, diskFull: ex.DiskFull, instructions: instructions, cycles: cycleCount,
		unreaped: ex.Unreaped}
	if e.diskFull {
		e.disk = l.Disk
	}
	if ex.Killed && ex.Signal == 0 {
		e.signal = int(syscall.SIGKILL)
	}
	return e, nil
}

// start launches cmd, pinned to r.CPUs when set: the child inherits the
// affinity of the thread that forks it, so that thread is pinned for the
// fork and restored after.
func (r *Runner) start(cmd *exec.Cmd) (time.Time, error) {
	if len(r.CPUs) == 0 {
		start := time.Now()
		return start, cmd.Start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old, pin unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return time.Time{}, fmt.Errorf("reading CPU affinity: %w", err)
	}
	for _, c := range r.CPUs {
		pin.Set(c)
	}
	if err := unix.SchedSetaffinity(0, &pin); err != nil {
		return time.Time{}, fmt.Errorf("pinning to CPUs %v: %w", r.CPUs, err)
	}
	start := time.Now()
	err := cmd.Start()
	if rerr := unix.SchedSetaffinity(0, &old); rerr != nil && err == nil {
		err = rerr
	}
	return start, err
}

func looksOOM(stderr string) bool {
	for _, s := range []string{"MemoryError", "std::bad_alloc", "out of memory", "cannot allocate memory"} {
		if strings.Contains(stderr, s) {
			return true
		}
	}
	return false
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\r\n\t ")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}

func firstLines(s string) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > 20 {
		lines = lines[:20]
	}
	return strings.Join(lines, "")
}

// capped keeps the first max bytes written and notes whether more came;
// full, when set, is closed then.
type capped struct {
	buf       bytes.Buffer
	max       int
	truncated bool
	full      chan struct{}
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room < len(p) {
		if !c.truncated && c.full != nil {
			close(c.full)
		}
		c.truncated = true
		if room > 0 {
			c.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return c.buf.Write(p)
}

// sampler reads a process's resident memory from /proc about every
// millisecond while it runs, for its mean.
type sampler struct {
	done    chan struct{}
	stopped chan struct{}
	sum, n  int64
}

func (s *sampler) start(pid int) {
	if s.done != nil {
		return
	}
	s.done, s.stopped = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.stopped)
		path := "/proc/" + strconv.Itoa(pid) + "/statm"
		page := int64(os.Getpagesize())
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-tick.C:
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return // gone
			}
			f := strings.Fields(string(b))
			if len(f) < 2 {
				return
			}
			if pages, err := strconv.ParseInt(f[1], 10, 64); err == nil && pages > 0 {
				s.sum += pages * page
				s.n++
			}
		}
	}()
}

func (s *sampler) stop() {
	if s.done != nil {
		select {
		case <-s.done:
		default:
			close(s.done)
		}
		<-s.stopped
	}
}

// mean is the mean of the samples, or fallback when there are none.
func (s *sampler) mean(fallback int64) int64 {
	s.stop()
	if s.n == 0 {
		return fallback
	}
	return s.sum / s.n
}

func (c *capped) String() string { return c.buf.String() }

// Gist picks the line of a program's error output that says most: the
// last line of a Python traceback, else the first line that mentions an
// error or a panic, else the first non-empty line.
func Gist(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	if strings.HasPrefix(lines[0], "Traceback (most recent call last)") {
		return lines[len(lines)-1]
	}
	for _, l := range lines {
		if low := strings.ToLower(l); strings.Contains(low, "error") || strings.Contains(low, "panic") {
			return l
		}
	}
	return lines[0]
}

// Bench is what a stage that runs programs sets up first: the sandboxed
// runners and a builder whose builds run in the same sandbox, under one
// cache folder.
type Bench struct {
	// Runner runs CPU-time tasks, pinned to one CPU; For gives the
	// runner of either kind.
	Runner  Runner
	Builder *lang.Builder
	// Wall is the CPUs a wall-time task's runs are given (empty:
	// unpinned, as are CPU-time runs then).
	Wall []int
	// Settings are those the bench was set up with.
	Settings Settings
	stage    string // for the log
	log      io.Writer
}

// For is the runner of tasks of a cost kind: a wall-time task's runs get
// the bench's k CPUs and are costed in wall time, the rest are pinned to
// one CPU and costed in CPU time.
func (b *Bench) For(kind string) Runner {
	r := b.Runner
	if kind == table.CostWall {
		r.Kind, r.CPUs = table.CostWall, b.Wall
	}
	return r
}

// CPUsOf is how many CPUs a run of r may use: its pinned set, or every CPU
// this process may run on when unpinned.
func CPUsOf(r Runner) int {
	if cpus := RunCPUs(r); len(cpus) > 0 {
		return len(cpus)
	}
	return runtime.NumCPU()
}

// Costed says what r's runs are costed in, for logs and reasons: "CPU
// time", or "wall time on k CPUs" ("wall time, unpinned").
func Costed(r Runner) string {
	switch {
	case r.Kind != table.CostWall:
		return "CPU time"
	case len(r.CPUs) == 0:
		return "wall time, unpinned"
	}
	return fmt.Sprintf("wall time on %d CPUs", len(r.CPUs))
}

// AllowedCPUs lists the CPUs this process may run on, in order.
func AllowedCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("reading CPU affinity: %w", err)
	}
	var cpus []int
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// WallCPUs picks the k CPUs of a wall-time run: cpu, the CPU-time runs'
// own, and the highest others this process may run on. Fewer are
// available than k when the second result is below it. A negative cpu
// leaves wall-time runs unpinned too (nil).
func WallCPUs(cpu, k int) ([]int, int, error) {
	if cpu < 0 {
		return nil, 0, nil
	}
	allowed, err := AllowedCPUs()
	if err != nil {
		return nil, 0, err
	}
	set := []int{cpu}
	for i := len(allowed) - 1; i >= 0 && len(set) < k; i-- {
		if allowed[i] != cpu {
			set = append(set, allowed[i])
		}
	}
	slices.Sort(set)
	return set, len(allowed), nil
}

// SandboxedRunner is the runner the stages measure CPU-time tasks with:
// pinned to cpu (unpinned when negative), in a sandbox kept in dir, under
// the profile's limits. It also says how runs are isolated on this
// machine; with require, a sandbox that lacks a layer (sandbox.Layers) is
// an error.
func SandboxedRunner(ctx context.Context, dir string, cpu int, p Profile, require bool) (Runner, string, error) {
	sb, err := sandbox.New(ctx, dir)
	if err != nil {
		return Runner{}, "", err
	}
	probe, err := sb.Probe(ctx)
	if err != nil {
		return Runner{}, "", fmt.Errorf("the sandbox does not work here: %w", err)
	}
	if require && len(probe.Missing) > 0 {
		return Runner{}, probe.Isolation, fmt.Errorf("--require-sandbox: the sandbox here lacks %s",
			strings.Join(probe.Missing, "; "))
	}
	r := Runner{Kind: table.CostCPU, Sandbox: sb, Limits: p.Limits(), Count: probeCounters() == "available"}
	if cpu >= 0 {
		r.CPUs = []int{cpu}
	}
	return r, probe.Isolation, nil
}
