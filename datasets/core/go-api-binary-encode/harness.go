package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

func workload(n int) []Sample {
	rng := rand.New(rand.NewSource(424242))
	samples := make([]Sample, n)
	ts := int64(1700000000000)
	for i := range samples {
		ts += int64(rng.Intn(1000))
		samples[i] = Sample{
			SeriesID:  uint32(rng.Intn(5000)),
			Timestamp: ts,
			Value:     rng.Int63() - (1 << 62),
			Flags:     uint16(rng.Intn(1 << 16)),
		}
	}
	return samples
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
	samples := workload(scale)

	var block []byte
	total := 0
	for i := 0; i < iters; i++ {
		block = EncodeBlock(samples)
		total += len(block)
	}

	sum := sha256.Sum256(block)
	fmt.Printf("%s %d\n", hex.EncodeToString(sum[:]), total/iters)
}
