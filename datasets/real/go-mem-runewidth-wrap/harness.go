// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/mattn/go-runewidth"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	runes []rune
	cond  *runewidth.Condition
}

type Input struct {
	cond *runewidth.Condition
	s    string
	w    int
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	alphabet := []rune("abcdefghijklmnopqrstuvwxyz ABCDEF0123456789,.;!?\u00e9\u00fc\u4e2d\u6587\u65e5\u672c\u30c6\u30b9\u30c8\n")
	runes := make([]rune, scale)
	for i := range runes {
		runes[i] = alphabet[r.Intn(len(alphabet))]
	}
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return Base{runes, c}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	rs := make([]rune, len(b.runes))
	copy(rs, b.runes)
	for k := 0; k < 5; k++ {
		rs[rng.Intn(len(rs))] = rune('A' + rng.Intn(26))
	}
	return Input{b.cond, string(rs), 20 + rng.Intn(40)}
}

func call(h hash.Hash, in Input) {
	out := in.cond.Wrap(in.s, in.w)
	h.Write([]byte(out))
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
