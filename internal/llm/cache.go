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
	"unsafe"
)

// Cache keeps every answered call on disk, keyed by a hash of the model,
// the messages and the parameters.
//
// Answers are appended to log files in Dir, one per process that answered
// anything (answers-<time>-<pid>.log), each answer a record written with
// one write(2): a header line "<key> <crc32c of key and answer> <length>",
// then the answer (see encodeEntry) and a newline. A process killed at any
// moment loses at most the answers in flight; a record cut short, or whose
// checksum fails, is skipped when the logs are read. Processes never write
// to each other's logs, so several may share Dir. When a key is answered
// twice (--refresh), the newer record wins.
//
// A call whose messages come from a Prompt is found by a second key, of
// the prompt's digest (see promptKey), held as an alias record whose
// payload is "alias <key>", written with the answer. A call answered from
// the cache then renders no messages, and answers stay keyed by what was
// asked: one cached by its messages alone (by an earlier version, or under
// another prompt that renders the same) is found by rendering once, and
// gets its alias then.
//
// A Cache reads Dir's logs once, on first use, and holds the answers in
// memory.
type Cache struct {
	Dir string

	once    sync.Once
	loadErr error
	mu      sync.RWMutex    // reads of the maps share it
	answers map[hash]string // key -> an encoded entry
	aliases map[hash]hash   // prompt key -> key
	log     string          // this process's log, made at the first answer
	file    *os.File        // log, open while a Caller runs
}

// hash is a key as it is held in memory.
type hash [sha256.Size]byte

// entry is a cached answer.
type entry struct {
	Response
	LatencyMS int64 `json:"latency_ms"`
}

// Key is the hash a call is cached under: of the model's identity, the
// messages, temperature, max tokens, sample and chain round, each written
// with its length so no two calls run together.
func Key(m Model, req Request) string {
	k := messagesKey(m, req)
	return hex.EncodeToString(k[:])
}

func messagesKey(m Model, req Request) hash {
	size := 8
	for _, msg := range req.Messages {
		size += 16 + len(msg.Role) + len(msg.Content)
	}
	return hashKey("perfcon answer v1", m, req, size, func(b []byte) []byte {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(req.Messages)))
		for _, msg := range req.Messages {
			b = appendString(b, msg.Role)
			b = appendString(b, msg.Content)
		}
		return b
	})
}

// promptKey finds the answer of a call whose messages come from a Prompt
// without rendering them: it hashes the prompt's digest in place of the
// messages. The cache holds it as an alias of the call's Key, so answers
// stay keyed by what was asked.
func promptKey(m Model, req Request) hash {
	d := req.Prompt.Digest()
	return hashKey("perfcon prompt v2", m, req, len(d), func(b []byte) []byte { return append(b, d[:]...) })
}

// hashKey hashes tag, the model's identity, what body appends (about size
// bytes) and the request's parameters.
func hashKey(tag string, m Model, req Request, size int, body func([]byte) []byte) hash {
	id := m.Name()
	if i, ok := m.(Identified); ok {
		id = i.Identity()
	}
	b := make([]byte, 0, 64+len(tag)+len(id)+size)
	b = appendString(b, tag)
	b = appendString(b, id)
	b = body(b)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(req.Temperature))
	b = binary.LittleEndian.AppendUint64(b, uint64(req.MaxTokens))
	b = binary.LittleEndian.AppendUint64(b, uint64(req.Sample))
	// A chain's later rounds are fresh samples even when a round repeats
	// an earlier prompt.
	b = binary.LittleEndian.AppendUint64(b, uint64(chainRound(req.Round)))
	return sha256.Sum256(b)
}

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
	return append(b, s...)
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

// Preload starts reading the answers in Dir, if c is a cache, so they
// are in memory when a stage's calls begin; the stage goes on reading its
// tables meanwhile. The calls wait for it, and report its error.
func (c *Cache) Preload() {
	if c != nil {
		go c.load()
	}
}

