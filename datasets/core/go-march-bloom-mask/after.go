package main

// Bloom is a bloom filter over 64-bit keys (already hashed row keys of
// an SSTable). The number of bits is always a power of two.
type Bloom struct {
	words []uint64
	mask  uint64 // nbits - 1
	k     int
}

// NewBloom returns a filter with at least minBits bits and k probes.
func NewBloom(minBits uint64, k int) *Bloom {
	n := uint64(64)
	for n < minBits {
		n <<= 1
	}
	return &Bloom{words: make([]uint64, n/64), mask: n - 1, k: k}
}

// mix is a 64-bit finaliser (splitmix64) used to derive the two base
// hashes of double hashing.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (b *Bloom) Add(key uint64) {
	h1 := mix(key)
	h2 := mix(h1) | 1
	for i := 0; i < b.k; i++ {
		bit := (h1 + uint64(i)*h2) & b.mask
		b.words[bit/64] |= 1 << (bit % 64)
	}
}

func (b *Bloom) MayContain(key uint64) bool {
	h1 := mix(key)
	h2 := mix(h1) | 1
	for i := 0; i < b.k; i++ {
		bit := (h1 + uint64(i)*h2) & b.mask
		if b.words[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
	}
	return true
}

// CountMaybePresent returns how many of keys the filter may contain.
func CountMaybePresent(b *Bloom, keys []uint64) int {
	n := 0
	for _, k := range keys {
		if b.MayContain(k) {
			n++
		}
	}
	return n
}
