package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

var regions = []string{"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"}

func usageRow(rng *rand.Rand) Row {
	return Row{
		Account: "acct-" + strconv.Itoa(100000+rng.IntN(900000)),
		Region:  regions[rng.IntN(len(regions))],
		Calls:   rng.Int64N(1 << 20),
		Bytes:   rng.Int64N(1 << 40),
	}
}

// workload builds the base rows from n alone, and the rows that replace
// some of them in an iteration.
func workload(n int) (rows, others []Row) {
	rng := rand.New(rand.NewPCG(99, 0))
	rows = make([]Row, n)
	for i := range rows {
		rows[i] = usageRow(rng)
	}
	others = make([]Row, n/16+1)
	for i := range others {
		others[i] = usageRow(rng)
	}
	return rows, others
}

// digestMix folds x into the running digest h.
func digestMix(h, x uint64) uint64 {
	return bits.RotateLeft64((h^x)*0x9e3779b97f4a7c15, 31)
}

// digestText folds the bytes of a long s into h, 32 at a time in four
// lanes so that the folds overlap, then the last up to 31 bytes.
func digestText(h uint64, s string) uint64 {
	a, b, c, d := h, uint64(len(s)), uint64(0), uint64(0)
	for ; len(s) >= 32; s = s[32:] {
		a = digestMix(a, stringWord(s))
		b = digestMix(b, stringWord(s[8:]))
		c = digestMix(c, stringWord(s[16:]))
		d = digestMix(d, stringWord(s[24:]))
	}
	for ; len(s) >= 8; s = s[8:] {
		a = digestMix(a, stringWord(s))
	}
	for j := 0; j < len(s); j++ {
		b = digestMix(b, uint64(s[j]))
	}
	return digestMix(digestMix(digestMix(a, b), c), d)
}

// stringWord is the first eight bytes of s, little endian.
func stringWord(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
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

	base, others := workload(scale)
	// Each iteration changes a few rows of one working copy and puts them
	// back afterwards.
	rows := make([]Row, scale)
	copy(rows, base)
	changed := make([]int, max(scale/50, 1))
	var csv string
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's export: the base rows where 2% of them, drawn
		// from seed+i alone, are replaced by other rows.
		src.Seed(seed+uint64(i), 0xb111)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			rows[p] = others[rng.IntN(len(others))]
		}
		if inputsOnly {
			h = digestMix(h, uint64(rows[changed[len(changed)-1]].Bytes))
		} else {
			csv = RenderUsageCSV(rows)
			h = digestText(h, csv)
		}
		for _, p := range changed {
			rows[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
