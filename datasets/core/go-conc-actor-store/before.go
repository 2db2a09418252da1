package main

// Quota is the remaining request allowance of one API key.
type Quota struct {
	Limit int64
	Used  int64
}

type quotaReq struct {
	key   string
	set   bool
	quota Quota
	reply chan quotaResp
}

type quotaResp struct {
	quota Quota
	ok    bool
}

// QuotaStore holds the quota of every API key. All access goes through a
// single owner goroutine, so the map itself needs no locking.
type QuotaStore struct {
	reqs chan quotaReq
	done chan struct{}
}

func NewQuotaStore() *QuotaStore {
	s := &QuotaStore{reqs: make(chan quotaReq), done: make(chan struct{})}
	go s.loop()
	return s
}

func (s *QuotaStore) loop() {
	m := make(map[string]Quota)
	for {
		select {
		case r := <-s.reqs:
			if r.set {
				m[r.key] = r.quota
				r.reply <- quotaResp{quota: r.quota, ok: true}
				continue
			}
			q, ok := m[r.key]
			r.reply <- quotaResp{quota: q, ok: ok}
		case <-s.done:
			return
		}
	}
}

func (s *QuotaStore) Set(key string, q Quota) {
	reply := make(chan quotaResp)
	s.reqs <- quotaReq{key: key, set: true, quota: q, reply: reply}
	<-reply
}

func (s *QuotaStore) Get(key string) (Quota, bool) {
	reply := make(chan quotaResp)
	s.reqs <- quotaReq{key: key, reply: reply}
	r := <-reply
	return r.quota, r.ok
}

func (s *QuotaStore) Close() { close(s.done) }

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