// load reads every log in Dir, oldest first.
func (c *Cache) load() error {
	c.once.Do(func() {
		names, err := filepath.Glob(filepath.Join(c.Dir, "answers-*.log"))
		if err != nil {
			c.loadErr = err
			return
		}
		slices.Sort(names) // the names start with the time they were made
		var logs [][]byte
		size := 0
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				c.loadErr = fmt.Errorf("reading the answer cache: %w", err)
				return
			}
			logs, size = append(logs, b), size+len(b)
		}
		c.answers = make(map[hash]string, size/1024)
		c.aliases = make(map[hash]hash, size/1024)
		for _, b := range logs {
			// The log as a string, without a copy (b is never written
			// again): the answers served are parts of it.
			str := unsafe.String(unsafe.SliceData(b), len(b))
			for key, at := range records(b) {
				c.add(key, str[at[0]:at[1]])
			}
		}
	})
	return c.loadErr
}

// records yields the key and the payload's place in b of each whole,
// intact record of a log. A record whose header or payload is damaged,
// or that was cut short, is skipped: the log is read on from the next
// line that is the header of an intact record (its checksum holds), so
// one damaged record costs only itself.
func records(b []byte) func(yield func(hash, [2]int) bool) {
	return func(yield func(hash, [2]int) bool) {
		for pos := 0; pos < len(b); {
			line := b[pos:]
			nl := bytes.IndexByte(line, '\n')
			if nl < 0 {
				return // a header cut short
			}
			next := pos + nl + 1 // the next line: where to look on from if this is no record
			key, hexKey, sum, n, ok := header(line[:nl])
			if !ok {
				pos = next
				continue
			}
			rest := line[nl+1:]
			if n+1 > len(rest) || rest[n] != '\n' || checksum(hexKey, rest[:n]) != sum {
				pos = next
				continue
			}
			if !yield(key, [2]int{next, next + n}) {
				return
			}
			pos = next + n + 1
		}
	}
}

// header parses a record's header, "<key> <checksum> <length>".
func header(line []byte) (key hash, hexKey []byte, sum uint32, n int, ok bool) {
	hexKey, rest, ok1 := bytes.Cut(line, []byte(" "))
	crc, length, ok2 := bytes.Cut(rest, []byte(" "))
	if !ok1 || !ok2 || len(hexKey) != 2*sha256.Size {
		return key, nil, 0, 0, false
	}
	if _, err := hex.Decode(key[:], hexKey); err != nil {
		return key, nil, 0, 0, false
	}
	s, err1 := strconv.ParseUint(string(crc), 16, 32)
	l, err2 := strconv.ParseUint(string(length), 10, 31)
	if err1 != nil || err2 != nil {
		return key, nil, 0, 0, false
	}
	return key, hexKey, uint32(s), int(l), true
}

// get returns the cached answer for key, following an alias.
func (c *Cache) get(key hash) (entry, bool, error) {
	if err := c.load(); err != nil {
		return entry{}, false, err
	}
	c.mu.RLock()
	if to, ok := c.aliases[key]; ok {
		key = to
	}
	payload, ok := c.answers[key]
	c.mu.RUnlock()
	if !ok {
		return entry{}, false, nil
	}
	e, err := decodeEntry(payload)
	if err != nil {
		return entry{}, false, nil // unreadable: ask again, and record the new answer
	}
	return e, true, nil
}

// An alias record's payload is "alias <key>": its key finds that key's
// answer. (A reader that knows no aliases finds no answer in it.)
const aliasPrefix = "alias "

// put records an answer under key, and aliases that find it.
func (c *Cache) put(key hash, e entry, aliases ...hash) error {
	recs := []record{{key, encodeEntry(e)}}
	for _, a := range aliases {
		recs = append(recs, aliasOf(a, key))
	}
	return c.write(recs)
}

// alias records that each of from finds key's answer.
func (c *Cache) alias(key hash, from ...hash) error {
	var recs []record
	for _, a := range from {
		recs = append(recs, aliasOf(a, key))
	}
	return c.write(recs)
}

