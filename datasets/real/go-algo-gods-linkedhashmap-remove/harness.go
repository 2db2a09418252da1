// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/emirpasic/gods/v2/maps/linkedhashmap"
	"hash"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	m *linkedhashmap.Map[int, int]
	n int
}

// Input is one iteration's keys: removes of them, each from the back half
// of the insertion order (the parent walks the ordering list from the
// front to find a key, and again to remove it by index). Many removes an
// iteration keep building the shared map a small part of a run.
type Input struct {
	m    *linkedhashmap.Map[int, int]
	keys []int
}

const removes = 256

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func buildBase(scale int) Base {
	m := linkedhashmap.New[int, int]()
	for i := 0; i < scale; i++ {
		m.Put(i, i*7+1)
	}
	return Base{m, scale}
}

func makeInput(b Base, seed uint64, keys []int) Input {
	half := uint64(max(b.n/2, 1))
	r := seed
	for k := range keys {
		r = splitmix64(r)
		keys[k] = b.n/2 + int(r%half)
	}
	return Input{b.m, keys}
}

func call(h hash.Hash, in Input) {
	for _, key := range in.keys {
		v, found := in.m.Get(key)
		in.m.Remove(key)
		_, still := in.m.Get(key)
		putU64(h, uint64(in.m.Size()))
		putU64(h, uint64(v))
		if found && !still {
			putU64(h, 1)
		}
		// restore the shared map's contents (the key moves to the end of the order)
		in.m.Put(key, v)
	}
}

func foldInput(h hash.Hash, in Input) {
	for _, key := range in.keys {
		putU64(h, uint64(key))
	}
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
	keys := make([]int, removes)
	for i := 0; i < iters; i++ {
		in := makeInput(base, uint64(seed+int64(i)), keys)
		if onlyInputs {
			foldInput(h, in)
		} else {
			call(h, in)
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
