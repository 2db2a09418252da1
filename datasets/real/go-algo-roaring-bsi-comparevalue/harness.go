// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	roaring "github.com/RoaringBitmap/roaring/v2/BitSliceIndexing"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	bsi *roaring.BSI
	n   int
}

type Input struct {
	bsi    *roaring.BSI
	op     roaring.Operation
	lo, hi int64
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	bsi := roaring.NewDefaultBSI()
	for i := 0; i < scale; i++ {
		// non-negative values (the 32-bit BSI's common case)
		bsi.SetValue(uint64(i*2+r.Intn(2)), int64(r.Intn(1<<20)))
	}
	return Base{bsi, scale}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	ops := []roaring.Operation{roaring.LT, roaring.LE, roaring.EQ, roaring.GE, roaring.GT, roaring.RANGE}
	op := ops[rng.Intn(len(ops))]
	a := int64(rng.Intn(1 << 20))
	c := a + int64(rng.Intn(1<<18))
	return Input{b.bsi, op, a, c}
}

func call(h hash.Hash, in Input) {
	res := in.bsi.CompareValue(1, in.op, in.lo, in.hi, nil)
	putU64(h, res.GetCardinality())
	it := res.Iterator()
	var acc uint64
	for it.HasNext() {
		acc = acc*1000003 + uint64(it.Next())
	}
	putU64(h, acc)
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.op))
	putU64(h, uint64(in.lo))
	putU64(h, uint64(in.hi))
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
