package measure

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/table"
)

// sh runs a shell script as a program; ITERATIONS and SCALE arrive as $1
// and $2.
func sh(t *testing.T, script string) lang.Program {
	t.Helper()
	return lang.Program{Dir: t.TempDir(), Argv: []string{"/bin/sh", "-c", script, "sh"}}
}

// spin is a program whose CPU cost is ITERATIONS × SCALE units.
func spin(t *testing.T) lang.Program {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	return lang.Program{Dir: t.TempDir(), Argv: []string{py, "-c",
		"import sys\nn=int(sys.argv[1])*int(sys.argv[2])\ns=0\nfor i in range(n): s+=i\nprint(s)"}}
}

func TestSlowerMeasuresSlower(t *testing.T) {
	r := &Runner{CPU: -1}
	p := spin(t)
	fast, err := r.Run(context.Background(), p, 1, 200000)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := r.Run(context.Background(), p, 10, 200000)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Status != table.StatusOK || slow.Status != table.StatusOK {
		t.Fatalf("statuses %s, %s; want ok", fast.Status, slow.Status)
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
}

func TestMemoryShowsInMaxRSS(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	prog := func(mb int) lang.Program {
		return lang.Program{Dir: t.TempDir(), Argv: []string{py, "-c",
			"b = bytearray(" + strconv.Itoa(mb) + " << 20); b[::4096] = b'x' * len(b[::4096]); print(len(b))"}}
	}
	r := &Runner{CPU: -1}
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
}

func TestStatuses(t *testing.T) {
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
			r := &Runner{CPU: -1, MaxStdout: 4096}
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
}

// A hang ends as a timeout, and the whole process group dies with it: the
// grandchild holding stdout open would otherwise keep Wait from returning.
func TestTimeoutKillsGroup(t *testing.T) {
	r := &Runner{CPU: -1, Timeout: 300 * time.Millisecond}
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
}

func TestPinnedToOneCPU(t *testing.T) {
	var allowed unix.CPUSet
	if err := unix.SchedGetaffinity(0, &allowed); err != nil {
		t.Fatal(err)
	}
	cpu := 0
	for !allowed.IsSet(cpu) {
		cpu++
	}
	r := &Runner{CPU: cpu}
	res, err := r.Run(context.Background(), sh(t, `grep Cpus_allowed_list /proc/self/status | cut -f2`), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != strconv.Itoa(cpu) {
		t.Errorf("child may run on CPUs %q, want only %d", res.Digest, cpu)
	}
}

func TestEnvironmentIsFixed(t *testing.T) {
	t.Setenv("PERFCON_LEAK", "secret")
	r := &Runner{CPU: -1}
	p := sh(t, `echo "${PERFCON_LEAK:-none} $LC_ALL $EXTRA"`)
	p.Env = []string{"EXTRA=yes"}
	res, err := r.Run(context.Background(), p, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.Digest != "none C yes" {
		t.Errorf("child saw %q, want %q", res.Digest, "none C yes")
	}
}

func TestCalibrate(t *testing.T) {
	r := &Runner{CPU: -1}
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
		if seen[i] < 2*seen[i-1] || seen[i]&(seen[i]-1) != 0 {
			t.Errorf("iterations went %v: want powers of two, at least doubling", seen)
		}
	}
	if n != seen[len(seen)-1] {
		t.Errorf("returned %d, last tried %d", n, seen[len(seen)-1])
	}
}

func TestCalibrateStopsOnFailure(t *testing.T) {
	r := &Runner{CPU: -1}
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
