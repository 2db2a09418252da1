package main

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

var services = []string{"frontend", "cart", "checkout", "payments", "inventory", "search", "auth"}

// makeTraces makes n traces of 1 to 40 spans each.
func makeTraces(rng *rand.Rand, n int) []Trace {
	traces := make([]Trace, n)
	for i := range traces {
		binary.LittleEndian.PutUint64(traces[i].TraceID[:8], rng.Uint64())
		binary.LittleEndian.PutUint64(traces[i].TraceID[8:], rng.Uint64())
		spans := make([]Span, 1+rng.IntN(40))
		start := rng.Int64N(1 << 40)
		for j := range spans {
			var parent uint64
			if j > 0 {
				parent = spans[rng.IntN(j)].ID
			}
			s := start + rng.Int64N(1000000)
			spans[j] = Span{
				ID:       rng.Uint64(),
				ParentID: parent,
				Service:  services[rng.IntN(len(services))],
				StartNS:  s,
				EndNS:    s + rng.Int64N(5000000) - 100000,
			}
		}
		traces[i].Spans = spans
	}
	return traces
}

// digestMix folds x into the running digest h.
func digestMix(h, x uint64) uint64 {
	return bits.RotateLeft64((h^x)*0x9e3779b97f4a7c15, 31)
}

// digestString folds s into h: its length, then all its bytes, eight or
// four at a time, the last read overlapping the one before.
func digestString(h uint64, s string) uint64 {
	n := len(s)
	h = digestMix(h, uint64(n))
	switch {
	case n > 8:
		for i := 0; i < n-8; i += 8 {
			h = digestMix(h, stringWord(s[i:]))
		}
		return digestMix(h, stringWord(s[n-8:]))
	case n >= 4:
		lo := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
		hi := uint64(s[n-4]) | uint64(s[n-3])<<8 | uint64(s[n-2])<<16 | uint64(s[n-1])<<24
		return digestMix(h, lo|hi<<32)
	case n > 0:
		return digestMix(h, uint64(s[0])|uint64(s[n/2])<<8|uint64(s[n-1])<<16)
	}
	return h
}

// stringWord is the first eight bytes of s, little endian.
func stringWord(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// digestRows folds rows into h, one lane per field so that the folds of
// a row overlap.
func digestRows(h uint64, rows []SpanRow) uint64 {
	var id0, id1, span, parent, service, duration uint64
	for j := range rows {
		r := &rows[j]
		id0 = digestMix(id0, binary.LittleEndian.Uint64(r.TraceID[:8]))
		id1 = digestMix(id1, binary.LittleEndian.Uint64(r.TraceID[8:]))
		span = digestMix(span, r.SpanID)
		parent = digestMix(parent, r.ParentID)
		service = digestMix(service, digestString(0, r.Service))
		duration = digestMix(duration, uint64(r.Duration))
	}
	h = digestMix(h, uint64(len(rows)))
	for _, l := range []uint64{id0, id1, span, parent, service, duration} {
		h = digestMix(h, l)
	}
	return h
}

func main() {
	bad := func() {
		fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]")
		os.Exit(2)
	}
	args := os.Args[1:]
	if len(args) < 3 || len(args) > 4 || (len(args) == 4 && args[3] != "inputs") {
		bad()
	}
	iters, err1 := strconv.Atoi(args[0])
	scale, err2 := strconv.Atoi(args[1])
	seed, err3 := strconv.ParseUint(args[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || iters < 1 || scale < 1 {
		bad()
	}
	inputsOnly := len(args) == 4

	// The base batch and the traces that replace some of it in an
	// iteration, from scale alone.
	rng := rand.New(rand.NewPCG(1234567, 0))
	base := makeTraces(rng, scale)
	others := makeTraces(rng, scale/16+1)
	// Each iteration changes a few traces of one working copy and puts
	// them back afterwards.
	traces := make([]Trace, scale)
	copy(traces, base)
	changed := make([]int, max(scale/50, 1))
	var rows []SpanRow
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's batch: the base batch where 2% of the traces,
		// drawn from seed+i alone, are replaced by other traces (so the
		// number of spans changes too).
		src.Seed(seed+uint64(i), 0x5a4)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			traces[p] = others[rng.IntN(len(others))]
		}
		if inputsOnly {
			t := &traces[changed[len(changed)-1]]
			h = digestMix(h, uint64(len(t.Spans))<<56^binary.LittleEndian.Uint64(t.TraceID[:]))
		} else {
			rows = FlattenTraces(traces)
			h = digestRows(h, rows)
		}
		for _, p := range changed {
			traces[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
