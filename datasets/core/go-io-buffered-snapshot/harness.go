package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
)

func workload(n int) []Entry {
	rng := rand.New(rand.NewSource(1001))
	sections := []string{"db", "cache", "http", "auth", "queue", "search", "billing"}
	entries := make([]Entry, n)
	for i := range entries {
		val := make([]byte, 4+rng.Intn(40))
		for j := range val {
			val[j] = "abcdefghijklmnopqrstuvwxyz0123456789-_."[rng.Intn(39)]
		}
		entries[i] = Entry{
			Key:     sections[rng.Intn(len(sections))] + ".setting_" + strconv.Itoa(i),
			Value:   string(val),
			Version: uint64(rng.Intn(1 << 20)),
		}
	}
	return entries
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
	entries := workload(scale)

	dir, err := os.MkdirTemp("", "perfcon-snapshot-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "registry.snap")

	for i := 0; i < iters; i++ {
		if err := WriteSnapshot(path, entries); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}

	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	sum := sha256.Sum256(data)
	fmt.Printf("%s %d\n", hex.EncodeToString(sum[:]), len(data))
}
