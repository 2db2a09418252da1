package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

const channels = 512

// workload builds the base frame of rows samples from rows alone.
func workload(rows int) *Frame {
	rng := rand.New(rand.NewPCG(2718, 0))
	f := &Frame{Rows: rows, Cols: channels, Data: make([]uint16, rows*channels)}
	base := make([]int, channels)
	for c := range base {
		base[c] = 1000 + rng.IntN(60000)
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < channels; c++ {
			v := base[c] + rng.IntN(2001) - 1000
			f.Data[r*channels+c] = uint16(max(0, min(0xFFFF, v)))
		}
	}
	return f
}

// digestMix folds x into the running digest h.
func digestMix(h, x uint64) uint64 {
	return bits.RotateLeft64((h^x)*0x9e3779b97f4a7c15, 31)
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

	f := workload(scale)
	// Copying the frame every iteration would cost a good part of a pass
	// over it, so each iteration rewrites a few rows in place and puts
	// them back afterwards.
	changed := make([]int, max(scale/128, 1))
	saved := make([]uint16, len(changed)*channels)

	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's frame: the base frame where 0.8% of the rows,
		// drawn from seed+i alone, are replaced by another row shifted by
		// up to 2000 on every channel.
		src.Seed(seed+uint64(i), 0xf4a3e)
		for j := range changed {
			r := rng.IntN(scale)
			changed[j] = r
			row := f.Data[r*channels : (r+1)*channels]
			copy(saved[j*channels:], row)
			s := rng.IntN(scale)
			other := f.Data[s*channels : (s+1)*channels]
			d := rng.IntN(4001) - 2000
			for c, v := range other {
				row[c] = uint16(max(0, min(0xFFFF, int(v)+d)))
			}
		}
		if inputsOnly {
			r := changed[len(changed)-1]
			h = digestMix(h, uint64(r)<<16|uint64(f.Data[r*channels+rng.IntN(channels)]))
		} else {
			out := ChannelRanges(f)
			h = digestMix(h, uint64(len(out)))
			for _, r := range out {
				h = digestMix(digestMix(h, r.Sum), uint64(r.Min)<<16|uint64(r.Max))
			}
		}
		// Back to the base frame, last change first.
		for j := len(changed) - 1; j >= 0; j-- {
			r := changed[j]
			copy(f.Data[r*channels:(r+1)*channels], saved[j*channels:(j+1)*channels])
		}
	}
	fmt.Printf("%016x\n", h)
}
