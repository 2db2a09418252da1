// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"bytes"
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

// The serialised bitset is streamed to ReadFrom through an OS pipe (an
// unbuffered *os.File, as a socket or file would be): every Read call on it
// is a read(2) syscall. A goroutine feeds the pipe with a single Write.
func pipeOf(data []byte) *os.File {
	pr, pw, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	go func() {
		pw.Write(data)
		pw.Close()
	}()
	return pr
}

type Base struct {
	ser []byte
}

type Input struct {
	ser []byte
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	n := uint(scale) * 64 // SCALE words
	bs := bitset.New(n)
	for i := 0; i < scale; i++ {
		bs.Set(uint(r.Int63n(int64(n))))
	}
	var buf bytes.Buffer
	if _, err := bs.WriteTo(&buf); err != nil {
		panic(err)
	}
	return Base{buf.Bytes()}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	ser := append([]byte{}, b.ser...)
	// flip one bit in one data word (after the 8-byte length header)
	k := 8 + rng.Intn(len(ser)-8)
	ser[k] ^= byte(1 << uint(rng.Intn(8)))
	return Input{ser}
}

func call(h hash.Hash, in Input) {
	var bs bitset.BitSet
	pr := pipeOf(in.ser)
	n, err := bs.ReadFrom(pr)
	pr.Close()
	if err != nil {
		panic(err)
	}
	putU64(h, uint64(n))
	putU64(h, uint64(bs.Count()))
	putU64(h, uint64(bs.Len()))
	w := bs.Bytes()
	putU64(h, w[0]^w[len(w)/2]^w[len(w)-1])
	var acc uint64
	for i, x := range w {
		acc += x * uint64(i+1)
	}
	putU64(h, acc)
}

func foldInput(h hash.Hash, in Input) {
	h.Write(in.ser[:64])
	putU64(h, uint64(len(in.ser)))
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
