// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	bsi *roaring64.BSI
	all *roaring64.Bitmap
	n   int
}

type Input struct {
	bsi   *roaring64.BSI
	found *roaring64.Bitmap
	op    roaring64.Operation
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	bsi := roaring64.NewDefaultBSI()
	all := roaring64.New()
	for i := 0; i < scale; i++ {
		col := uint64(i*3 + r.Intn(3))
		bsi.SetValue(col, int64(r.Intn(2000001)-1000000))
		all.Add(col)
	}
	return Base{bsi, all, scale}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	found := b.all.Clone()
	// drop a few random columns so each iteration's answer may differ
	for k := 0; k < 20; k++ {
		found.Remove(uint64(rng.Intn(3 * b.n)))
	}
	// and drop the current extreme of one side sometimes via a range removal
	lo := uint64(rng.Intn(3 * b.n))
	found.RemoveRange(lo, lo+uint64(rng.Intn(3*b.n/4+1)))
	op := roaring64.MIN
	if rng.Intn(2) == 1 {
		op = roaring64.MAX
	}
	return Input{b.bsi, found, op}
}

func call(h hash.Hash, in Input) {
	v := in.bsi.MinMaxBig(1, in.op, in.found)
	h.Write([]byte(v.String()))
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, in.found.GetCardinality())
	putU64(h, uint64(in.op))
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
