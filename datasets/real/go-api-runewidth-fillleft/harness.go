// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/mattn/go-runewidth"
	"hash"
	"hash/crc32"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	cond  *runewidth.Condition
	words []string
}

type Input struct {
	cond *runewidth.Condition
	s    string
	w    int
}

func buildBase(scale int) Base {
	c := runewidth.NewCondition()
	return Base{c, []string{"total", "\u4e2d\u6587", "r\u00e9sum\u00e9", "abc", "\U0001F600 ok"}}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	// a short cell padded to a very wide field (SCALE cells)
	s := b.words[rng.Intn(len(b.words))]
	return Input{b.cond, s, scale - rng.Intn(100)}
}

func call(h hash.Hash, in Input) {
	out := in.cond.FillLeft(in.s, in.w)
	putU64(h, uint64(len(out)))
	// the padding is uniform; fold its ends and the total length
	h.Write([]byte(out[:64]))
	h.Write([]byte(out[len(out)-64:]))
	putU64(h, uint64(crc32.ChecksumIEEE([]byte(out[len(out)/2:len(out)/2+4096]))))
}

func foldInput(h hash.Hash, in Input) {
	h.Write([]byte(in.s))
	putU64(h, uint64(in.w))
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
