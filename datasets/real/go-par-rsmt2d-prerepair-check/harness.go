// perfcon harness for rsmt2d's prerepairSanityCheck, reached through
// ExtendedDataSquare.Repair. usage: prog ITERATIONS SCALE SEED [inputs]
// SCALE is the share size in bytes; the square is 32x32 original shares,
// extended to 64x64 with the RSGF8 codec once, with its row and column roots.
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
const erasures = 4

type Base struct {
	flat     [][]byte // the extended square, row-major (width*width shares)
	width    int
	rowRoots [][]byte
	colRoots [][]byte
	codec    rsmt2d.Codec
}

type Input struct {
	data [][]byte // a copy of the base's share list with some shares missing (nil)
	rows []int
	cols []int
}

func buildBase(scale int) Base {
	rng := rand.New(rand.NewSource(20220915))
	data := make([][]byte, origWidth*origWidth)
	for i := range data {
		b := make([]byte, scale)
		rng.Read(b)
		data[i] = b
	}
	codec := rsmt2d.NewRSGF8Codec()
	eds, err := rsmt2d.ComputeExtendedDataSquare(data, codec, rsmt2d.NewDefaultTree)
	if err != nil {
		panic(err)
	}
	w := int(eds.Width())
	flat := make([][]byte, 0, w*w)
	for r := 0; r < w; r++ {
		flat = append(flat, eds.Row(uint(r))...)
	}
	return Base{flat, w, eds.RowRoots(), eds.ColRoots(), codec}
}

func makeInput(b Base, rng *rand.Rand) Input {
	data := make([][]byte, len(b.flat))
	copy(data, b.flat)
	// erase shares in distinct rows and distinct columns: Repair rebuilds each
	// from its row, and the sanity check verifies every other row and column
	rows := rng.Perm(b.width)[:erasures]
	cols := rng.Perm(b.width)[:erasures]
	for k := range rows {
		data[rows[k]*b.width+cols[k]] = nil
	}
	return Input{data, rows, cols}
}

func call(h hash.Hash, b Base, in Input) {
	eds, err := rsmt2d.ImportExtendedDataSquare(in.data, b.codec, rsmt2d.NewDefaultTree)
	if err != nil {
		panic(err)
	}
	if err := eds.Repair(b.rowRoots, b.colRoots); err != nil {
		h.Write([]byte(err.Error()))
		return
	}
	for k := range in.rows {
		putU64(h, uint64(in.rows[k]*b.width+in.cols[k]))
		h.Write(eds.Row(uint(in.rows[k]))[in.cols[k]])
	}
}

func foldInput(h hash.Hash, in Input) {
	for k := range in.rows {
		putU64(h, uint64(in.rows[k])<<32|uint64(in.cols[k]))
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
