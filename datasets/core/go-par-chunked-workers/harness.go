package main

import (
	"crypto/sha256"
	"encoding/binary"
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

	// The upload: SCALE blocks of 4-8 KiB, cut at pseudo-random offsets
	// from a 4 MiB buffer of pseudo-random bytes (splitmix64), so that
	// building it stays cheap next to hashing it.
	data := make([]byte, 4<<20)
	x := uint64(31415)
	for i := 0; i+8 <= len(data); i += 8 {
		x += 0x9e3779b97f4a7c15
		z := (x ^ x>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		binary.LittleEndian.PutUint64(data[i:], z^z>>31)
	}
	rng := rand.New(rand.NewSource(31415))
	blocks := make([][]byte, scale)
	for i := range blocks {
		size := 4096 + rng.Intn(4096)
		off := rng.Intn(len(data) - size)
		blocks[i] = data[off : off+size : off+size]
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
