package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

const topK = 50

func workload(n int) []Player {
	rng := rand.New(rand.NewSource(777))
	players := make([]Player, n)
	for i := range players {
		players[i] = Player{
			// IDs are distinct so that the ranking is a total order.
			ID:   uint32(i) * 2654435761,
			Name: "player" + strconv.Itoa(i),
			// A narrow score range so that ties are common.
			Score: rng.Int63n(int64(n)),
		}
	}
	return players
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
	players := workload(scale)

	var top []Player
	total := 0
	for i := 0; i < iters; i++ {
		top = TopPlayers(players, topK)
		total += len(top)
	}

	h := sha256.New()
	for _, p := range top {
		fmt.Fprintf(h, "%d|%s|%d\n", p.ID, p.Name, p.Score)
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
