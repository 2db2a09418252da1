// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"github.com/shopspring/decimal"
	"hash"
	"math/big"
	"math/rand"
	"os"
	"strconv"
)

var _ = binary.LittleEndian

type Base struct {
	v *big.Int
}

type Input struct {
	d decimal.Decimal
}

func buildBase(scale int) Base {
	// a coefficient of about SCALE decimal digits
	r := rand.New(rand.NewSource(7))
	v := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale-1)), nil)
	v.Add(v, new(big.Int).Rand(r, v))
	return Base{v}
}

func makeInput(b Base, scale int, rng *rand.Rand) Input {
	v := new(big.Int).Rsh(b.v, uint(rng.Intn(64)))
	if rng.Intn(2) == 0 {
		v.Neg(v)
	}
	// exponent in [-3, 3]: BigInt truncates the fraction or scales up
	return Input{decimal.NewFromBigInt(v, int32(rng.Intn(7)-3))}
}

func call(h hash.Hash, in Input) {
	x := in.d.BigInt()
	putU64(h, uint64(x.BitLen()))
	putU64(h, uint64(x.Sign()+1))
	w := x.Bits()
	if len(w) > 0 {
		putU64(h, uint64(w[0]))
		putU64(h, uint64(w[len(w)/2]))
		putU64(h, uint64(w[len(w)-1]))
	}
}

func foldInput(h hash.Hash, in Input) {
	putU64(h, uint64(in.d.Exponent()+100))
	putU64(h, uint64(in.d.Coefficient().BitLen()))
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
