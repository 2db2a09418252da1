package measure

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/table"
)

// inModes runs a test outside the sandbox and in it: the protocol holds
// in both.
func inModes(t *testing.T, test func(t *testing.T, sb *sandbox.Sandbox)) {
	t.Run("bare", func(t *testing.T) { test(t, nil) })
	t.Run("sandbox", func(t *testing.T) {
		sb, err := sandbox.New(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		test(t, sb)
	})
}

// sh runs a shell script as a program; ITERATIONS and SCALE arrive as $1
// and $2.
func sh(t *testing.T, script string) lang.Program {
	t.Helper()
	return lang.Program{Dir: t.TempDir(), Argv: []string{"/bin/sh", "-c", script, "sh"}}
}

// spin is a program whose CPU cost is ITERATIONS × SCALE units.
func spin(t *testing.T) lang.Program {
	t.Helper()
	return lang.Program{Dir: t.TempDir(), ReadOnly: pythonPaths(t), Argv: []string{python(t), "-c",
		"import sys\nn=int(sys.argv[1])*int(sys.argv[2])\ns=0\nfor i in range(n): s+=i\nprint(s)"}}
}

func TestSlowerMeasuresSlower(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		r := &Runner{Sandbox: sb}
		p := spin(t)
		// The least of three runs each, interleaved: a start-up slowed by
		// a busy machine is not the program's cost.
		var fast, slow Result
		for i := 0; i < 3; i++ {
			for _, c := range []struct {
				res  *Result
				iter int64
			}{{&fast, 1}, {&slow, 10}} {
				res, err := r.Run(context.Background(), p, c.iter, 200000)
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != table.StatusOK {
					t.Fatalf("%d iterations: status %s; want ok", c.iter, res.Status)
				}
				if i == 0 || res.Wall < c.res.Wall {
					*c.res = res
				}
			}
		}
		if slow.CPUTime() <= fast.CPUTime() || slow.User <= fast.User {
			t.Errorf("10x the work took CPU %v, 1x took %v: want slower", slow.CPUTime(), fast.CPUTime())
		}
		if slow.Wall <= fast.Wall {
			t.Errorf("10x the work took wall %v, 1x took %v: want slower", slow.Wall, fast.Wall)
		}
		if want := strconv.Itoa(10 * 200000 * (10*200000 - 1) / 2); slow.Digest != want {
			t.Errorf("digest %q, want %q", slow.Digest, want)
		}
		if fast.MaxRSS <= 0 {
			t.Errorf("max RSS %d, want > 0", fast.MaxRSS)
		}
	})
}

func TestMemoryShowsInMaxRSS(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		py := python(t)
		prog := func(mb int) lang.Program {
			return lang.Program{Dir: t.TempDir(), ReadOnly: pythonPaths(t), Argv: []string{py, "-c",
				"b = bytearray(" + strconv.Itoa(mb) + " << 20); b[::4096] = b'x' * len(b[::4096]); print(len(b))"}}
		}
		r := &Runner{Sandbox: sb}
		small, err := r.Run(context.Background(), prog(1), 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		big, err := r.Run(context.Background(), prog(200), 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if big.MaxRSS < small.MaxRSS+150<<20 {
			t.Errorf("200 MiB program peaked at %d bytes, 1 MiB one at %d: want at least 150 MiB more", big.MaxRSS, small.MaxRSS)
		}
	})
}

func TestStatuses(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		for _, tc := range []struct {
			name, script string
			want         string
			stderr       string
		}{
			{"ok", `echo noise >&2; echo first; echo digest-$1-$2`, table.StatusOK, "noise"},
			{"exit code", `echo boom >&2; exit 3`, table.StatusRuntimeError, "boom"},
			{"signal", `kill -SEGV $$`, table.StatusRuntimeError, ""},
			{"out of memory", `echo "MemoryError" >&2; exit 1`, table.StatusOOM, "MemoryError"},
			{"output flood", `head -c 200000 /dev/zero | tr '\0' 'x'`, table.StatusRuntimeError, "stdout exceeded"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := &Runner{Sandbox: sb, MaxStdout: 4096}
				res, err := r.Run(context.Background(), sh(t, tc.script), 3, 7)
				if err != nil {
					t.Fatal(err)
				}
				if res.Status != tc.want {
					t.Errorf("status %s, want %s (stderr %q)", res.Status, tc.want, res.Stderr)
				}
				if !strings.Contains(res.Stderr, tc.stderr) {
					t.Errorf("stderr %q, want it to contain %q", res.Stderr, tc.stderr)
				}
				if tc.want == table.StatusOK && res.Digest != "digest-3-7" {
					t.Errorf("digest %q, want the last stdout line digest-3-7", res.Digest)
				}
			})
		}
	})
}

