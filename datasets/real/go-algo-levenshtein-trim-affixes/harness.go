// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/agnivade/levenshtein"
	"hash"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

// the two strings share a common prefix and suffix of PREFIX_PCT% of SCALE
// runes each side (0 means unrelated strings); the middles are random.
const prefixPct = 45

type Base struct {
	a, b []rune
}

type Input struct {
	a, b string
}

func buildBase(scale int) Base {
	r := rand.New(rand.NewSource(7))
	alpha := []rune("abcdefghijklmnopqrstuvwxyz\u00e9\u00f8\u00e5")
	gen := func(n int) []rune {
		s := make([]rune, n)
		for i := range s {
			s[i] = alpha[r.Intn(len(alpha))]
		}
		return s
	}
	fix := scale * prefixPct / 100
	mid := scale - 2*fix
	pre, suf := gen(fix), gen(fix)
	a := append(append(append([]rune{}, pre...), gen(mid)...), suf...)
	b := append(append(append([]rune{}, pre...), gen(mid+mid/10)...), suf...)
	return Base{a, b}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	a := append([]rune{}, b.a...)
	for k := 0; k < 3; k++ {
		// mutate inside the differing middle (plus a small margin), so the common
		// affixes shrink a little but stay long
		fix := scale * prefixPct / 100
		lo := fix - scale/50
		a[lo+rng.Intn(len(a)-2*lo)] = rune('A' + rng.Intn(26))
	}
	// drop 1..8 runes off the end of the shared suffix: the distance
	// grows by as many, so it changes with the seed
	a = a[:len(a)-1-rng.Intn(8)]
	return Input{string(a), string(b.b)}
}

func call(h hash.Hash, in Input) {
	putU64(h, uint64(levenshtein.ComputeDistance(in.a, in.b)))
}

func foldInput(h hash.Hash, in Input) {
	h.Write([]byte(in.a))
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
