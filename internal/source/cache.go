package source

import (
	"container/list"
	"sync"

	"github.com/zeebo/xxh3"
)

// Cache keeps the functions of recently parsed files by their contents,
// for a run that parses many versions of the same files: a history is
// walked commit by commit, and the file before one commit is the file
// after another. It is safe for concurrent use; a nil Cache keeps
// nothing.
type Cache struct{ lru *lru }

// NewCache keeps the functions of up to n files.
func NewCache(n int) *Cache { return &Cache{newLRU(n)} }

func (c *Cache) get(k cacheKey) ([]Func, bool) {
	if c == nil {
		return nil, false
	}
	return c.lru.get(k)
}

func (c *Cache) put(k cacheKey, fs []Func) {
	if c != nil {
		c.lru.put(k, fs)
	}
}

type cacheKey struct {
	lang string
	sum  xxh3.Uint128
}

// lru is a map that forgets its least recently used entries past a size.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *entry, most recent first
	items map[cacheKey]*list.Element
}

type lruEntry struct {
	key   cacheKey
	funcs []Func
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: map[cacheKey]*list.Element{}}
}

func (c *lru) get(k cacheKey) ([]Func, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry).funcs, true
	}
	return nil, false
}

func (c *lru) put(k cacheKey, fs []Func) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[k] = c.order.PushFront(&lruEntry{k, fs})
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*lruEntry).key)
	}
}
