package main

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

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

	rng := rand.New(rand.NewSource(4096))
	// A filter sized for 50k keys at ~10 bits per key, 7 probes: it fits
	// in the L2 cache.
	const members = 50000
	b := NewBloom(members*10, 7)
	for i := 0; i < members; i++ {
		b.Add(rng.Uint64())
	}
	// Look up the members again interleaved with unknown keys.
	rng2 := rand.New(rand.NewSource(4096))
	keys := make([]uint64, scale)
	for i := range keys {
		if i%2 == 0 && i/2 < members {
			keys[i] = rng2.Uint64()
		} else {
			keys[i] = rng.Uint64()
		}
	}

	last, sum := 0, 0
	for i := 0; i < iters; i++ {
		last = CountMaybePresent(b, keys)
		sum += last
	}
	fmt.Printf("%d %d\n", last, sum/iters)
}
