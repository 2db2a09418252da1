package measure

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/table"
)

// Runner runs programs under a fixed protocol. The zero value runs
// unpinned with a 60 s timeout.
type Runner struct {
	// CPU pins each child to this CPU; negative leaves it unpinned.
	CPU int
	// Timeout bounds one run; the process group is killed after it.
	Timeout time.Duration
	// MaxStdout bounds how much of a child's output is kept.
	MaxStdout int
}

// Result is one finished run.
type Result struct {
	Status   string // a table.Status* value; never StatusWrongOutput here
	Wall     time.Duration
	User     time.Duration
	Sys      time.Duration
	MaxRSS   int64 // bytes
	Digest   string
	Stderr   string // the first lines the child wrote to stderr
	ExitCode int
}

// CPUTime is user plus system time: the default cost.
func (r Result) CPUTime() time.Duration { return r.User + r.Sys }

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

// Run executes p with the given iterations and scale. The error is non-nil
// only when the child could not be started at all; whatever the child does
// is a Status.
func (r *Runner) Run(ctx context.Context, p lang.Program, iterations, scale int64) (Result, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	argv := append(append([]string{}, p.Argv...), strconv.FormatInt(iterations, 10), strconv.FormatInt(scale, 10))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = p.Dir
	cmd.Env = append(baseEnv(p.Dir), p.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	maxOut := r.MaxStdout
	if maxOut <= 0 {
		maxOut = 64 << 10
	}
	stdout := &capped{max: maxOut}
	stderr := &capped{max: stderrKeep}
	cmd.Stdout, cmd.Stderr = stdout, stderr

	start, err := r.start(cmd)
	if err != nil {
		return Result{}, fmt.Errorf("starting %s: %w", argv[0], err)
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			// The whole group: a child's children die with it.
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		case <-done:
		}
	}()
	werr := cmd.Wait()
	wall := time.Since(start)
	close(done)

	res := Result{Wall: wall, Stderr: firstLines(stderr.String()), ExitCode: -1}
	if st := cmd.ProcessState; st != nil {
		res.ExitCode = st.ExitCode()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			res.User = time.Duration(ru.Utime.Nano())
			res.Sys = time.Duration(ru.Stime.Nano())
			res.MaxRSS = ru.Maxrss * 1024 // Linux reports KiB
		}
	}
	var ee *exec.ExitError
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		res.Status = table.StatusTimeout
	case werr != nil && !errors.As(werr, &ee):
		return res, werr
	case werr != nil && looksOOM(res.Stderr):
		res.Status = table.StatusOOM
	case werr != nil:
		res.Status = table.StatusRuntimeError
	case stdout.truncated:
		res.Status = table.StatusRuntimeError
		res.Stderr = fmt.Sprintf("stdout exceeded %d bytes\n", maxOut) + res.Stderr
	default:
		res.Status = table.StatusOK
		res.Digest = lastLine(stdout.String())
	}
	return res, nil
}

// start launches cmd, pinned to r.CPU when set: the child inherits the
// affinity of the thread that forks it, so that thread is pinned for the
// fork and restored after.
func (r *Runner) start(cmd *exec.Cmd) (time.Time, error) {
	if r.CPU < 0 {
		start := time.Now()
		return start, cmd.Start()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old, pin unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return time.Time{}, fmt.Errorf("reading CPU affinity: %w", err)
	}
	pin.Set(r.CPU)
	if err := unix.SchedSetaffinity(0, &pin); err != nil {
		return time.Time{}, fmt.Errorf("pinning to CPU %d: %w", r.CPU, err)
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

// capped keeps the first max bytes written and notes whether more came.
type capped struct {
	buf       bytes.Buffer
	max       int
	truncated bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room < len(p) {
		c.truncated = true
		if room > 0 {
			c.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return c.buf.Write(p)
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
