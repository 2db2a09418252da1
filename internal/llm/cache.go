package llm

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Cache keeps every answered call on disk, keyed by a hash of the model,
// the messages and the parameters.
//
// Answers are appended to log files in Dir, one per process that answered
// anything (answers-<time>-<pid>.log), each answer a record written with
// one write(2): a header line "<key> <crc32c of key and answer> <length>",
// then the answer
// (see encodeEntry) and a newline. A process killed at any moment loses at most the answers in
// flight; a record cut short, or whose checksum fails, is skipped when the
// logs are read. Processes never write to each other's logs, so several
// may share Dir. When a key is answered twice (--refresh), the newer
// record wins.
//
// A Cache reads Dir's logs once, on first use, and holds the answers in
// memory.
type Cache struct {
	Dir string

	once    sync.Once
	loadErr error
	mu      sync.Mutex
	answers map[string][]byte // key -> an encoded entry
	log     string            // this process's log, made at the first answer
	file    *os.File          // log, open while a Caller runs
}

// entry is a cached answer.
type entry struct {
	Response
	LatencyMS int64 `json:"latency_ms"`
}

// Key is the hash a call is cached under: of the model's identity, the
// messages, temperature, max tokens, sample and chain round, each written
// with its length so no two calls run together.
func Key(m Model, req Request) string {
	id := m.Name()
	if i, ok := m.(interface{ Identity() string }); ok {
		id = i.Identity()
	}
	size := 64 + len(id)
	for _, msg := range req.Messages {
		size += 16 + len(msg.Role) + len(msg.Content)
	}
	b := make([]byte, 0, size+64)
	str := func(s string) {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	str("perfcon answer v1")
	str(id)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(req.Messages)))
	for _, msg := range req.Messages {
		str(msg.Role)
		str(msg.Content)
	}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(req.Temperature))
	b = binary.LittleEndian.AppendUint64(b, uint64(req.MaxTokens))
	b = binary.LittleEndian.AppendUint64(b, uint64(req.Sample))
	// A chain's later rounds are fresh samples even when a round repeats
	// an earlier prompt.
	b = binary.LittleEndian.AppendUint64(b, uint64(chainRound(req.Round)))
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func chainRound(r int) int {
	if r > 1 {
		return r
	}
	return 0
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum covers a record's key and answer: a damaged key can't serve
// one call's answer for another.
func checksum(key, payload []byte) uint32 {
	return crc32.Update(crc32.Checksum(key, castagnoli), castagnoli, payload)
}

// logSeq keeps the logs of one process's caches apart.
var logSeq atomic.Int64

// load reads every log in Dir, oldest first.
func (c *Cache) load() error {
	c.once.Do(func() {
		c.answers = map[string][]byte{}
		names, err := filepath.Glob(filepath.Join(c.Dir, "answers-*.log"))
		if err != nil {
			c.loadErr = err
			return
		}
		slices.Sort(names) // the names start with the time they were made
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				c.loadErr = fmt.Errorf("reading the answer cache: %w", err)
				return
			}
			for key, payload := range records(b) {
				c.answers[key] = payload
			}
		}
	})
	return c.loadErr
}

// records yields the whole, intact records of a log.
func records(b []byte) func(yield func(string, []byte) bool) {
	return func(yield func(string, []byte) bool) {
		for len(b) > 0 {
			nl := bytes.IndexByte(b, '\n')
			if nl < 0 {
				return // a header cut short
			}
			f := bytes.Fields(b[:nl])
			if len(f) != 3 || len(f[0]) != 2*sha256.Size {
				return // not a header: nothing after it can be trusted
			}
			sum, err1 := strconv.ParseUint(string(f[1]), 16, 32)
			n, err2 := strconv.Atoi(string(f[2]))
			rest := b[nl+1:]
			if err1 != nil || err2 != nil || n < 0 || n+1 > len(rest) || rest[n] != '\n' {
				return // a record cut short
			}
			payload := rest[:n]
			if checksum(f[0], payload) == uint32(sum) {
				if !yield(string(f[0]), payload) {
					return
				}
			}
			b = rest[n+1:]
		}
	}
}

// get returns the cached answer for key, if there is one.
func (c *Cache) get(key string) (entry, bool, error) {
	if err := c.load(); err != nil {
		return entry{}, false, err
	}
	c.mu.Lock()
	payload, ok := c.answers[key]
	c.mu.Unlock()
	if !ok {
		return entry{}, false, nil
	}
	e, err := decodeEntry(payload)
	if err != nil {
		return entry{}, false, nil // unreadable: ask again, and record the new answer
	}
	return e, true, nil
}

// An entry is recorded as a line "<latency_ms> <prompt_tokens>
// <completion_tokens> <finish_reason or ->", then the content as it is.
func encodeEntry(e entry) []byte {
	b := fmt.Appendf(nil, "%d %d %d %s\n", e.LatencyMS, e.PromptTokens, e.CompletionTokens, cmp.Or(e.FinishReason, "-"))
	return append(b, e.Content...)
}

func decodeEntry(b []byte) (entry, error) {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return entry{}, errors.New("no content")
	}
	var e entry
	f := strings.Fields(string(b[:nl]))
	if len(f) != 4 {
		return entry{}, errors.New("not an answer")
	}
	var errs [3]error
	e.LatencyMS, errs[0] = strconv.ParseInt(f[0], 10, 64)
	e.PromptTokens, errs[1] = strconv.ParseInt(f[1], 10, 64)
	e.CompletionTokens, errs[2] = strconv.ParseInt(f[2], 10, 64)
	if err := errors.Join(errs[:]...); err != nil {
		return entry{}, err
	}
	if f[3] != "-" {
		e.FinishReason = f[3]
	}
	e.Content = string(b[nl+1:])
	return e, nil
}

// put records an answer.
func (c *Cache) put(key string, e entry) error {
	if err := c.load(); err != nil {
		return err
	}
	payload := encodeEntry(e)
	rec := fmt.Appendf(nil, "%s %08x %d\n", key, checksum([]byte(key), payload), len(payload))
	rec = append(append(rec, payload...), '\n')

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		if c.log == "" {
			if err := os.MkdirAll(c.Dir, 0o755); err != nil {
				return err
			}
			c.log = filepath.Join(c.Dir, fmt.Sprintf("answers-%020d-%d-%d.log", time.Now().UnixNano(), os.Getpid(), logSeq.Add(1)))
		}
		f, err := os.OpenFile(c.log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		c.file = f
	}
	if _, err := c.file.Write(rec); err != nil {
		// The record may be cut short: go on in a new log.
		c.file.Close()
		c.file, c.log = nil, ""
		return err
	}
	c.answers[key] = payload
	return nil
}

// close closes this process's log until the next answer reopens it; the
// Caller closes it when a run ends.
func (c *Cache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return nil
	}
	err := c.file.Close()
	c.file = nil
	return err
}
