package main

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// appendEntries appends n random index entries, laid out from offset off.
func appendEntries(buf []byte, rng *rand.Rand, n int, off uint64) []byte {
	for i := 0; i < n; i++ {
		length := uint32(64 + rng.IntN(4096))
		buf = binary.LittleEndian.AppendUint64(buf, rng.Uint64())
		buf = binary.LittleEndian.AppendUint64(buf, off)
		buf = binary.LittleEndian.AppendUint32(buf, length)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(rng.IntN(4)))
		off += uint64(length)
	}
	return buf
}

// indexFile is the base index file of n entries, from n alone.
func indexFile(n int) []byte {
	rng := rand.New(rand.NewPCG(90210, 0))
	buf := make([]byte, 0, indexHeaderSize+n*indexEntrySize)
	buf = append(buf, indexMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, 1)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(n))
	return appendEntries(buf, rng, n, 0)
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

	dir, err := os.MkdirTemp("", "perfcon-sidx-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	path := filepath.Join(dir, "00000042.sidx")
	base := indexFile(scale)
	if err := os.WriteFile(path, base, 0o644); err != nil {
		fail(err)
	}
	// Rewriting the whole file every iteration would cost about as much as
	// loading it, so each iteration patches the header and a run of
	// entries in place and puts the base bytes back afterwards.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		fail(err)
	}
	run := max(scale/64, 1)
	patch := make([]byte, 0, run*indexEntrySize)
	var hdr [8]byte

	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's index, from seed+i alone: the base file with up to
		// 1% of the entries left out of the count in the header and a run
		// of 1.5% of the entries, at a random place, rewritten.
		src.Seed(seed+uint64(i), 0x51d)
		count := scale - rng.IntN(scale/100+1)
		start := rng.IntN(scale - run + 1)
		at := int64(indexHeaderSize + start*indexEntrySize)
		patch = appendEntries(patch[:0], rng, run, rng.Uint64N(1<<40))
		binary.LittleEndian.PutUint64(hdr[:], uint64(count))
		if _, err := f.WriteAt(hdr[:], 8); err != nil {
			fail(err)
		}
		if _, err := f.WriteAt(patch, at); err != nil {
			fail(err)
		}

		if inputsOnly {
			h = digestMix(h, uint64(count)<<32^uint64(at)^binary.LittleEndian.Uint64(patch))
		} else {
			entries, err := LoadIndex(path)
			if err != nil {
				fail(err)
			}
			// Three lanes, one per kind of field, so that the folds
			// overlap.
			k, o, l := h, uint64(len(entries)), uint64(0)
			for j := range entries {
				e := &entries[j]
				k = digestMix(k, e.KeyHash)
				o = digestMix(o, e.Offset)
				l = digestMix(l, uint64(e.Length)<<32|uint64(e.Flags))
			}
			h = digestMix(digestMix(digestMix(h, k), o), l)
		}

		if _, err := f.WriteAt(base[8:16], 8); err != nil {
			fail(err)
		}
		if _, err := f.WriteAt(base[at:at+int64(len(patch))], at); err != nil {
			fail(err)
		}
	}
	f.Close()
	os.RemoveAll(dir)
	fmt.Printf("%016x\n", h)
}