type record struct {
	key     hash
	payload []byte
}

func aliasOf(from, key hash) record {
	return record{from, hex.AppendEncode([]byte(aliasPrefix), key[:])}
}

// write appends records to this process's log with one write(2).
func (c *Cache) write(recs []record) error {
	if len(recs) == 0 {
		return nil
	}
	if err := c.load(); err != nil {
		return err
	}
	size := 0
	for _, r := range recs {
		size += len(r.payload) + headerSize
	}
	buf := make([]byte, 0, size)
	at := make([]int, len(recs)) // where each payload starts in buf
	for i, r := range recs {
		k := len(buf)
		buf = hex.AppendEncode(buf, r.key[:])
		sum := checksum(buf[k:], r.payload)
		buf = append(buf, ' ')
		buf = appendHex32(buf, sum)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(len(r.payload)), 10)
		buf = append(buf, '\n')
		at[i] = len(buf)
		buf = append(append(buf, r.payload...), '\n')
	}
	// The records as a string, without a copy (buf is never written
	// again): the answers held are parts of it.
	str := unsafe.String(unsafe.SliceData(buf), len(buf))

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
	if _, err := c.file.Write(buf); err != nil {
		// The records may be cut short: go on in a new log.
		c.file.Close()
		c.file, c.log = nil, ""
		return err
	}
	for i, r := range recs {
		c.add(r.key, str[at[i]:at[i]+len(r.payload)])
	}
	return nil
}

// headerSize bounds a record's header and final newline.
const headerSize = 2*sha256.Size + 1 + 8 + 1 + 20 + 1 + 1

// appendHex32 appends v as 8 hex digits, as the header has it.
func appendHex32(b []byte, v uint32) []byte {
	var w [4]byte
	binary.BigEndian.PutUint32(w[:], v)
	return hex.AppendEncode(b, w[:])
}

// add holds a record in memory: an alias, or an answer.
func (c *Cache) add(key hash, payload string) {
	if to, ok := strings.CutPrefix(payload, aliasPrefix); ok {
		var k hash
		if len(to) == hex.EncodedLen(len(k)) {
			if _, err := hex.Decode(k[:], []byte(to)); err == nil {
				c.aliases[key] = k
			}
		}
		return
	}
	c.answers[key] = payload
}

// An entry is recorded as a line "<latency_ms> <prompt_tokens>
// <completion_tokens> <finish_reason or -> [<reasoning_length>]", then the
// reasoning and the content as they are, one after the other. The fifth
// field, the reasoning's length in bytes, is there only when the answer
// has reasoning: an answer without it is recorded as before reasoning was
// kept, and every such record reads back as it was.
func encodeEntry(e entry) []byte {
	reason := cmp.Or(e.FinishReason, "-")
	b := make([]byte, 0, 4*20+len(reason)+5+len(e.Reasoning)+len(e.Content))
	b = strconv.AppendInt(b, e.LatencyMS, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, e.PromptTokens, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, e.CompletionTokens, 10)
	b = append(b, ' ')
	b = append(b, reason...)
	if e.Reasoning != "" {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(len(e.Reasoning)), 10)
	}
	b = append(b, '\n')
	b = append(b, e.Reasoning...)
	return append(b, e.Content...)
}

func decodeEntry(s string) (entry, error) {
	head, content, ok := strings.Cut(s, "\n")
	if !ok {
		return entry{}, errors.New("no content")
	}
	var f [5]string
	for i := range f {
		f[i], head, _ = strings.Cut(head, " ")
	}
	if f[3] == "" || head != "" {
		return entry{}, errors.New("not an answer")
	}
	var e entry
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
	if f[4] != "" {
		n, err := strconv.ParseUint(f[4], 10, 63)
		if err != nil || n == 0 || n > uint64(len(content)) {
			return entry{}, fmt.Errorf("reasoning length %q: not a length within the answer", f[4])
		}
		e.Reasoning, content = content[:n], content[n:]
	}
	e.Content = content
	return e, nil
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