// A run stopped at its timeout keeps what it used until then: its row
// says how far it got.
func TestTimeoutKeepsMeasures(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		r := &Runner{Sandbox: sb, Timeout: time.Second}
		res, err := r.Run(context.Background(), spin(t), 1, 1<<40)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != table.StatusTimeout {
			t.Fatalf("status %s, want timeout", res.Status)
		}
		if res.CPUTime() < 300*time.Millisecond || res.Wall < 500*time.Millisecond || res.MaxRSS == 0 {
			t.Errorf("timeout row: cpu %v, wall %v, peak %d; want what a second of spinning used",
				res.CPUTime(), res.Wall, res.MaxRSS)
		}
	})
}

// A hang ends as a timeout, and the whole process group dies with it: the
// grandchild holding stdout open would otherwise keep Wait from returning.
func TestTimeoutKillsGroup(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		r := &Runner{Sandbox: sb, Timeout: 300 * time.Millisecond}
		start := time.Now()
		res, err := r.Run(context.Background(), sh(t, `sleep 60 & sleep 60; wait`), 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != table.StatusTimeout {
			t.Errorf("status %s, want timeout", res.Status)
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("a 300ms timeout returned after %v", d)
		}
	})
}

func TestPinnedToOneCPU(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		var allowed unix.CPUSet
		if err := unix.SchedGetaffinity(0, &allowed); err != nil {
			t.Fatal(err)
		}
		cpu := 0
		for !allowed.IsSet(cpu) {
			cpu++
		}
		r := &Runner{Sandbox: sb, CPUs: []int{cpu}}
		res, err := r.Run(context.Background(), sh(t, `grep Cpus_allowed_list /proc/self/status | cut -f2`), 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Digest != strconv.Itoa(cpu) {
			t.Errorf("child may run on CPUs %q, want only %d", res.Digest, cpu)
		}
	})
}

func TestEnvironmentIsFixed(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		t.Setenv("PERFCON_LEAK", "secret")
		r := &Runner{Sandbox: sb}
		p := sh(t, `echo "${PERFCON_LEAK:-none} $LC_ALL $EXTRA"`)
		p.Env = []string{"EXTRA=yes"}
		res, err := r.Run(context.Background(), p, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Digest != "none C yes" {
			t.Errorf("child saw %q, want %q", res.Digest, "none C yes")
		}
	})
}

