package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

var words = []string{
	"fix", "the", "retry", "loop", "in", "scheduler", "bump", "deps", "see",
	"refactor", "handler", "for", "timeouts", "revert", "merge", "branch",
	"cleanup", "logging", "add", "metrics", "to", "worker", "pool", "docs",
}

var projects = []string{"OPS", "NET", "CORE", "UI", "DB2", "INFRA", "SEC"}

// chatLine is a commit message or chat line of a few words, some of them
// ticket references and some malformed ones; with mention it ends with one
// more reference, from a wider range of numbers.
func chatLine(rng *rand.Rand, b *strings.Builder, mention bool) string {
	b.Reset()
	nw := 4 + rng.IntN(10)
	for w := 0; w < nw; w++ {
		if w > 0 {
			b.WriteByte(' ')
		}
		switch r := rng.IntN(12); {
		case r == 0:
			fmt.Fprintf(b, "%s-%d", projects[rng.IntN(len(projects))], 1+rng.IntN(5000))
		case r == 1:
			// Lowercase and malformed references must not match.
			fmt.Fprintf(b, "%s-0%d", strings.ToLower(projects[rng.IntN(len(projects))]), rng.IntN(99))
		default:
			b.WriteString(words[rng.IntN(len(words))])
		}
	}
	if mention {
		fmt.Fprintf(b, " see %s-%d", projects[rng.IntN(len(projects))], 1+rng.IntN(99999))
	}
	return b.String()
}

// workload builds the base lines from n alone, and the lines that replace
// some of them in an iteration.
func workload(n int) (lines, others []string) {
	rng := rand.New(rand.NewPCG(7321, 0))
	var b strings.Builder
	lines = make([]string, n)
	for i := range lines {
		lines[i] = chatLine(rng, &b, false)
	}
	others = make([]string, n/4+1)
	for i := range others {
		others[i] = chatLine(rng, &b, true)
	}
	return lines, others
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

	base, others := workload(scale)
	changes := max(scale/50, 1)

	lines := make([]string, scale)
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's batch: a copy of the base lines where 2% of them,
		// drawn from seed+i alone, are replaced by lines that mention one
		// more ticket.
		src.Seed(seed+uint64(i), 0x7e9)
		copy(lines, base)
		for range changes {
			lines[rng.IntN(scale)] = others[rng.IntN(len(others))]
		}
		if inputsOnly {
			h = digestString(h, lines[rng.IntN(scale)])
			continue
		}

		refs := TicketRefs(lines)
		h = digestMix(h, uint64(len(refs)))
		for _, r := range refs {
			h = digestString(h, r)
		}
	}
	fmt.Printf("%016x\n", h)
}
