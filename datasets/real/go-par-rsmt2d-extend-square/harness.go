// perfcon harness for rsmt2d's erasureExtendSquare, reached through
// ComputeExtendedDataSquare. usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE is the share size in bytes; the original square is 32x32 shares.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math/rand"
	"os"
	"strconv"

	"github.com/celestiaorg/rsmt2d"
)

const origWidth = 32
const changes = 4

type Base struct {
	data  [][]byte // the original square, row-major
	codec rsmt2d.Codec
}

type Input struct {
	data    [][]byte // the base's shares with a few replaced by changed copies
	changed []int
}

func buildBase(scale int) Base {
	rng := rand.New(rand.NewSource(20220913))
	data := make([][]byte, origWidth*origWidth)
	for i := range data {
		b := make([]byte, scale)
		rng.Read(b)
		data[i] = b
	}
	return Base{data, rsmt2d.NewRSGF8Codec()}
}

func makeInput(b Base, rng *rand.Rand) Input {
	data := make([][]byte, len(b.data))
	copy(data, b.data)
	changed := make([]int, changes)
	for k := range changed {
		idx := rng.Intn(len(data))
		s := append([]byte(nil), data[idx]...)
		s[rng.Intn(len(s))] ^= byte(1 + rng.Intn(255))
		data[idx] = s
		changed[k] = idx
	}
	return Input{data, changed}
}

func call(h hash.Hash, b Base, in Input) {
	eds, err := rsmt2d.ComputeExtendedDataSquare(in.data, b.codec, rsmt2d.NewDefaultTree)
	if err != nil {
		panic(err)
	}
	w := eds.Width()
	putU64(h, uint64(w))
	// the last row and column hold parity of parity; the changed shares'
	// rows and columns hold their parity
	for _, s := range eds.Row(w - 1) {
		h.Write(s)
	}
	for _, s := range eds.Col(w - 1) {
		h.Write(s)
	}
	for _, idx := range in.changed {
		r, c := uint(idx/origWidth), uint(idx%origWidth)
		for _, s := range eds.Row(r)[origWidth:] {
			h.Write(s)
		}
		for _, s := range eds.Col(c)[origWidth:] {
			h.Write(s)
		}
	}
}

func foldInput(h hash.Hash, in Input) {
	for _, idx := range in.changed {
		putU64(h, uint64(idx))
		h.Write(in.data[idx])
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
	for i := 0; i < iters; i++ {
		rng := rand.New(rand.NewSource(seed + int64(i)))
		in := makeInput(base, rng)
		if onlyInputs {
			foldInput(h, in)
		} else {
			call(h, base, in)
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