func TestCalibrate(t *testing.T) {
	r := &Runner{}
	p := spin(t)
	var seen []int64
	min := 150 * time.Millisecond
	n, res, err := Calibrate(context.Background(), func(ctx context.Context, iter int64) (Result, error) {
		seen = append(seen, iter)
		return r.Run(ctx, p, iter, 20000)
	}, min, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if res.CPUTime() < min {
		t.Errorf("calibrated run took %v CPU, want at least %v", res.CPUTime(), min)
	}
	for i := 1; i < len(seen); i++ {
		confirm := seen[i] == seen[i-1] && (i < 2 || seen[i-2] != seen[i])
		stepBack := i == len(seen)-1 && seen[i] < seen[i-1] && seen[i-1] == seen[i-2]
		if (!confirm && !stepBack && seen[i] < 2*seen[i-1]) || seen[i]&(seen[i]-1) != 0 {
			t.Errorf("iterations went %v: want powers of two, at least doubling (a count confirmed once, a last step back)", seen)
		}
	}
	if n != seen[len(seen)-1] {
		t.Errorf("returned %d, last tried %d", n, seen[len(seen)-1])
	}
	if res.CPUTime() > 4*min {
		t.Errorf("calibrated run took %v CPU at %d iterations, want it within about twice %v", res.CPUTime(), n, min)
	}
}

// A search whose short runs' costs were noise jumps too far; it steps back
// to the count the long runs' cost calls for, and not below it.
func TestCalibrateTakesBackAnOvershoot(t *testing.T) {
	const setup, per = 100 * time.Millisecond, 5 * time.Millisecond
	cost := func(iter int64) time.Duration {
		if iter == 2 { // noise: two iterations cost almost nothing more than one
			return setup + per + per/50
		}
		return setup + time.Duration(iter)*per
	}
	var seen []int64
	min := 200 * time.Millisecond
	n, res, err := Calibrate(context.Background(), func(_ context.Context, iter int64) (Result, error) {
		seen = append(seen, iter)
		return Result{Status: table.StatusOK, User: cost(iter)}, nil
	}, min, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(64); n != want || res.User != cost(want) {
		t.Errorf("calibrated %d iterations (tried %v), want %d: the fewest whose iterations take %v", n, seen, want, min)
	}
	if slices.Max(seen) <= n {
		t.Errorf("tried %v: the noisy second run should have made the search jump past %d", seen, n)
	}
}

func TestCalibrateStopsOnFailure(t *testing.T) {
	r := &Runner{}
	_, res, err := Calibrate(context.Background(), func(ctx context.Context, iter int64) (Result, error) {
		return r.Run(ctx, sh(t, `exit 1`), iter, 1)
	}, time.Second, 1<<20)
	if err == nil || res.Status != table.StatusRuntimeError {
		t.Errorf("Calibrate of a failing program: status %s, error %v; want runtime_error and an error", res.Status, err)
	}
}

func TestReadHost(t *testing.T) {
	h := ReadHost()
	if h.Kernel == "" || h.CPU == "" {
		t.Errorf("host facts missing: %+v", h)
	}
	if h.Counters != "available" && !strings.HasPrefix(h.Counters, "unavailable: ") {
		t.Errorf("counters %q, want available or unavailable: <reason>", h.Counters)
	}
}

// pythonPaths are the interpreter's folders, which the sandbox shows it.
func pythonPaths(t *testing.T) []string {
	t.Helper()
	a, _ := lang.Lookup("python")
	p, err := a.Paths(context.Background())
	if err != nil {
		t.Skip("no python3")
	}
	return p
}

// python is the interpreter as the Python adapter runs it.
func python(t *testing.T) string {
	t.Helper()
	p, err := lang.Python(context.Background())
	if err != nil {
		t.Skip("no python3")
	}
	return p
}

// py is a Python program given as source; ITERATIONS and SCALE arrive as
// sys.argv[1] and sys.argv[2].
func py(t *testing.T, src string) lang.Program {
	t.Helper()
	return lang.Program{Dir: t.TempDir(), ReadOnly: pythonPaths(t), Argv: []string{python(t), "-c", "import sys\nn, scale = int(sys.argv[1]), int(sys.argv[2])\n" + src}}
}

func scaleRun(p lang.Program) ScaleFunc {
	r := &Runner{Timeout: 30 * time.Second}
	return func(ctx context.Context, scale, iter int64) (Result, error) { return r.Run(ctx, p, iter, scale) }
}

func TestFindScaleDoublesToTarget(t *testing.T) {
	target := 20 * time.Millisecond
	s, err := FindScale(context.Background(), scaleRun(spin(t)), 1000, target, Walls{Time: 10 * time.Second}, 20)
	if err != nil {
		t.Fatal(err)
	}
	if s.PerIteration < Reach(target) || s.Stopped != "" {
		t.Errorf("chose scale %d at %v per iteration (stopped %q); want at least %v", s.Scale, s.PerIteration, s.Stopped, Reach(target))
	}
	if prev := s.Steps[len(s.Steps)-2]; prev.PerIteration >= Reach(target) {
		t.Errorf("went past scale %d at %v per iteration, already at least %v", prev.Scale, prev.PerIteration, Reach(target))
	}
	for i, st := range s.Steps {
		if want := int64(1000) << i; st.Scale != want {
			t.Fatalf("probe %d at scale %d, want %d: steps double from the start", i, st.Scale, want)
		}
	}
	if last := s.Steps[len(s.Steps)-1]; last.Scale != s.Scale || len(s.Steps) < 2 {
		t.Errorf("chose %d after probing %d steps ending at %d; want the last, and some doubling", s.Scale, len(s.Steps), last.Scale)
	}
}

// Each unit of scale holds 10 MiB, and an iteration costs almost nothing:
// only the memory wall can end the search.
const hog = "b = b'x' * (scale * 10 << 20)\nfor _ in range(n):\n    pass\nprint(len(b))\n"

func TestFindScaleStopsAtMemoryWall(t *testing.T) {
	walls := Walls{Time: 10 * time.Second, Memory: 250 << 20}
	s, err := FindScale(context.Background(), scaleRun(py(t, hog)), 2, time.Hour, walls, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Stopped, "memory wall") {
		t.Errorf("stopped %q, want at the memory wall", s.Stopped)
	}
	last := s.Steps[len(s.Steps)-1]
	if last.Wall == "" || last.One.MaxRSS <= walls.Memory || s.Scale != last.Scale/2 {
		t.Errorf("last probe scale %d (RSS %d MiB, wall %q), chose %d; want the scale before the wall",
			last.Scale, last.One.MaxRSS>>20, last.Wall, s.Scale)
	}
	if s.One.MaxRSS > walls.Memory {
		t.Errorf("chosen scale %d uses %d MiB, over the wall", s.Scale, s.One.MaxRSS>>20)
	}
}

func TestFindScaleHalvesAStartPastTheWall(t *testing.T) {
	walls := Walls{Time: 10 * time.Second, Memory: 250 << 20}
	s, err := FindScale(context.Background(), scaleRun(py(t, hog)), 64, time.Hour, walls, 20)
	if err != nil {
		t.Fatal(err)
	}
	if s.Scale >= 64 || s.One.MaxRSS > walls.Memory || !strings.Contains(s.Stopped, "memory wall") {
		t.Errorf("chose %d (RSS %d MiB, stopped %q); want a halved scale under the wall", s.Scale, s.One.MaxRSS>>20, s.Stopped)
	}
}

func TestFindScaleFailures(t *testing.T) {
	ctx := context.Background()
	_, err := FindScale(ctx, scaleRun(py(t, "print(sum(range(1000)))\n")), 1, 20*time.Millisecond, Walls{Time: 10 * time.Second}, 3)
	if err == nil || !strings.Contains(err.Error(), "does the harness use its scale") {
		t.Errorf("harness that ignores its scale: %v", err)
	}
	_, err = FindScale(ctx, scaleRun(py(t, "raise ValueError('broken harness')\n")), 1, 20*time.Millisecond, Walls{Time: 10 * time.Second}, 3)
	if err == nil || !strings.Contains(err.Error(), "ValueError: broken harness") {
		t.Errorf("crashing harness: %v; want the error's last line", err)
	}
}

// A harness whose set-up alone takes longer than min still runs enough
// iterations that they, not the set-up, make up min.
func TestCalibrateLooksPastSetup(t *testing.T) {
	r := &Runner{}
	// About 150 ms of set-up and 3 ms an iteration: the iterations need
	// some 32 to reach min, four times the count asserted below, so that
	// the noise of one run's CPU time (a tenth or two of it here) cannot
	// end the search that early.
	p := py(t, "s = 0\nfor i in range(1_000_000):\n    s += i\nfor _ in range(n):\n    for i in range(scale):\n        s += i\nprint(s)\n")
	min := 100 * time.Millisecond
	one, err := r.Run(context.Background(), p, 1, 20000)
	if err != nil || one.Status != table.StatusOK {
		t.Fatal(err, one.Status)
	}
	if one.CPUTime() < min {
		t.Skipf("set-up took %v, under %v: this machine is too fast for the test", one.CPUTime(), min)
	}
	n, _, err := Calibrate(context.Background(), func(ctx context.Context, iter int64) (Result, error) {
		return r.Run(ctx, p, iter, 20000)
	}, min, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if n < 8 {
		t.Errorf("calibrated %d iterations of about 3 ms; want enough for the iterations to reach %v", n, min)
	}
}

// Mean memory is sampled while the program runs: a program that holds
// 100 MiB for most of its life has a mean near that, never above its peak.
func TestMeanRSS(t *testing.T) {
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		r := &Runner{Sandbox: sb}
		p := py(t, "import time\nb = bytearray(100 << 20)\nb[::4096] = b'x' * len(b[::4096])\ntime.sleep(0.3)\nprint(1)\n")
		res, err := r.Run(context.Background(), p, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != table.StatusOK {
			t.Fatalf("status %s: %s", res.Status, res.Stderr)
		}
		if res.MeanRSS < 60<<20 || res.MeanRSS > res.MaxRSS {
			t.Errorf("mean RSS %d MiB, peak %d MiB; want the mean near 100 MiB and under the peak", res.MeanRSS>>20, res.MaxRSS>>20)
		}
	})
}

// The cachegrind meter counts instructions: more work counts more, and the
// same run counts the same every time.
func TestCachegrindCountsInstructions(t *testing.T) {
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("no valgrind")
	}
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		p := cProgram(t)
		r := &Runner{Sandbox: sb, Meter: MeterCachegrind, Timeout: time.Minute}
		var counts []int64
		for _, scale := range []int64{2, 2, 20} {
			res, err := r.Run(context.Background(), p, 1, scale)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != table.StatusOK || res.Instructions == nil {
				t.Fatalf("status %s, instructions %v: %s", res.Status, res.Instructions, res.Stderr)
			}
			if strings.Contains(res.Stderr, "==") {
				t.Errorf("valgrind's log reached the program's stderr: %q", res.Stderr)
			}
			counts = append(counts, *res.Instructions)
		}
		if d := math.Abs(float64(counts[0]-counts[1])) / float64(counts[0]); d > 0.001 {
			t.Errorf("the same run counted %d and %d instructions", counts[0], counts[1])
		}
		if counts[2] < 5*counts[0] {
			t.Errorf("10x the work counted %d instructions, 1x %d: want at least 5x", counts[2], counts[0])
		}
	})
}

