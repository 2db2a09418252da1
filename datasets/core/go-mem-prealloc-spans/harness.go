package main

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"strconv"
)

func workload(n int) []Trace {
	rng := rand.New(rand.NewSource(1234567))
	services := []string{"frontend", "cart", "checkout", "payments", "inventory", "search", "auth"}
	traces := make([]Trace, n)
	for i := range traces {
		rng.Read(traces[i].TraceID[:])
		spans := make([]Span, 1+rng.Intn(40))
		start := rng.Int63n(1 << 40)
		for j := range spans {
			var parent uint64
			if j > 0 {
				parent = spans[rng.Intn(j)].ID
			}
			s := start + rng.Int63n(1000000)
			spans[j] = Span{
				ID:       rng.Uint64(),
				ParentID: parent,
				Service:  services[rng.Intn(len(services))],
				StartNS:  s,
				EndNS:    s + rng.Int63n(5000000) - 100000,
			}
		}
		traces[i].Spans = spans
	}
	return traces
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE")
		os.Exit(2)
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	scale, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || iters < 1 || scale < 1 {
		fmt.Fprintln(os.Stderr, "bad arguments")
		os.Exit(2)
	}
	traces := workload(scale)

	var rows []SpanRow
	total := 0
	for i := 0; i < iters; i++ {
		rows = FlattenTraces(traces)
		total += len(rows)
	}

	h := fnv.New64a()
	var b [8]byte
	for _, r := range rows {
		h.Write(r.TraceID[:])
		binary.LittleEndian.PutUint64(b[:], r.SpanID)
		h.Write(b[:])
		binary.LittleEndian.PutUint64(b[:], r.ParentID)
		h.Write(b[:])
		h.Write([]byte(r.Service))
		binary.LittleEndian.PutUint64(b[:], uint64(r.Duration))
		h.Write(b[:])
	}
	fmt.Printf("%016x %d\n", h.Sum64(), total/iters)
}
