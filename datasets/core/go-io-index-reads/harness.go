package main

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
)

func writeIndex(path string, n int) error {
	rng := rand.New(rand.NewSource(90210))
	buf := make([]byte, 0, indexHeaderSize+n*indexEntrySize)
	buf = append(buf, indexMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, 1)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(n))
	var off uint64
	for i := 0; i < n; i++ {
		length := uint32(64 + rng.Intn(4096))
		buf = binary.LittleEndian.AppendUint64(buf, rng.Uint64())
		buf = binary.LittleEndian.AppendUint64(buf, off)
		buf = binary.LittleEndian.AppendUint32(buf, length)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(rng.Intn(4)))
		off += uint64(length)
	}
	return os.WriteFile(path, buf, 0o644)
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
	if err := writeIndex(path, scale); err != nil {
		fail(err)
	}

	var entries []IndexEntry
	total := 0
	for i := 0; i < iters; i++ {
		entries, err = LoadIndex(path)
		if err != nil {
			fail(err)
		}
		total += len(entries)
	}
	os.RemoveAll(dir)

	h := fnv.New64a()
	var b [24]byte
	for _, e := range entries {
		binary.LittleEndian.PutUint64(b[0:], e.KeyHash)
		binary.LittleEndian.PutUint64(b[8:], e.Offset)
		binary.LittleEndian.PutUint32(b[16:], e.Length)
		binary.LittleEndian.PutUint32(b[20:], e.Flags)
		h.Write(b[:])
	}
	fmt.Printf("%016x %d\n", h.Sum64(), total/iters)
}
