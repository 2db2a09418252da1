package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"strconv"
)

func workload(n int) []Row {
	rng := rand.New(rand.NewSource(99))
	regions := []string{"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"}
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{
			Account: "acct-" + strconv.Itoa(100000+rng.Intn(900000)),
			Region:  regions[rng.Intn(len(regions))],
			Calls:   rng.Int63n(1 << 20),
			Bytes:   rng.Int63n(1 << 40),
		}
	}
	return rows
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
	rows := workload(scale)

	var s string
	total := 0
	for i := 0; i < iters; i++ {
		s = RenderUsageCSV(rows)
		total += len(s)
	}

	sum := sha256.Sum256([]byte(s))
	fmt.Printf("%s %d\n", hex.EncodeToString(sum[:]), total/iters)
}
