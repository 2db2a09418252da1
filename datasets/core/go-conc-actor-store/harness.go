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

	// The store and the base lookups, from scale alone. About one lookup
	// in ten is for a key the store does not know.
	rng := rand.New(rand.NewPCG(60601, 0))
	nkeys := max(scale/4, 1)
	names := make([]string, nkeys+nkeys/10+1)
	for i := range names {
		names[i] = "key-" + strconv.Itoa(i)
	}
	s := NewQuotaStore()
	for i := 0; i < nkeys; i++ {
		limit := int64(1000 + rng.IntN(100000))
		s.Set(names[i], Quota{Limit: limit, Used: rng.Int64N(limit + 500)})
	}
	base := make([]string, scale)
	for i := range base {
		base[i] = names[rng.IntN(len(names))]
	}
	changes := max(scale/50, 1)

	keys := make([]string, scale)
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's lookups: a copy of the base lookups where 2% of
		// the keys, drawn from seed+i alone, are replaced.
		src.Seed(seed+uint64(i), 0x9007a)
		copy(keys, base)
		for range changes {
			keys[rng.IntN(scale)] = names[rng.IntN(len(names))]
		}
		if inputsOnly {
			h = digestMix(h, uint64(len(keys[rng.IntN(scale)])))
			continue
		}
		h = digestMix(h, uint64(RemainingFor(s, keys)))
	}
	s.Close()
	fmt.Printf("%016x\n", h)
}
