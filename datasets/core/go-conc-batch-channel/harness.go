package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strconv"
)

func workload(n int) []string {
	rng := rand.New(rand.NewSource(5150))
	methods := []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	paths := []string{"/", "/login", "/api/v1/items", "/api/v1/items/42", "/static/app.js", "/healthz"}
	statuses := []int{200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 500, 502, 503}
	lines := make([]string, n)
	for i := range lines {
		if rng.Intn(50) == 0 {
			lines[i] = "garbage line without the right shape"
			continue
		}
		lines[i] = fmt.Sprintf("10.%d.%d.%d %s %s %d %d",
			rng.Intn(256), rng.Intn(256), rng.Intn(256),
			methods[rng.Intn(len(methods))], paths[rng.Intn(len(paths))],
			statuses[rng.Intn(len(statuses))], rng.Intn(100000))
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

	var counts map[int]int
	total := 0
	for i := 0; i < iters; i++ {
		counts = CountStatuses(lines)
		total += len(counts)
	}

	codes := make([]int, 0, len(counts))
	for c := range counts {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	h := sha256.New()
	for _, c := range codes {
		fmt.Fprintf(h, "%d=%d\n", c, counts[c])
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