// A spike of CPU time in one probe of a harness that ignores its scale
// does not pass for the target: the looks after it unmask it. A workload
// whose cost really grows is sized as before.
func TestFindScaleLooksTwiceAtALeap(t *testing.T) {
	target := 20 * time.Millisecond
	calls := 0
	spiky := func(_ context.Context, scale, iter int64) (Result, error) {
		calls++
		cpu := 30*time.Millisecond + time.Duration(iter)*time.Microsecond // start-up, and a trivial workload
		if calls == 6 {                                                   // the many-iteration run of the third probe
			cpu += 200 * time.Millisecond
		}
		return Result{Status: table.StatusOK, User: cpu, Digest: "d"}, nil
	}
	s, err := FindScale(context.Background(), spiky, 1000, target, Walls{Time: 10 * time.Second}, 8)
	if err == nil || !strings.Contains(err.Error(), "does the harness use its scale") {
		t.Errorf("a spike at scale %d passed for the target: %v (steps %+v)", s.Scale, err, s.Steps)
	}

	linear := func(_ context.Context, scale, iter int64) (Result, error) {
		return Result{Status: table.StatusOK, User: 30*time.Millisecond + time.Duration(iter*scale)*time.Microsecond, Digest: "d"}, nil
	}
	s, err = FindScale(context.Background(), linear, 1000, target, Walls{Time: 10 * time.Second}, 8)
	if err != nil || s.Scale != 16000 {
		t.Errorf("a linear workload: scale %d, %v; want 16000 (16 ms an iteration, the doubling nearest 20 ms)", s.Scale, err)
	}
}

