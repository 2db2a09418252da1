package main

import (
	"crypto/sha256"
	"runtime"
	"sync"
)

// BlockDigests returns the SHA-256 digest of every block of an upload,
// hashing blocks on all available CPUs. out[i] is the digest of blocks[i].
func BlockDigests(blocks [][]byte) [][sha256.Size]byte {
	out := make([][sha256.Size]byte, len(blocks))
	// One goroutine per CPU the process may use, each hashing a contiguous
	// range of blocks; with a single CPU, hash inline.
	workers := min(runtime.GOMAXPROCS(0), len(blocks))
	if workers <= 1 {
		for i := range blocks {
			out[i] = sha256.Sum256(blocks[i])
		}
		return out
	}
	var wg sync.WaitGroup
	per := (len(blocks) + workers - 1) / workers
	for start := 0; start < len(blocks); start += per {
		end := min(start+per, len(blocks))
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				out[i] = sha256.Sum256(blocks[i])
			}
		}(start, end)
	}
	wg.Wait()
	return out
}
