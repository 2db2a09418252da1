// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/bits-and-blooms/bitset"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	big   *bitset.BitSet
	small *bitset.BitSet
	n     uint
}

type Input struct {
	big   *bitset.BitSet
	other *bitset.BitSet
	flip  uint
}

func buildBase(scale int) Base {
	// big is dense; small is a subset of big (every third set bit)
	r := rand.New(rand.NewSource(7))
	n := uint(scale)
	big := bitset.New(n)
	small := bitset.New(n)
	k := 0
	for i := uint(0); i < n; i++ {
		if r.Intn(4) != 0 {
			big.Set(i)
			if k%3 == 0 {
				small.Set(i)
			}
			k++
		}
	}
	return Base{big, small, n}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	// usually a true superset test; sometimes one bit of other lies outside big
	flip := uint(0)
	if rng.Intn(2) == 0 {
		for {
			p := uint(rng.Int63n(int64(b.n)))
			if !b.big.Test(p) {
				flip = p + 1
				break
			}
		}
	}
	return Input{b.big, b.small, flip}
}

func call(h hash.Hash, in Input) {
	if in.flip != 0 {
		in.other.Set(in.flip - 1)
	}
	ok := in.big.IsSuperSet(in.other)
	if in.flip != 0 {
		in.other.Clear(in.flip - 1) // restore the shared base (not part of the result)
	}
	if ok {
		putU64(h, 1)
	} else {
		putU64(h, 0)
	}
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.flip))
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
