package main

import (
	"crypto/sha256"
)

// BlockDigests returns the SHA-256 digest of every block of an upload.
// out[i] is the digest of blocks[i].
func BlockDigests(blocks [][]byte) [][sha256.Size]byte {
	out := make([][sha256.Size]byte, len(blocks))
	for i := range blocks {
		out[i] = sha256.Sum256(blocks[i])
	}
	return out
}
