package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"net"
	"os"
	"sort"
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

	rng := rand.New(rand.NewSource(404))
	stock := make(map[string]int)
	skus := make([]string, scale)
	for i := range skus {
		sku := fmt.Sprintf("SKU-%06d", rng.Intn(1000000))
		skus[i] = sku
		if rng.Intn(8) != 0 { // some SKUs are not cached
			stock[sku] = rng.Intn(5000)
		}
	}

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

	var levels map[string]int
	total := 0
	for i := 0; i < iters; i++ {
		levels, err = StockLevels(addr, skus)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			ln.Close()
			os.Exit(1)
		}
		total += len(levels)
	}
	ln.Close()

	keys := make([]string, 0, len(levels))
	for k := range levels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%d\n", k, levels[k])
	}
	fmt.Printf("%s %d\n", hex.EncodeToString(h.Sum(nil)), total/iters)
}
