// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE = how many numbers an iteration formats. Comma is a sub-microsecond
// call, so the numbers are made once (a shared pool of every digit count,
// 1 to 19, of both signs) and an iteration's input is where in the pool it
// starts, from a splitmix64 of SEED+i; results are folded with an FNV-style
// hash instead of a cryptographic one.
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

const pool = 1 << 14

// buildBase: a pool of signed numbers, their digit counts spread over 1..19.
func buildBase() []int64 {
	nums := make([]int64, pool)
	r := uint64(99)
	for i := range nums {
		r = splitmix64(r)
		digits := 1 + int(r%19)
		p := uint64(1)
		for d := 0; d < digits; d++ {
			p *= 10
		}
		r = splitmix64(r)
		v := int64(r % p)
		if r&(1<<40) != 0 {
			v = -v
		}
		nums[i] = v
	}
	return nums
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

func foldInt(h uint64, v int64) uint64 {
	h ^= uint64(v)
	h *= 1099511628211
	return h
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]")
	os.Exit(2)
}

func main() {
	if len(os.Args) != 4 && !(len(os.Args) == 5 && os.Args[4] == "inputs") {
		usage()
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	scale, err2 := strconv.Atoi(os.Args[2])
	seed, err3 := strconv.ParseInt(os.Args[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || iters < 0 || scale < 1 {
		usage()
	}
	onlyInputs := len(os.Args) == 5
	nums := buildBase()
	h := uint64(14695981039346656037)
	for i := 0; i < iters; i++ {
		start := int(splitmix64(uint64(seed)+uint64(i)) % pool)
		for j := 0; j < scale; j++ {
			v := nums[(start+j)%pool]
			if onlyInputs {
				h = foldInt(h, v)
			} else {
				h = fold(h, humanize.Comma(v))
			}
		}
	}
	fmt.Printf("%016x\n", h)
}
