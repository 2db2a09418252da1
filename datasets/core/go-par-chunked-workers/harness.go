package main

import (
	"crypto/sha256"
	"encoding/hex"
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

	rng := rand.New(rand.NewSource(31415))
	blocks := make([][]byte, scale)
	for i := range blocks {
		b := make([]byte, 4096+rng.Intn(4096))
		rng.Read(b)
		blocks[i] = b
	}

	var digests [][sha256.Size]byte
	total := 0
	for i := 0; i < iters; i++ {
		digests = BlockDigests(blocks)
		total += len(digests)
	}

	h := sha256.New()
	for i := range digests {
		h.Write(digests[i][:])
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
