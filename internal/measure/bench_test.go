package measure

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/sandbox"
)

// cProgram compiles a C program that spins for argv[2] × 1e6 steps and
// prints its scale as the digest.
func cProgram(b testing.TB) lang.Program { return cSpin(b, 1) }

// cSpin is cProgram spinning factor times as long.
func cSpin(b testing.TB, factor int) lang.Program {
	b.Helper()
	dir := b.TempDir()
	src := filepath.Join(dir, "spin.c")
	code := `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
	long n = atol(argv[2]) * 1000000L * FACTOR;
	volatile unsigned long s = 0;
	for (long i = 0; i < n; i++) s += i ^ (s >> 3);
	printf("%ld\n", atol(argv[2])); /* the same whatever FACTOR */
	return 0;
}
`
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("cc", "-O1", "-DFACTOR="+strconv.Itoa(factor), "-o", filepath.Join(dir, "spin"), src).CombinedOutput(); err != nil {
		b.Skipf("no C compiler: %v\n%s", err, out)
	}
	return lang.Program{Dir: dir, Argv: []string{filepath.Join(dir, "spin")}}
}

// bareRun forks and execs the program directly and returns its CPU time.
func bareRun(b *testing.B, p lang.Program, scale string) time.Duration {
	cmd := exec.Command(p.Argv[0], "1", scale, "1")
	cmd.Dir = p.Dir
	if err := cmd.Run(); err != nil {
		b.Fatal(err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func newBenchSandbox(b *testing.B) *sandbox.Sandbox {
	sb, err := sandbox.New(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	return sb
}

// BenchmarkRunnerOverhead: the wall time of one run of a program that
// does nothing, under the runner (pinned, in the sandbox, output captured,
// memory sampled) and outside it (the runner without the sandbox), as
// ratios to a bare fork/exec of the same binary. 100 runs of each,
// interleaved.
func BenchmarkRunnerOverhead(b *testing.B) {
	p := cProgram(b)
	sandboxed := &Runner{CPUs: []int{0}, Sandbox: newBenchSandbox(b)}
	plain := &Runner{CPUs: []int{0}}
	for b.Loop() {
		var bare, inSandbox, outside time.Duration
		for range 100 {
			start := time.Now()
			bareRun(b, p, "0")
			bare += time.Since(start)
			start = time.Now()
			if res, err := sandboxed.Run(context.Background(), p, 1, 0); err != nil || res.Status != "ok" {
				b.Fatalf("%v %+v", err, res)
			}
			inSandbox += time.Since(start)
			start = time.Now()
			if _, err := plain.Run(context.Background(), p, 1, 0); err != nil {
				b.Fatal(err)
			}
			outside += time.Since(start)
		}
		b.ReportMetric(float64(inSandbox)/float64(bare), "sandboxed/bare")
		b.ReportMetric(float64(outside)/float64(bare), "runner/bare")
		b.ReportMetric(float64(bare.Microseconds())/100, "bare_us/run")
		b.ReportMetric(float64(inSandbox.Microseconds())/100, "sandboxed_us/run")
	}
}

// BenchmarkCVUnderRunner: the coefficient of variation of the CPU time of
// 10 runs of a CPU-bound program of about a second, under the runner
// (pinned, sandboxed) against the same program forked bare, as a ratio;
// runs alternate.
func BenchmarkCVUnderRunner(b *testing.B) {
	p := cProgram(b)
	r := &Runner{CPUs: []int{0}, Sandbox: newBenchSandbox(b), Timeout: time.Minute}
	// About a second of CPU.
	scale := int64(100)
	if d := bareRun(b, p, "100"); d > 0 {
		scale = int64(100 * float64(time.Second) / float64(d))
	}
	for b.Loop() {
		var under, bare []float64
		for range 10 {
			res, err := r.Run(context.Background(), p, 1, scale)
			if err != nil || res.Status != "ok" {
				b.Fatalf("%v %+v", err, res)
			}
			under = append(under, res.CPUTime().Seconds())
			bare = append(bare, bareRun(b, p, strconv.FormatInt(scale, 10)).Seconds())
		}
		b.ReportMetric(cv(under)/cv(bare), "cv_runner/cv_bare")
		b.ReportMetric(cv(under), "cv_runner")
		b.ReportMetric(cv(bare), "cv_bare")
	}
}

func cv(xs []float64) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	for _, x := range xs {
		sq += (x - mean) * (x - mean)
	}
	return math.Sqrt(sq/float64(len(xs)-1)) / mean
}

// BenchmarkMeasureReusesCodeBefore: a task's measure (trial, warm-up,
// the profile's repeats) when code before's runs kept by validation are
// reused (after the two runs that check they hold), against the same
// measure running code before again, code
// before costing eight times code after; medians of 3 alternating runs.
func BenchmarkMeasureReusesCodeBefore(b *testing.B) {
	ctx := context.Background()
	before, after := cSpin(b, 8), cProgram(b)
	p := Profile{Name: "unit", Repeats: 5, Timeout: time.Minute, TimeoutFactor: 20}
	bench := &Bench{Settings: Settings{Profile: p, CacheDir: b.TempDir(), ReuseBefore: time.Hour}}
	task := Task{ID: "bench", Scale: 10, Iterations: 1}
	measureOnce := func(bench *Bench) (time.Duration, *Trial) {
		start := time.Now()
		trial, err := bench.Trial(ctx, task, before, after)
		if err == nil {
			err = trial.Warm(ctx, func(int, Result, time.Time) error { return nil })
		}
		if err == nil {
			err = trial.Measure(ctx, p, func(int, int, Result, time.Time) error { return nil })
		}
		if err != nil {
			b.Fatal(err)
		}
		if trial.Dead[1] || len(trial.Costs[1]) != p.Repeats {
			b.Fatalf("code after ran %d times, dead %v", len(trial.Costs[1]), trial.Dead[1])
		}
		return time.Since(start), trial
	}
	for range b.N {
		fresh := *bench
		fresh.Settings.ReuseBefore = 0
		_, first := measureOnce(&fresh)
		var kept []Run
		for _, c := range first.Costs[0] {
			kept = append(kept, Run{Result: Result{Status: "ok", User: c, Wall: c, Digest: first.Ref.Digest}, Started: time.Now()})
		}
		if err := bench.Keep(first, kept); err != nil {
			b.Fatal(err)
		}
		var reused, again []time.Duration
		for range 3 {
			d, t := measureOnce(bench)
			if t.Reused == nil {
				b.Fatal("the kept runs of code before were not reused")
			}
			reused = append(reused, d)
			d, _ = measureOnce(&fresh)
			again = append(again, d)
		}
		b.ReportMetric(float64(Median(reused))/float64(Median(again)), "reused/fresh")
		b.ReportMetric(float64(Median(reused).Milliseconds()), "reused_ms")
		b.ReportMetric(float64(Median(again).Milliseconds()), "fresh_ms")
	}
}
