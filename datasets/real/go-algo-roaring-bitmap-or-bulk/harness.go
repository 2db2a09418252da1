// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/RoaringBitmap/roaring/v2"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	a, b *roaring.Bitmap
	n    int
}

type Input struct {
	a, b *roaring.Bitmap
}

func buildBase(scale int) Base {
	// a holds containers at odd high keys, b at even high keys, so b's keys
	// interleave with a's and almost every b container is a source-only insert.
	if scale > 32000 {
		scale = 32000
	}
	r := rand.New(rand.NewSource(7))
	a := roaring.New()
	b := roaring.New()
	for k := 0; k < scale; k++ {
		a.Add(uint32(2*k+1)<<16 | uint32(r.Intn(65536)))
		b.Add(uint32(2*k)<<16 | uint32(r.Intn(65536)))
	}
	return Base{a, b, scale}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	a := b.a.Clone()
	// a small per-iteration change in the source bitmap
	src := b.b.Clone()
	for k := 0; k < 4; k++ {
		src.Add(uint32(2*rng.Intn(b.n))<<16 | uint32(rng.Intn(65536)))
	}
	return Input{a, src}
}

func call(h hash.Hash, in Input) {
	in.a.Or(in.b)
	putU64(h, in.a.GetCardinality())
	it := in.a.Iterator()
	var acc uint64
	for it.HasNext() {
		acc = acc*1000003 + uint64(it.Next())
	}
	putU64(h, acc)
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, in.b.GetCardinality())
	putU64(h, uint64(in.b.Maximum()))
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
