package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
)

var (
	methods  = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	paths    = []string{"/", "/login", "/api/v1/items", "/api/v1/items/42", "/static/app.js", "/healthz"}
	statuses = []int{200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 500, 502, 503}
)

// accessLines makes n access log lines, one in fifty of them malformed.
func accessLines(rng *rand.Rand, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		if rng.IntN(50) == 0 {
			lines[i] = "garbage line without the right shape"
			continue
		}
		lines[i] = fmt.Sprintf("10.%d.%d.%d %s %s %d %d",
			rng.IntN(256), rng.IntN(256), rng.IntN(256),
			methods[rng.IntN(len(methods))], paths[rng.IntN(len(paths))],
			statuses[rng.IntN(len(statuses))], rng.IntN(100000))
	}
	return lines
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

	// The base log and the lines that replace some of it in an iteration,
	// from scale alone.
	rng := rand.New(rand.NewPCG(5150, 0))
	base := accessLines(rng, scale)
	others := accessLines(rng, scale/16+1)
	// Copying the whole log every iteration would be a sizeable share of
	// counting it, so each iteration changes a few lines of one working
	// copy and puts them back afterwards.
	lines := make([]string, scale)
	copy(lines, base)
	changed := make([]int, max(scale/50, 1))

	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	codes := make([]int, 0, 64)
	for i := 0; i < iters; i++ {
		// Iteration i's log: the base log where 2% of the lines, drawn
		// from seed+i alone, are replaced by other lines.
		src.Seed(seed+uint64(i), 0x5ca1e)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			lines[p] = others[rng.IntN(len(others))]
		}
		if inputsOnly {
			h = digestMix(h, uint64(len(lines[changed[len(changed)-1]])))
		} else {
			counts := CountStatuses(lines)
			codes = codes[:0]
			for c := range counts {
				codes = append(codes, c)
			}
			sort.Ints(codes)
			h = digestMix(h, uint64(len(codes)))
			for _, c := range codes {
				h = digestMix(digestMix(h, uint64(c)), uint64(counts[c]))
			}
		}
		for _, p := range changed {
			lines[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
