// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/bits-and-blooms/bitset"
	"hash"
	"hash/crc32"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

// sink is an unbuffered stream: every Write goes to /dev/null (one syscall)
// and is folded into a CRC so the output bytes reach the digest.
type sink struct {
	f   *os.File
	crc uint32
	n   int
}

func (s *sink) Write(p []byte) (int, error) {
	s.crc = crc32.Update(s.crc, crc32.IEEETable, p)
	s.n += len(p)
	return s.f.Write(p)
}

type Base struct {
	bs   *bitset.BitSet
	n    uint
	null *os.File
}

type Input struct {
	bs   *bitset.BitSet
	pos  uint
	null *os.File
}

func buildBase(scale int) Base {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := rand.New(rand.NewSource(7))
	n := uint(scale) * 64 // SCALE words
	bs := bitset.New(n)
	for i := 0; i < scale; i++ {
		bs.Set(uint(r.Int63n(int64(n))))
	}
	return Base{bs, n, f}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	return Input{b.bs, uint(rng.Int63n(int64(b.n))), b.null}
}

func call(h hash.Hash, in Input) {
	// a one-bit change per iteration, undone afterwards (avoids copying the set)
	was := in.bs.Test(in.pos)
	in.bs.Flip(in.pos)
	s := &sink{f: in.null}
	n, err := in.bs.WriteTo(s)
	in.bs.SetTo(in.pos, was)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	putU64(h, uint64(n))
	putU64(h, uint64(s.n))
	putU64(h, uint64(s.crc))
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.pos))
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
