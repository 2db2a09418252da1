package main

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/bits"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
)

var ccys = []string{"EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "PLN", "CZK", "AUD"}

func currencyPair(rng *rand.Rand) string {
	return ccys[rng.IntN(len(ccys))] + "/" + ccys[rng.IntN(len(ccys))]
}

func rateFor(pair string) int64 {
	h := fnv.New64a()
	h.Write([]byte(pair))
	return 100000 + int64(h.Sum64()%5000000)
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

	// The base basket of scale currency pairs, from scale alone.
	rng := rand.New(rand.NewPCG(1971, 0))
	base := make([]string, scale)
	for i := range base {
		base[i] = currencyPair(rng)
	}
	changes := max(scale/50, 1)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/rate", func(w http.ResponseWriter, r *http.Request) {
		pair := r.URL.Query().Get("pair")
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Rate{Pair: pair, Micro: rateFor(pair)})
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	baseURL := "http://" + ln.Addr().String()

	pairs := make([]string, scale)
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's basket: a copy of the base basket where 2% of the
		// pairs, drawn from seed+i alone, are replaced by other pairs.
		src.Seed(seed+uint64(i), 0xfa7e)
		copy(pairs, base)
		for range changes {
			pairs[rng.IntN(scale)] = currencyPair(rng)
		}
		if inputsOnly {
			h = digestString(h, pairs[rng.IntN(scale)])
			continue
		}

		rates, err := FetchRates(baseURL, pairs)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			srv.Close()
			os.Exit(1)
		}
		h = digestMix(h, uint64(len(rates)))
		for _, r := range rates {
			h = digestMix(digestString(h, r.Pair), uint64(r.Micro))
		}
	}
	srv.Close()
	fmt.Printf("%016x\n", h)
}
