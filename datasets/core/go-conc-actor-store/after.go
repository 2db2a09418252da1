package main

import "sync"

// Quota is the remaining request allowance of one API key.
type Quota struct {
	Limit int64
	Used  int64
}

// QuotaStore holds the quota of every API key. Lookups vastly outnumber
// updates, so readers share a read lock.
type QuotaStore struct {
	mu sync.RWMutex
	m  map[string]Quota
}

func NewQuotaStore() *QuotaStore {
	return &QuotaStore{m: make(map[string]Quota)}
}

func (s *QuotaStore) Set(key string, q Quota) {
	s.mu.Lock()
	s.m[key] = q
	s.mu.Unlock()
}

func (s *QuotaStore) Get(key string) (Quota, bool) {
	s.mu.RLock()
	q, ok := s.m[key]
	s.mu.RUnlock()
	return q, ok
}

func (s *QuotaStore) Close() {}

// RemainingFor sums the remaining allowance of the given keys; unknown
// keys count as zero.
func RemainingFor(s *QuotaStore, keys []string) int64 {
	var total int64
	for _, k := range keys {
		if q, ok := s.Get(k); ok && q.Used < q.Limit {
			total += q.Limit - q.Used
		}
	}
	return total
}
