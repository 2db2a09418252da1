package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand"
	"net"
	"net/http"
	"os"
	"strconv"
)

func rateFor(pair string) int64 {
	h := fnv.New64a()
	h.Write([]byte(pair))
	return 100000 + int64(h.Sum64()%5000000)
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

	ccys := []string{"EUR", "USD", "GBP", "CHF", "JPY", "SEK", "NOK", "PLN", "CZK", "AUD"}
	rng := rand.New(rand.NewSource(1971))
	pairs := make([]string, scale)
	for i := range pairs {
		a, b := ccys[rng.Intn(len(ccys))], ccys[rng.Intn(len(ccys))]
		pairs[i] = a + "/" + b
	}

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

	var rates []Rate
	total := 0
	for i := 0; i < iters; i++ {
		rates, err = FetchRates(baseURL, pairs)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			srv.Close()
			os.Exit(1)
		}
		total += len(rates)
	}
	srv.Close()

	h := sha256.New()
	for _, r := range rates {
		fmt.Fprintf(h, "%s=%d\n", r.Pair, r.Micro)
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
