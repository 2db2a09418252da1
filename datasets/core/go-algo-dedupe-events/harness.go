package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

func workload(n int) []Event {
	rng := rand.New(rand.NewSource(20240611))
	kinds := []string{"click", "view", "purchase", "signup", "logout"}
	// Roughly one event in four is a retried duplicate of an earlier one.
	distinct := n * 3 / 4
	if distinct < 1 {
		distinct = 1
	}
	events := make([]Event, n)
	for i := range events {
		id := rng.Intn(distinct)
		payload := make([]byte, 8+rng.Intn(24))
		rng.Read(payload)
		events[i] = Event{
			ID:      fmt.Sprintf("evt-%08x-%04d", id*2654435761%(1<<32), id%9973),
			Source:  "collector-" + strconv.Itoa(rng.Intn(16)),
			Kind:    kinds[rng.Intn(len(kinds))],
			Payload: payload,
		}
	}
	return events
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
	events := workload(scale)

	var out []Event
	total := 0
	for i := 0; i < iters; i++ {
		out = DedupeEvents(events)
		total += len(out)
	}

	h := sha256.New()
	for _, ev := range out {
		fmt.Fprintf(h, "%s|%s|%s|%x\n", ev.ID, ev.Source, ev.Kind, ev.Payload)
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
