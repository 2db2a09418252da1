package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
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

func workload(n int) []string {
	rng := rand.New(rand.NewSource(7321))
	lines := make([]string, n)
	var b strings.Builder
	for i := range lines {
		b.Reset()
		nw := 4 + rng.Intn(10)
		for w := 0; w < nw; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			switch r := rng.Intn(12); {
			case r == 0:
				fmt.Fprintf(&b, "%s-%d", projects[rng.Intn(len(projects))], 1+rng.Intn(5000))
			case r == 1:
				// Lowercase and malformed references must not match.
				fmt.Fprintf(&b, "%s-0%d", strings.ToLower(projects[rng.Intn(len(projects))]), rng.Intn(99))
			default:
				b.WriteString(words[rng.Intn(len(words))])
			}
		}
		lines[i] = b.String()
	}
	return lines
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
	lines := workload(scale)

	var refs []string
	total := 0
	for i := 0; i < iters; i++ {
		refs = TicketRefs(lines)
		total += len(refs)
	}

	h := sha256.New()
	for _, r := range refs {
		h.Write([]byte(r))
		h.Write([]byte{'\n'})
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
