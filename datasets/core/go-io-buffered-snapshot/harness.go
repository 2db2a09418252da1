package main

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

const valueChars = "abcdefghijklmnopqrstuvwxyz0123456789-_."

func configValue(rng *rand.Rand) string {
	val := make([]byte, 4+rng.IntN(40))
	for j := range val {
		val[j] = valueChars[rng.IntN(len(valueChars))]
	}
	return string(val)
}

// workload builds the base registry from n alone, and the values that
// some entries take in an iteration.
func workload(n int) (entries []Entry, values []string) {
	rng := rand.New(rand.NewPCG(1001, 0))
	sections := []string{"db", "cache", "http", "auth", "queue", "search", "billing"}
	entries = make([]Entry, n)
	for i := range entries {
		entries[i] = Entry{
			Key:     sections[rng.IntN(len(sections))] + ".setting_" + strconv.Itoa(i),
			Value:   configValue(rng),
			Version: uint64(rng.IntN(1 << 20)),
		}
	}
	values = make([]string, n/16+1)
	for i := range values {
		values[i] = configValue(rng)
	}
	return entries, values
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

	base, values := workload(scale)
	// Each iteration changes a few entries of one working copy and puts
	// them back afterwards.
	entries := make([]Entry, scale)
	copy(entries, base)
	changed := make([]int, max(scale/50, 1))

	dir, err := os.MkdirTemp("", "perfcon-snapshot-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	path := filepath.Join(dir, "registry.snap")

	var data bytes.Buffer // the file read back, reused
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's registry: the base registry where 2% of the
		// entries, drawn from seed+i alone, have a new value and version.
		src.Seed(seed+uint64(i), 0xc0f)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			entries[p].Value = values[rng.IntN(len(values))]
			entries[p].Version = uint64(rng.IntN(1 << 20))
		}
		if inputsOnly {
			e := &entries[changed[len(changed)-1]]
			h = digestMix(h, uint64(len(e.Value))<<32^e.Version)
		} else {
			if err := WriteSnapshot(path, entries); err != nil {
				fail(err)
			}
			f, err := os.Open(path)
			if err != nil {
				fail(err)
			}
			data.Reset()
			_, err = data.ReadFrom(f)
			f.Close()
			if err != nil {
				fail(err)
			}
			// A CRC-32 of the file (hardware-assisted, cheap next to
			// writing it) and its length.
			h = digestMix(digestMix(h, uint64(data.Len())), uint64(crc32.ChecksumIEEE(data.Bytes())))
		}
		for _, p := range changed {
			entries[p] = base[p]
		}
	}
	os.RemoveAll(dir)
	fmt.Printf("%016x\n", h)
}
