// Package measuretest holds what tests of measuring code share: the CPUs
// a test may use, and a thread that keeps one busy, to take it from the
// runs under test.
package measuretest

import (
	"runtime"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// Hog keeps cpu busy with a thread of this process until stop is called.
// The test should let the Go runtime run one more thread at once
// (runtime.GOMAXPROCS) than it needs besides.
func Hog(t testing.TB, cpu int) (stop func()) {
	t.Helper()
	var done atomic.Bool
	started := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread exits with it
		var set unix.CPUSet
		set.Set(cpu)
		started <- unix.SchedSetaffinity(0, &set)
		x := uint64(1)
		for !done.Load() {
			for range 1000 {
				x = x*6364136223846793005 + 1442695040888963407
			}
		}
		sink.Add(x)
	}()
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	return func() { done.Store(true) }
}

// sink keeps the hog's work from being optimised away.
var sink atomic.Uint64

// CPUs lists the CPUs this process may run on, skipping the test when
// there are fewer than n: wall time on several CPUs needs them. Such a
// test also needs them idle, which `go test -short` (make test, where
// packages share the machine) does not promise: it skips there, and make
// test-all, one package at a time, runs it.
func CPUs(t testing.TB, n int) []int {
	t.Helper()
	if testing.Short() {
		t.Skipf("needs %d idle CPUs: make test-all runs it", n)
	}
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		t.Fatalf("reading CPU affinity: %v", err)
	}
	var cpus []int
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) < n {
		t.Skipf("this needs %d CPUs; this machine lets tests use %d", n, len(cpus))
	}
	return cpus
}
