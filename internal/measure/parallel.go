package measure

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// Parallelism is how many of cpus this machine gives a job right now:
// the same CPU-bound work is done by one thread that may run on any of
// cpus and split over one thread pinned to each, a few times in turn,
// and the result is the median one-thread time over the median split
// time. On
// idle CPUs it is about len(cpus); when another job, or the host of a
// virtual machine, holds all but one of them, it is about 1. A wall-time
// speedup from parallelism can only show where it is well over 1.
//
// The probe takes about half a second; it runs in this process, so
// nothing else of it should be busy meanwhile.
func Parallelism(ctx context.Context, cpus []int) (float64, error) {
	if len(cpus) < 2 {
		return 1, nil
	}
	// One thread may run on any of cpus; k threads get one CPU each, so
	// that a CPU the machine holds back slows its thread, as it slows the
	// share of a program's work that landed there.
	var set unix.CPUSet
	each := make([]unix.CPUSet, len(cpus))
	for i, c := range cpus {
		set.Set(c)
		each[i].Set(c)
	}
	k := len(cpus)
	// Every probe thread needs a P of its own to run at once, and the
	// rest of the process one more.
	if procs := runtime.GOMAXPROCS(0); procs <= k {
		defer runtime.GOMAXPROCS(procs)
		runtime.GOMAXPROCS(k + 1)
	}
	// Units of work for about probeTime on one thread, by doubling.
	units := 1 << 16
	for {
		d, err := spinOn([]unix.CPUSet{set}, units)
		if err != nil {
			return 0, err
		}
		if d >= probeTime/8 || units >= 1<<34 {
			units = int(float64(units) * float64(probeTime) / float64(max(d, time.Microsecond)))
			break
		}
		units *= 2
	}
	units = max(k, units/k*k)
	var one, split []time.Duration
	for range probeRounds {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		d1, err := spinOn([]unix.CPUSet{set}, units)
		if err != nil {
			return 0, err
		}
		dk, err := spinOn(each, units)
		if err != nil {
			return 0, err
		}
		one, split = append(one, d1), append(split, dk)
	}
	return float64(Median(one)) / float64(max(Median(split), 1)), nil
}

// Given says whether a parallelism measured on k CPUs gives them: at
// least half the ideal gain (1.5 on 2 CPUs, 2.5 on 4). Idle CPUs of a
// shared 2-CPU virtual machine give 1.45 to 1.96 (mostly over 1.7); one
// CPU taken by another thread leaves 0.9 to 1.3.
func Given(parallelism float64, k int) bool {
	return k < 2 || parallelism >= 1+0.5*float64(k-1)
}

// WaitForCPUs probes cpus every few seconds, for up to wait, until the
// machine gives them (Given), and returns the last figure. It waits
// before its first probe: call it after one that found them taken.
func WaitForCPUs(ctx context.Context, cpus []int, wait time.Duration) (float64, error) {
	deadline := time.Now().Add(wait)
	for {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(max(0, min(time.Until(deadline), 5*time.Second))):
		}
		par, err := Parallelism(ctx, cpus)
		if err != nil || Given(par, len(cpus)) || time.Until(deadline) <= 0 {
			return par, err
		}
	}
}

// NotGiven begins what a reason says of a machine that does not give a
// wall-time run its CPUs (ShortOfCPUs), for readers that look for it.
const NotGiven = "this machine is not giving wall-time runs their CPUs"

// ShortOfCPUs says that the machine gave a parallelism of par on k CPUs.
func ShortOfCPUs(par float64, k int) string {
	return fmt.Sprintf("%s: a CPU-bound probe ran only %.2fx faster on %d threads than on one", NotGiven, par, k)
}

const (
	probeTime   = 60 * time.Millisecond // one thread's share of one round
	probeRounds = 5
)

// busySink keeps the probe's work from being optimised away.
var busySink uint64

// spinOn splits units of work over one OS thread per set, each confined
// to its set, and times them from the first one's start to the last
// one's end (the time to wake them is not the machine's to give).
func spinOn(sets []unix.CPUSet, units int) (time.Duration, error) {
	threads := len(sets)
	var ready, done sync.WaitGroup
	release := make(chan struct{})
	errs := make(chan error, threads)
	sums := make([]uint64, threads)
	starts, ends := make([]time.Time, threads), make([]time.Time, threads)
	ready.Add(threads)
	done.Add(threads)
	for i := range threads {
		go func() {
			defer done.Done()
			// The thread is not unlocked: it exits with the goroutine,
			// so its affinity never reaches another one.
			runtime.LockOSThread()
			err := unix.SchedSetaffinity(0, &sets[i])
			ready.Done()
			<-release
			if err != nil {
				errs <- fmt.Errorf("confining a probe thread: %w", err)
				return
			}
			starts[i] = time.Now()
			sums[i] = busyWork(uint64(i), units/threads)
			ends[i] = time.Now()
		}()
	}
	ready.Wait()
	close(release)
	done.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	first, last := starts[0], ends[0]
	for i, s := range sums {
		busySink ^= s
		first, last = minTime(first, starts[i]), maxTime(last, ends[i])
	}
	return last.Sub(first), nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// busyWork is n units of integer work in four independent chains, enough to
// keep one core's arithmetic units busy: two threads on one core (its
// hyperthreads) do not run it twice as fast.
func busyWork(seed uint64, n int) uint64 {
	a, b, c, d := seed+1, seed+2, seed+3, seed+4
	for range n {
		a = a*6364136223846793005 + 1442695040888963407
		b ^= b << 13
		b ^= b >> 7
		b ^= b << 17
		c = c*2862933555777941757 + a
		d += (b ^ c) >> 3
	}
	return a ^ b ^ c ^ d
}
