package measure

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/perfcon/perfcon/internal/sandbox"
	"github.com/perfcon/perfcon/internal/table"
)

// Counting starts at the program's exec: counted with the software task
// clock (which every machine has), the count is the program's CPU time.
func TestCountingFromExec(t *testing.T) {
	saved, savedCycles := counted, cycles
	defer func() { counted, cycles = saved, savedCycles }()
	counted.Type, counted.Config = unix.PERF_TYPE_SOFTWARE, unix.PERF_COUNT_SW_TASK_CLOCK
	counted.Bits &^= unix.PerfBitExcludeKernel // the task clock runs in both
	cycles = counted

	sb, err := sandbox.New(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{Sandbox: sb, Count: true}
	res, err := r.Run(context.Background(), spin(t), 1, 2000000)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != table.StatusOK {
		t.Fatalf("status %s: %s", res.Status, res.Stderr)
	}
	if res.Instructions == nil {
		// Fail only where this process may count itself.
		self := openCounter(0, counted)
		if _, err := self.read(); err != nil {
			t.Skipf("perf_event_open is not allowed here: %v", err)
		}
		t.Fatal("no count, though perf events work here")
	}
	for _, n := range []*int64{res.Instructions, res.Cycles} {
		if n == nil {
			t.Fatal("one of the counters gave no count")
		}
		if clock := time.Duration(*n); clock < res.CPUTime()/2 || clock > res.CPUTime()*3/2 {
			t.Errorf("task clock counted %v, rusage says %v of CPU", clock, res.CPUTime())
		}
	}
}

// Where the machine has no counter, a run goes on without a count.
func TestNoCounterNoCount(t *testing.T) {
	if c := probeCounters(); !strings.HasPrefix(c, "unavailable") {
		t.Skipf("this machine has counters (%s)", c)
	}
	sb, err := sandbox.New(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &Runner{Sandbox: sb, Count: true}
	res, err := r.Run(context.Background(), spin(t), 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != table.StatusOK || res.Instructions != nil || res.Cycles != nil {
		t.Errorf("status %s, instructions %v, cycles %v; want ok and no count", res.Status, res.Instructions, res.Cycles)
	}
}