// A trial that can't start because of code before says so with a
// *CodeError and its status; one whose program can't be started at all
// is the machine's error, not a CodeError.
func TestTrialErrorsSayWhose(t *testing.T) {
	p := Profile{MinTime: 10 * time.Millisecond, MaxIterations: 4, Timeout: 10 * time.Second, TimeoutFactor: 5}
	r := Runner{}
	_, err := NewTrial(context.Background(), r, p, 1, sh(t, `exit 3`))
	var ce *CodeError
	if !errors.As(err, &ce) || ce.Status != table.StatusRuntimeError {
		t.Errorf("code before exits 3: %v, want a CodeError with runtime_error", err)
	}
	_, err = NewTrial(context.Background(), r, p, 1, sh(t, `echo fast`))
	if !errors.As(err, &ce) || ce.Status != table.StatusOK {
		t.Errorf("code before never reaches the minimum time: %v, want a CodeError with status ok", err)
	}
	missing := lang.Program{Dir: t.TempDir(), Argv: []string{filepath.Join(t.TempDir(), "no-such-program")}}
	_, err = NewTrial(context.Background(), r, p, 1, missing)
	if err == nil || errors.As(err, &ce) {
		t.Errorf("a program that can't start: %v, want the machine's error", err)
	}
	_, err = NewTrialAt(context.Background(), r, p, 1, 2, sh(t, `exit 3`))
	if !errors.As(err, &ce) || ce.Status != table.StatusRuntimeError {
		t.Errorf("NewTrialAt, code before exits 3: %v", err)
	}
}

