// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE = maximum number of decimal digits (1..19) of the numbers formatted.
// Comma is a sub-microsecond call, so the per-iteration input is made with a
// cheap splitmix64 of SEED+i (no per-iteration rand.Source) and results are
// folded with an FNV-style hash instead of a cryptographic one.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/dustin/go-humanize"
)

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// buildBase: powers of ten bounding the digit counts 1..SCALE.
func buildBase(scale int) []uint64 {
	p := make([]uint64, scale+1)
	p[0] = 1
	for i := 1; i <= scale; i++ {
		p[i] = p[i-1] * 10
	}
	return p
}

// makeInput: a signed number with a seeded digit count in [1, SCALE].
func makeInput(pow []uint64, scale int, s uint64) int64 {
	r := splitmix64(s)
	digits := 1 + int(r%uint64(scale))
	r2 := splitmix64(r)
	v := int64(r2 % pow[digits])
	if r&(1<<40) != 0 {
		v = -v
	}
	return v
}

func fold(h uint64, b string) uint64 {
	for i := 0; i < len(b); i++ {
		h ^= uint64(b[i])
		h *= 1099511628211
	}
	h ^= '|'
	h *= 1099511628211
	return h
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]   (1 <= SCALE <= 19)")
	os.Exit(2)
}

func main() {
	if len(os.Args) != 4 && !(len(os.Args) == 5 && os.Args[4] == "inputs") {
		usage()
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	scale, err2 := strconv.Atoi(os.Args[2])
	seed, err3 := strconv.ParseInt(os.Args[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || iters < 0 || scale < 1 || scale > 19 {
		usage()
	}
	onlyInputs := len(os.Args) == 5
	pow := buildBase(scale)
	h := uint64(14695981039346656037)
	for i := 0; i < iters; i++ {
		v := makeInput(pow, scale, uint64(seed)+uint64(i))
		if onlyInputs {
			h = fold(h, strconv.FormatInt(v, 10))
		} else {
			h = fold(h, humanize.Comma(v))
		}
	}
	fmt.Printf("%016x\n", h)
}
