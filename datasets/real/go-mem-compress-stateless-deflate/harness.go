// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math/rand"
	"os"
	"strconv"

	"github.com/klauspost/compress/flate"
)

// buildBase makes SCALE bytes of word-like text (deterministic).
func buildBase(scale int) []byte {
	r := rand.New(rand.NewSource(99))
	words := make([][]byte, 400)
	for i := range words {
		w := make([]byte, 2+r.Intn(8))
		for j := range w {
			w[j] = byte('a' + r.Intn(26))
		}
		words[i] = w
	}
	out := make([]byte, 0, scale+16)
	for len(out) < scale {
		// Zipf-ish choice so there is structure to compress
		k := r.Intn(len(words))
		k = k * r.Intn(len(words)) / len(words)
		out = append(out, words[k]...)
		if r.Intn(12) == 0 {
			out = append(out, '.', '\n')
		} else {
			out = append(out, ' ')
		}
	}
	return out[:scale]
}

// An iteration compresses SCALE small messages, as a server compressing
// one reply after another does: StatelessDeflate's cost per call, not per
// byte, is what the commit changed. Each message is a slice of the shared
// text at an offset and length drawn from SEED+i (256 bytes to 4 KiB).
const (
	text   = 1 << 20
	minLen = 256
	maxLen = 4096
)

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
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
	base := buildBase(text)
	h := sha256.New()
	var out bytes.Buffer
	for i := 0; i < iters; i++ {
		r := uint64(seed) + uint64(i)
		for j := 0; j < scale; j++ {
			r = splitmix64(r)
			off := int(r % (text - maxLen))
			n := minLen + int((r>>32)%(maxLen-minLen+1))
			in := base[off : off+n]
			if onlyInputs {
				putU64(h, uint64(off)<<16|uint64(n))
				continue
			}
			out.Reset()
			if err := flate.StatelessDeflate(&out, in, true, nil); err != nil {
				fmt.Fprintln(os.Stderr, "StatelessDeflate:", err)
				os.Exit(1)
			}
			putU64(h, uint64(out.Len()))
			h.Write(out.Bytes())
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
