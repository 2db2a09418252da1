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

	rng := rand.New(rand.NewSource(60601))
	nkeys := scale / 4
	if nkeys < 1 {
		nkeys = 1
	}
	s := NewQuotaStore()
	for i := 0; i < nkeys; i++ {
		limit := int64(1000 + rng.Intn(100000))
		s.Set("key-"+strconv.Itoa(i), Quota{Limit: limit, Used: rng.Int63n(limit + 500)})
	}
	keys := make([]string, scale)
	for i := range keys {
		// About one lookup in ten is for a key the store does not know.
		keys[i] = "key-" + strconv.Itoa(rng.Intn(nkeys+nkeys/10))
	}

	var last, sum int64
	for i := 0; i < iters; i++ {
		last = RemainingFor(s, keys)
		sum += last
	}
	s.Close()
	fmt.Printf("%d %d\n", last, sum/int64(iters))
}
