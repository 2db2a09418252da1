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

	// The base result to order, from scale alone.
	rng := rand.New(rand.NewPCG(65537, 0))
	input := make([]Row, scale)
	for i := range input {
		input[i] = Row{
			Key: uint64(rng.IntN(scale/2 + 1)), // plenty of equal keys
			Seq: uint32(i),
			Val: rng.Int32(),
		}
	}
	changes := max(scale/50, 1)

	rows := make([]Row, scale)
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's rows: a copy of the base rows (SortRows sorts in
		// place) where 2% of the rows, drawn from seed+i alone, have a
		// new key and value.
		src.Seed(seed+uint64(i), 0x50f7)
		copy(rows, input)
		for range changes {
			r := &rows[rng.IntN(scale)]
			r.Key = uint64(rng.IntN(scale/2 + 1))
			r.Val = rng.Int32()
		}
		if inputsOnly {
			r := &rows[rng.IntN(scale)]
			h = digestMix(h, r.Key<<32^uint64(r.Val))
			continue
		}

		SortRows(rows)
		// Two lanes, so that the folds of a row overlap.
		k, v := h, uint64(len(rows))
		for j := range rows {
			r := &rows[j]
			k = digestMix(k, r.Key)
			v = digestMix(v, uint64(r.Seq)<<32|uint64(uint32(r.Val)))
		}
		h = digestMix(digestMix(h, k), v)
	}
	fmt.Printf("%016x\n", h)
}
