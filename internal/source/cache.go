package source

import (
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/zeebo/xxh3"
)

// Cache keeps the functions of recently parsed files by their contents,
// for a run that parses many versions of the same files: a history is
// walked commit by commit, and the file before one commit is the file
// after another. It is safe for concurrent use; a nil Cache keeps
// nothing.
type Cache struct{ lru *lru.Cache[cacheKey, []Func] }

// NewCache keeps the functions of up to n files.
func NewCache(n int) *Cache {
	c, err := lru.New[cacheKey, []Func](n)
	if err != nil {
		panic(err) // n < 1: a bug of the caller's
	}
	return &Cache{c}
}

type cacheKey struct {
	lang string
	sum  xxh3.Uint128
}

func (c *Cache) get(k cacheKey) ([]Func, bool) {
	if c == nil {
		return nil, false
	}
	return c.lru.Get(k)
}

func (c *Cache) put(k cacheKey, fs []Func) {
	if c != nil {
		c.lru.Add(k, fs)
	}
}
