package main

import (
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"strconv"
)

const channels = 512

func workload(rows int) *Frame {
	rng := rand.New(rand.NewSource(2718))
	f := &Frame{Rows: rows, Cols: channels, Data: make([]uint16, rows*channels)}
	base := make([]int, channels)
	for c := range base {
		base[c] = 1000 + rng.Intn(60000)
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < channels; c++ {
			v := base[c] + rng.Intn(2001) - 1000
			f.Data[r*channels+c] = uint16(max(0, min(0xFFFF, v)))
		}
	}
	return f
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
	f := workload(scale)

	var out []Range
	total := 0
	for i := 0; i < iters; i++ {
		out = ChannelRanges(f)
		total += len(out)
	}

	h := fnv.New64a()
	for _, r := range out {
		fmt.Fprintf(h, "%d %d %d\n", r.Min, r.Max, r.Sum)
	}
	fmt.Printf("%016x %d\n", h.Sum64(), total/iters)
}
