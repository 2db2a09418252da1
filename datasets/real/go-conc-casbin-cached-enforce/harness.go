// perfcon harness for casbin's CachedEnforcer.Enforce.
// usage: prog ITERATIONS SCALE SEED [inputs]
//
// One RBAC enforcer with a cache, shared by one worker goroutine per CPU
// the process may use (runtime.GOMAXPROCS(0)), as a server's request
// handlers share it. Each iteration clears the decision cache and has the
// workers decide SCALE access requests drawn from SEED+i (some repeat, so
// the cache is hit as well as filled); every decision, in request order,
// goes into the digest.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"sync"

	"github.com/casbin/casbin"
)

const modelText = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && r.obj == p.obj && r.act == p.act
`

const (
	nUsers  = 2000
	nGroups = 60
	nData   = 40
)

var acts = []string{"read", "write", "delete"}

type Base struct {
	e     *casbin.CachedEnforcer
	users []string
	data  []string
}

type request struct{ sub, obj, act string }

func buildBase() Base {
	rng := rand.New(rand.NewSource(4242))
	e := casbin.NewCachedEnforcer(casbin.NewModel(modelText))
	e.EnableLog(false)
	e.EnableAutoBuildRoleLinks(false)
	b := Base{e: e}
	for i := 0; i < nData; i++ {
		b.data = append(b.data, "data"+strconv.Itoa(i))
	}
	for g := 0; g < nGroups; g++ {
		grp := "group" + strconv.Itoa(g)
		for k := 0; k < 3; k++ {
			e.AddPolicy(grp, b.data[rng.Intn(nData)], acts[rng.Intn(len(acts))])
		}
	}
	for u := 0; u < nUsers; u++ {
		user := "user" + strconv.Itoa(u)
		b.users = append(b.users, user)
		e.AddGroupingPolicy(user, "group"+strconv.Itoa(rng.Intn(nGroups)))
		if u%5 == 0 {
			e.AddGroupingPolicy(user, "group"+strconv.Itoa(rng.Intn(nGroups)))
		}
	}
	e.BuildRoleLinks()
	return b
}

// makeInput is iteration i's requests, from seed+i alone: SCALE requests,
// one in eight repeating an earlier one.
func makeInput(b Base, scale int, rng *rand.Rand, reqs []request) []request {
	reqs = reqs[:0]
	for j := 0; j < scale; j++ {
		if j > 0 && rng.Intn(8) == 0 {
			reqs = append(reqs, reqs[rng.Intn(j)])
			continue
		}
		reqs = append(reqs, request{b.users[rng.Intn(nUsers)], b.data[rng.Intn(nData)], acts[rng.Intn(len(acts))]})
	}
	return reqs
}

func decide(e *casbin.CachedEnforcer, reqs []request, out []bool) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := w; j < len(reqs); j += workers {
				r := reqs[j]
				out[j] = e.Enforce(r.sub, r.obj, r.act)
			}
		}(w)
	}
	wg.Wait()
}

func putU64(h interface{ Write([]byte) (int, error) }, v uint64) {
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
	base := buildBase()
	h := sha256.New()
	reqs := make([]request, 0, scale)
	out := make([]bool, scale)
	for i := 0; i < iters; i++ {
		rng := rand.New(rand.NewSource(seed + int64(i)))
		reqs = makeInput(base, scale, rng, reqs)
		if onlyInputs {
			r := reqs[len(reqs)-1]
			h.Write([]byte(r.sub + "/" + r.obj + "/" + r.act))
		} else {
			base.e.InvalidateCache()
			decide(base.e, reqs, out)
			allowed := uint64(0)
			for j, ok := range out {
				if ok {
					allowed++
					putU64(h, uint64(j))
				}
			}
			putU64(h, allowed)
		}
		h.Write([]byte{'|'})
	}
	fmt.Printf("%x\n", h.Sum(nil))
}
