package main

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
)

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

	levels := make(map[string]int, len(skus))
	for _, sku := range skus {
		if _, err := fmt.Fprintf(conn, "GET %s\n", sku); err != nil {
			return nil, err
		}
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
	return levels, nil
}
