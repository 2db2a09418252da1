// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"hash"
	"math/big"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	bsi *roaring64.BSI
	n   int
}

type Input struct {
	bsi    *roaring64.BSI
	op     roaring64.Operation
	lo, hi *big.Int
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	bsi := roaring64.NewDefaultBSI()
	for i := 0; i < scale; i++ {
		bsi.SetValue(uint64(i*2+r.Intn(2)), int64(r.Intn(2000001)-1000000))
	}
	return Base{bsi, scale}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	ops := []roaring64.Operation{roaring64.LT, roaring64.LE, roaring64.GT, roaring64.GE, roaring64.RANGE}
	op := ops[rng.Intn(len(ops))]
	a := int64(rng.Intn(2000001) - 1000000)
	c := a + int64(rng.Intn(500000))
	return Input{b.bsi, op, big.NewInt(a), big.NewInt(c)}
}

func call(h hash.Hash, in Input) {
	res := in.bsi.CompareBigValue(1, in.op, in.lo, in.hi, nil)
	putU64(h, res.GetCardinality())
	it := res.Iterator()
	var acc uint64
	for it.HasNext() {
		acc = acc*1000003 + it.Next()
	}
	putU64(h, acc)
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.op))
	h.Write([]byte(in.lo.String() + "," + in.hi.String()))
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
