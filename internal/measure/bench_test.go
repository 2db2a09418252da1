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
// prints a digest.
func cProgram(b testing.TB) lang.Program {
	b.Helper()
	dir := b.TempDir()
	src := filepath.Join(dir, "spin.c")
	code := `#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
	long n = atol(argv[2]) * 1000000L;
	volatile unsigned long s = 0;
	for (long i = 0; i < n; i++) s += i ^ (s >> 3);
	printf("%lu\n", (unsigned long)s);
	return 0;
}
`
	if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("cc", "-O1", "-o", filepath.Join(dir, "spin"), src).CombinedOutput(); err != nil {
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
