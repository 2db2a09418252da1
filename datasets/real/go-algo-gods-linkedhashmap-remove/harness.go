// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/emirpasic/gods/v2/maps/linkedhashmap"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	m *linkedhashmap.Map[int, int]
	n int
}

type Input struct {
	m   *linkedhashmap.Map[int, int]
	key int
}

func buildBase(scale int) Base {
	m := linkedhashmap.New[int, int]()
	for i := 0; i < scale; i++ {
		m.Put(i, i*7+1)
	}
	return Base{m, scale}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	// a key in the back half of the insertion order (the parent walks the
	// ordering list from the front to find it)
	return Input{b.m, b.n/2 + rng.Intn(b.n/2)}
}

func call(h hash.Hash, in Input) {
	v, found := in.m.Get(in.key)
	in.m.Remove(in.key)
	_, still := in.m.Get(in.key)
	putU64(h, uint64(in.m.Size()))
	putU64(h, uint64(v))
	if found && !still {
		putU64(h, 1)
	}
	// restore the shared map's contents (the key moves to the end of the order)
	in.m.Put(in.key, v)
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.key))
}

func putU64(h hash.Hash, v uint64) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], v)
	h.Write(buf[:])
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]")
	os.Exit(2)
}

func main() {
	if len(os.Args) != 4 && !(len(os.Args) == 5 && os.Args[4] == "inputs") {
		usage()
	}
	iters, err1 := strconv.Atoi(os.Args[1])
	scale, err2 := strconv.Atoi(os.Args[2])
	seed, err3 := strconv.ParseInt(os.Args[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || iters < 0 || scale < 1 {
		usage()
	}
	onlyInputs := len(os.Args) == 5
	base := buildBase(scale)
	h := sha256.New()
	for i := 0; i < iters; i++ {
		rng := rand.New(rand.NewSource(seed + int64(i)))
		in := makeInput(base, scale, rng)
		if onlyInputs {
			foldInput(h, in)
		} else {
			call(h, in)
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
