package main

import (
	"fmt"
	"hash/crc32"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

// workload builds the base samples from n alone.
func workload(n int) []Sample {
	rng := rand.New(rand.NewPCG(424242, 0))
	samples := make([]Sample, n)
	ts := int64(1700000000000)
	for i := range samples {
		ts += int64(rng.IntN(1000))
		samples[i] = Sample{
			SeriesID:  uint32(rng.IntN(5000)),
			Timestamp: ts,
			Value:     rng.Int64() - (1 << 62),
			Flags:     uint16(rng.IntN(1 << 16)),
		}
	}
	return samples
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

	base := workload(scale)
	// Copying all samples every iteration would cost about as much as
	// encoding them, so each iteration changes a few samples of one
	// working copy and puts them back afterwards.
	samples := make([]Sample, scale)
	copy(samples, base)
	changed := make([]int, max(scale/200, 1))

	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's block: the base samples with 0.5% of them, drawn
		// from seed+i alone, given a new series, value and flags.
		src.Seed(seed+uint64(i), 0xb10c)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			r := rng.Uint64()
			s := &samples[p]
			s.SeriesID = uint32(r>>16) % 5000
			s.Value = rng.Int64() - (1 << 62)
			s.Flags = uint16(r)
		}
		if inputsOnly {
			s := &samples[changed[len(changed)-1]]
			h = digestMix(h, uint64(s.Value)^uint64(s.SeriesID)<<16^uint64(s.Flags))
		} else {
			block := EncodeBlock(samples)
			// A CRC-32 of the block (hardware-assisted, cheap next to
			// encoding it) and its length.
			h = digestMix(digestMix(h, uint64(len(block))), uint64(crc32.ChecksumIEEE(block)))
		}
		for _, p := range changed {
			samples[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
