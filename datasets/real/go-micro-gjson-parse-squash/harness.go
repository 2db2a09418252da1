// perfcon harness. usage: prog ITERATIONS SCALE SEED [inputs]
// gjson.Get on a document whose first member is a large nested value that the
// search must skip (parseSquash), followed by small members; the path is seeded.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math/rand"
	"os"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// buildBase: {"data":[ SCALE records ... ], "k0":..., ..., "k99":...}
func buildBase(scale int) string {
	r := rand.New(rand.NewSource(5))
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := 0; i < scale; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n    {\n        \"id\": %d,\n        \"name\": \"user %d with a fairly long display name\",\n        \"tags\": [ \"alpha\", \"beta\", \"g\\\"amma\" ],\n        \"score\": %d.%d,\n        \"nested\": {\n            \"ok\": true,\n            \"list\": [ 1, 2, 3, { \"x\": \"(y)\" } ]\n        }\n    }",
			i, r.Intn(1000000), r.Intn(1000), r.Intn(100))
	}
	b.WriteString(`]`)
	for k := 0; k < 100; k++ {
		fmt.Fprintf(&b, `,"k%d":{"v":%d,"s":"val%d"}`, k, r.Intn(1000000), r.Intn(1000))
	}
	b.WriteString(`}`)
	return b.String()
}

func makeInput(rng *rand.Rand) string {
	k := rng.Intn(100)
	if rng.Intn(2) == 0 {
		return "k" + strconv.Itoa(k) + ".v"
	}
	return "k" + strconv.Itoa(k)
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
	doc := buildBase(scale)
	h := sha256.New()
	for i := 0; i < iters; i++ {
		rng := rand.New(rand.NewSource(seed + int64(i)))
		path := makeInput(rng)
		if onlyInputs {
			h.Write([]byte(path))
		} else {
			res := gjson.Get(doc, path)
			putU64(h, uint64(res.Type))
			putU64(h, uint64(res.Index))
			h.Write([]byte(res.Raw))
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
