package llm

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Cache keeps every answered call on disk, one file per call, keyed by a
// hash of the model, the messages and the parameters. A file is written
// whole to a temporary name and renamed, so concurrent callers and a crash
// at any moment leave either the whole answer or none.
type Cache struct {
	Dir string
}

// entry is a cached answer.
type entry struct {
	Response
	LatencyMS int64 `json:"latency_ms"`
}

// Key is the hash a call is cached under.
func Key(m Model, req Request) string {
	id := m.Name()
	if i, ok := m.(interface{ Identity() string }); ok {
		id = i.Identity()
	}
	b, _ := json.Marshal(struct {
		Model       string
		Messages    []Message
		Temperature float64
		MaxTokens   int
		Sample      int
		// A chain's later rounds are fresh samples even when a round
		// repeats an earlier prompt; round 1 keys as it always did.
		Round int `json:",omitempty"`
	}{id, req.Messages, req.Temperature, req.MaxTokens, req.Sample, chainRound(req.Round)})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func chainRound(r int) int {
	if r > 1 {
		return r
	}
	return 0
}

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key[:2], key+".json") }

// get returns the cached answer for key, if there is one.
func (c *Cache) get(key string) (entry, bool, error) {
	b, err := os.ReadFile(c.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return entry{}, false, nil
	}
	if err != nil {
		return entry{}, false, err
	}
	var e entry
	if err := json.Unmarshal(b, &e); err != nil {
		return entry{}, false, nil // unreadable: ask again and overwrite
	}
	return e, true, nil
}

// put stores an answer.
func (c *Cache) put(key string, e entry) error {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), key+".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), p)
}
