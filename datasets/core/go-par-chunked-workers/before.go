package main

import (
	"crypto/sha256"
	"sync"
)

// BlockDigests returns the SHA-256 digest of every block of an upload,
// hashing blocks concurrently. out[i] is the digest of blocks[i].
func BlockDigests(blocks [][]byte) [][sha256.Size]byte {
	out := make([][sha256.Size]byte, len(blocks))
	var wg sync.WaitGroup
	for i := range blocks {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = sha256.Sum256(blocks[i])
		}(i)
	}
	wg.Wait()
	return out
}
