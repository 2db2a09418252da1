package main

import (
	"bufio"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// serveCache answers GET and MGET on one connection from a fixed table.
func serveCache(conn net.Conn, stock map[string]int) {
	defer conn.Close()
	r := bufio.NewReaderSize(conn, 64<<10)
	w := bufio.NewWriterSize(conn, 64<<10)
	reply := func(sku string) {
		if n, ok := stock[sku]; ok {
			w.WriteString("VAL ")
			w.WriteString(strconv.Itoa(n))
			w.WriteByte('\n')
		} else {
			w.WriteString("NIL\n")
		}
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		fields := strings.Fields(line)
		switch {
		case len(fields) == 2 && fields[0] == "GET":
			reply(fields[1])
		case len(fields) >= 1 && fields[0] == "MGET":
			for _, sku := range fields[1:] {
				reply(sku)
			}
		default:
			w.WriteString("ERR\n")
		}
		if r.Buffered() == 0 {
			if w.Flush() != nil {
				return
			}
		}
	}
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

	// The cache's table, the base cart of scale SKUs and the SKUs that
	// replace some of them in an iteration, from scale alone.
	rng := rand.New(rand.NewPCG(404, 0))
	stock := make(map[string]int)
	all := make([]string, scale+scale/4+1)
	for i := range all {
		sku := fmt.Sprintf("SKU-%06d", rng.IntN(1000000))
		all[i] = sku
		if rng.IntN(8) != 0 { // some SKUs are not cached
			stock[sku] = rng.IntN(5000)
		}
	}
	base, others := all[:scale], all[scale:]
	changes := max(scale/50, 1)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveCache(c, stock)
		}
	}()
	addr := ln.Addr().String()

	skus := make([]string, scale)
	src := rand.NewPCG(0, 0)
	rng = rand.New(src)
	h := uint64(0x6a09e667f3bcc908)
	for i := 0; i < iters; i++ {
		// Iteration i's cart: a copy of the base cart where 2% of the
		// SKUs, drawn from seed+i alone, are replaced by other SKUs.
		src.Seed(seed+uint64(i), 0x3e7)
		copy(skus, base)
		for range changes {
			skus[rng.IntN(scale)] = others[rng.IntN(len(others))]
		}
		if inputsOnly {
			h = digestString(h, skus[rng.IntN(scale)])
			continue
		}

		levels, err := StockLevels(addr, skus)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			ln.Close()
			os.Exit(1)
		}
		// The map's entries in no particular order: a sum of one fold
		// per entry.
		var sum uint64
		for k, v := range levels {
			sum += digestMix(digestString(0, k), uint64(v))
		}
		h = digestMix(digestMix(h, uint64(len(levels))), sum)
	}
	ln.Close()
	fmt.Printf("%016x\n", h)
}