// A variant that does its work in a child it never waits for gets no
// credit: the run is an error, and the child's CPU time is in its cost, so
// it measures no cheaper than doing the work itself.
func TestUnwaitedWorkGetsNoCredit(t *testing.T) {
	sb, err := sandbox.New(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{Sandbox: sb, Timeout: 30 * time.Second}
	const work = "def work():\n    s = 0\n    for i in range(scale):\n        s += i\n    return s\n"
	own, err := r.Run(context.Background(), py(t, work+"print(work())\n"), 1, 3_000_000)
	if err != nil || own.Status != table.StatusOK {
		t.Fatalf("the work itself: %v %s %s", err, own.Status, own.Stderr)
	}
	// The program prints the digest at once and leaves the work to a
	// child, which it waits to hear from but never waits for.
	handed, err := r.Run(context.Background(), py(t, work+`import os
rd, wr = os.pipe()
if os.fork() == 0:
    work()
    os.write(wr, b"done")
    os._exit(0)
print(sum(range(scale)))
os.read(rd, 4)
`), 1, 3_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if handed.Status != table.StatusRuntimeError || !strings.Contains(handed.Stderr, "never waited for") {
		t.Errorf("work in an unwaited child: status %s, stderr %q; want a runtime error naming the child", handed.Status, handed.Stderr)
	}
	if handed.CPUTime() < own.CPUTime()*3/4 {
		t.Errorf("work in an unwaited child measured %v of CPU, the work itself %v", handed.CPUTime(), own.CPUTime())
	}
}

// Under cachegrind, a program that writes a count of its own to
// valgrind's descriptor does not get it taken: valgrind's summary, written
// after the program ends, is what counts.
func TestCachegrindCountIsValgrinds(t *testing.T) {
	if _, err := exec.LookPath("valgrind"); err != nil {
		t.Skip("no valgrind")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "forge.c")
	code := `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
	const char *fake = "==1== I   refs:      1\n";
	for (int fd = 3; fd < 64; fd++) write(fd, fake, strlen(fake));
	long n = atol(argv[2]) * 1000000L;
	volatile unsigned long s = 0;
	for (long i = 0; i < n; i++) s += i ^ (s >> 3);
	printf("%lu\n", (unsigned long)s);
	return 0;
}
`
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cc", "-O1", "-o", filepath.Join(dir, "forge"), src).CombinedOutput(); err != nil {
		t.Skipf("no C compiler: %v\n%s", err, out)
	}
	inModes(t, func(t *testing.T, sb *sandbox.Sandbox) {
		r := &Runner{Sandbox: sb, Meter: MeterCachegrind, Timeout: time.Minute}
		res, err := r.Run(context.Background(), lang.Program{Dir: dir, Argv: []string{filepath.Join(dir, "forge")}}, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != table.StatusOK || res.Instructions == nil {
			t.Fatalf("status %s, instructions %v: %s", res.Status, res.Instructions, res.Stderr)
		}
		if *res.Instructions < 1_000_000 {
			t.Errorf("counted %d instructions for 2 million loop turns: the program's own count was taken", *res.Instructions)
		}
	})
}
