package main

import (
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

	rng := rand.New(rand.NewPCG(4096, 0))
	// A filter sized for 50k keys at ~10 bits per key, 7 probes: it fits
	// in the L2 cache.
	const members = 50000
	known := make([]uint64, members)
	b := NewBloom(members*10, 7)
	for i := range known {
		known[i] = rng.Uint64()
		b.Add(known[i])
	}
	// The base lookups: the members again interleaved with unknown keys.
	base := make([]uint64, scale)
	for i := range base {
		if i%2 == 0 && i/2 < members {
			base[i] = known[i/2]
		} else {
			base[i] = rng.Uint64()
		}
	}
	// Copying all keys every iteration would be a sizeable share of the
	// lookups, so each iteration changes a few keys of one working copy
	// and puts them back afterwards.
	keys := make([]uint64, scale)
	copy(keys, base)
	changed := make([]int, 0, max(scale/25, 1))

	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's lookups: the base keys where up to 4% of them (2%
		// on average), drawn from seed+i alone, are replaced, half by a
		// member and half by an unknown key. The result is a count: the
		// number of changes varies too so that it rarely repeats.
		src.Seed(seed+uint64(i), 0xb100)
		changed = changed[:1+rng.IntN(cap(changed))]
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			if r := rng.Uint64(); r&1 == 0 {
				keys[p] = known[(r>>1)%members]
			} else {
				keys[p] = rng.Uint64()
			}
		}
		if inputsOnly {
			h = digestMix(h, keys[changed[len(changed)-1]])
		} else {
			h = digestMix(h, uint64(CountMaybePresent(b, keys)))
		}
		for _, p := range changed {
			keys[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
