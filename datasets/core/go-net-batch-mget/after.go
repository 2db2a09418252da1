package main

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// mgetBatch bounds the number of SKUs per MGET so a request line stays
// well below the server's line limit.
const mgetBatch = 256

// StockLevels asks the inventory cache at addr for the stock level of
// every SKU. SKUs unknown to the cache are absent from the result.
//
// Protocol (line based): "GET <sku>" is answered by "VAL <n>" or "NIL";
// "MGET <sku> <sku> ..." is answered by one such line per SKU, in order.
func StockLevels(addr string, skus []string) (map[string]int, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)

	levels := make(map[string]int, len(skus))
	for start := 0; start < len(skus); start += mgetBatch {
		batch := skus[start:min(start+mgetBatch, len(skus))]
		w.WriteString("MGET")
		for _, sku := range batch {
			w.WriteByte(' ')
			w.WriteString(sku)
		}
		w.WriteByte('\n')
		if err := w.Flush(); err != nil {
			return nil, err
		}
		for _, sku := range batch {
			line, err := r.ReadString('\n')
			if err != nil {
				return nil, err
			}
			line = strings.TrimSuffix(line, "\n")
			if line == "NIL" {
				continue
			}
			v, ok := strings.CutPrefix(line, "VAL ")
			if !ok {
				return nil, fmt.Errorf("stock %s: unexpected reply %q", sku, line)
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("stock %s: %v", sku, err)
			}
			levels[sku] = n
		}
	}
	return levels, nil
}
