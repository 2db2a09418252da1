package main

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"strconv"
)

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

	rng := rand.New(rand.NewSource(65537))
	input := make([]Row, scale)
	for i := range input {
		input[i] = Row{
			Key: uint64(rng.Intn(scale/2 + 1)), // plenty of equal keys
			Seq: uint32(i),
			Val: rng.Int31(),
		}
	}

	rows := make([]Row, scale)
	for i := 0; i < iters; i++ {
		copy(rows, input)
		SortRows(rows)
	}

	h := fnv.New64a()
	var b [16]byte
	for _, r := range rows {
		binary.LittleEndian.PutUint64(b[0:], r.Key)
		binary.LittleEndian.PutUint32(b[8:], r.Seq)
		binary.LittleEndian.PutUint32(b[12:], uint32(r.Val))
		h.Write(b[:])
	}
	fmt.Printf("%016x %d\n", h.Sum64(), len(rows))
}
