package main

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

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

	// The base upload: SCALE blocks of 4-8 KiB, cut at pseudo-random
	// offsets from a 4 MiB buffer of pseudo-random bytes (splitmix64), so
	// that building it stays cheap next to hashing it.
	data := make([]byte, 4<<20)
	x := uint64(31415)
	for i := 0; i+8 <= len(data); i += 8 {
		x += 0x9e3779b97f4a7c15
		z := (x ^ x>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		binary.LittleEndian.PutUint64(data[i:], z^z>>31)
	}
	cut := func(rng *rand.Rand) []byte {
		size := 4096 + rng.IntN(4096)
		off := rng.IntN(len(data) - size)
		return data[off : off+size : off+size]
	}
	rng := rand.New(rand.NewPCG(31415, 0))
	base := make([][]byte, scale)
	for i := range base {
		base[i] = cut(rng)
	}
	changes := max(scale/50, 1)

	blocks := make([][]byte, scale)
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's upload: a copy of the base upload where 2% of the
		// blocks, drawn from seed+i alone, are cut elsewhere.
		src.Seed(seed+uint64(i), 0xb5)
		copy(blocks, base)
		for range changes {
			blocks[rng.IntN(scale)] = cut(rng)
		}
		if inputsOnly {
			b := blocks[rng.IntN(scale)]
			h = digestMix(h, uint64(len(b))<<32^uint64(b[0]))
			continue
		}

		digests := BlockDigests(blocks)
		h = digestMix(h, uint64(len(digests)))
		for j := range digests {
			d := digests[j][:]
			h = digestMix(h, binary.LittleEndian.Uint64(d))
			h = digestMix(h, binary.LittleEndian.Uint64(d[8:]))
			h = digestMix(h, binary.LittleEndian.Uint64(d[16:]))
			h = digestMix(h, binary.LittleEndian.Uint64(d[24:]))
		}
	}
	fmt.Printf("%016x\n", h)
}
