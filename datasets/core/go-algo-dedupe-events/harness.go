package main

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"strconv"
)

var kinds = []string{"click", "view", "purchase", "signup", "logout"}

func eventID(id int) string {
	return fmt.Sprintf("evt-%08x-%04d", id*2654435761%(1<<32), id%9973)
}

// workload builds the base batch from n alone. Roughly one event in four
// is a retried duplicate of an earlier one.
func workload(n int) []Event {
	rng := rand.New(rand.NewPCG(20240611, 0))
	distinct := max(n*3/4, 1)
	events := make([]Event, n)
	for i := range events {
		id := rng.IntN(distinct)
		payload := make([]byte, 8+rng.IntN(24))
		for j := range payload {
			payload[j] = byte(rng.Uint32())
		}
		events[i] = Event{
			ID:      eventID(id),
			Source:  "collector-" + strconv.Itoa(rng.IntN(16)),
			Kind:    kinds[rng.IntN(len(kinds))],
			Payload: payload,
		}
	}
	return events
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

	events := workload(scale)
	// The IDs a changed event gets: a quarter more than the base batch
	// draws from, so a change makes a new duplicate, a new first
	// occurrence, or turns a duplicate into a first occurrence.
	distinct := max(scale*3/4, 1)
	ids := make([]string, distinct+distinct/4+1)
	for id := range ids {
		ids[id] = eventID(id)
	}
	changes := max(scale/50, 1)

	batch := make([]Event, scale)
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's batch: a copy of the base batch with about 2% of
		// the events given another ID, drawn from seed+i alone.
		src.Seed(seed+uint64(i), 0x0ded0be)
		copy(batch, events)
		for range changes {
			batch[rng.IntN(scale)].ID = ids[rng.IntN(len(ids))]
		}
		if inputsOnly {
			h = digestString(digestString(h, batch[rng.IntN(scale)].ID), batch[scale-1].ID)
			continue
		}

		out := DedupeEvents(batch)
		// One lane per field, so that the folds of an event overlap.
		var id, source, kind, payload uint64
		for k := range out {
			ev := &out[k]
			id = digestString(id, ev.ID)
			source = digestString(source, ev.Source)
			kind = digestString(kind, ev.Kind)
			payload = digestString(payload, string(ev.Payload))
		}
		h = digestMix(h, uint64(len(out)))
		for _, l := range []uint64{id, source, kind, payload} {
			h = digestMix(h, l)
		}
	}
	fmt.Printf("%016x\n", h)
}
