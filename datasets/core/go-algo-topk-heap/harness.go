package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

const topK = 50

// workload builds the base player table from n alone.
func workload(n int) []Player {
	rng := rand.New(rand.NewPCG(777, 0))
	players := make([]Player, n)
	for i := range players {
		players[i] = Player{
			// IDs are distinct so that the ranking is a total order.
			ID:   uint32(i) * 2654435761,
			Name: "player" + strconv.Itoa(i),
			// A narrow score range so that ties are common.
			Score: rng.Int64N(int64(n)),
		}
	}
	return players
}

// digestMix folds x into the running digest h.
func digestMix(h, x uint64) uint64 {
	return bits.RotateLeft64((h^x)*0x9e3779b97f4a7c15, 31)
}

// digestString folds s into h: its length, then all its bytes, eight or
// four at a time, the last read overlapping the one before.
func digestString(h uint64, s string) uint64 {
	n := len(s)
	h = digestMix(h, uint64(n))
	switch {
	case n > 8:
		for i := 0; i < n-8; i += 8 {
			h = digestMix(h, stringWord(s[i:]))
		}
		return digestMix(h, stringWord(s[n-8:]))
	case n >= 4:
		lo := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
		hi := uint64(s[n-4]) | uint64(s[n-3])<<8 | uint64(s[n-2])<<16 | uint64(s[n-1])<<24
		return digestMix(h, lo|hi<<32)
	case n > 0:
		return digestMix(h, uint64(s[0])|uint64(s[n/2])<<8|uint64(s[n-1])<<16)
	}
	return h
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

	base := workload(scale)
	// Copying the whole table every iteration would cost more than the
	// call itself, so each iteration changes a few players of one working
	// copy and puts them back afterwards.
	players := make([]Player, scale)
	copy(players, base)
	changed := make([]int, max(scale/4000, 8))

	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's table: the base table where 0.025% of the
		// players, drawn from seed+i alone, have a new score; four of
		// them get one of the eight best scores, so the top changes.
		src.Seed(seed+uint64(i), 0x70b)
		for j := range changed {
			p := rng.IntN(scale)
			changed[j] = p
			if j < 4 {
				players[p].Score = int64(scale - 1 - rng.IntN(min(scale, 8)))
			} else {
				players[p].Score = rng.Int64N(int64(scale))
			}
		}
		if inputsOnly {
			p := changed[len(changed)-1]
			h = digestMix(h, uint64(p)<<32^uint64(players[p].Score))
		} else {
			top := TopPlayers(players, topK)
			h = digestMix(h, uint64(len(top)))
			for k := range top {
				p := &top[k]
				h = digestMix(digestMix(h, uint64(p.ID)), uint64(p.Score))
				h = digestString(h, p.Name)
			}
		}
		for _, p := range changed {
			players[p] = base[p]
		}
	}
	fmt.Printf("%016x\n", h)
}
