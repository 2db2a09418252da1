package llm_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// run makes the calls through a cache read afresh from dir, as a new
// process would.
func run(t *testing.T, dir string, cs []llm.Call, refresh bool) []llm.Result {
	t.Helper()
	res, _, err := (&llm.Caller{Cache: &llm.Cache{Dir: dir}, Refresh: refresh}).Run(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hits(res []llm.Result) (n int) {
	for _, r := range res {
		if r.CacheHit {
			n++
		}
	}
	return n
}

func logs(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "answers-*.log"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// What a crash can leave in a log: a record cut short at the end, or one
// whose bytes changed. Neither is served; the answers before them are,
// and the calls they held are asked again.
func TestCacheSkipsDamagedRecords(t *testing.T) {
	s := llmtest.New(t)
	m := endpoint(t, s, func(c *llm.Config) { c.Concurrency = 1 }) // records in call order
	dir := t.TempDir()
	cs := calls(m, 3)
	run(t, dir, cs, false)
	ls := logs(t, dir)
	if len(ls) != 1 {
		t.Fatalf("%d logs after one run, want 1", len(ls))
	}
	b, err := os.ReadFile(ls[0])
	if err != nil {
		t.Fatal(err)
	}
	// Change a byte of the second answer, and cut the third short.
	second := strings.Index(string(b), "answer to: task 1")
	third := strings.Index(string(b), "answer to: task 2")
	b[second+len("answer to: ")] = 'X'
	if err := os.WriteFile(ls[0], b[:third+3], 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, dir, cs, false)
	if !res[0].CacheHit || res[1].CacheHit || res[2].CacheHit {
		t.Errorf("cache hits %v %v %v, want only the intact first record", res[0].CacheHit, res[1].CacheHit, res[2].CacheHit)
	}
	for i, r := range res {
		if strings.Contains(r.Content, "X") || r.Content != "answer to: task "+string(rune('0'+i)) {
			t.Errorf("call %d answered %q", i, r.Content)
		}
	}
	if s.Requests() != 5 {
		t.Errorf("%d requests, want 3 and the 2 damaged ones again", s.Requests())
	}
	// The rerun wrote its answers to a log of its own: all cached now.
	if got := hits(run(t, dir, cs, false)); got != 3 || len(logs(t, dir)) != 2 {
		t.Errorf("third run: %d hits and %d logs, want 3 and 2", got, len(logs(t, dir)))
	}
}

// A damaged header (its key, checksum or length field) costs only its own
// record: the records after it are still served.
func TestCacheResyncsAfterADamagedHeader(t *testing.T) {
	for _, c := range []struct {
		name   string
		damage func(b []byte, header int)
	}{
		{"key", func(b []byte, h int) { b[h+3] = 'z' }},
		{"length", func(b []byte, h int) {
			sp := bytes.LastIndexByte(b[:bytes.IndexByte(b[h:], '\n')+h], ' ')
			b[sp+1] = '9'
		}},
		{"separator", func(b []byte, h int) { b[h+64] = '_' }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := llmtest.New(t)
			m := endpoint(t, s, func(c *llm.Config) { c.Concurrency = 1 })
			dir := t.TempDir()
			cs := calls(m, 24)
			run(t, dir, cs, false)
			ls := logs(t, dir)
			b, err := os.ReadFile(ls[0])
			if err != nil {
				t.Fatal(err)
			}
			// The header of the record holding task 3's answer: the
			// line before its payload's first line.
			at := strings.Index(string(b), "answer to: task 3\n")
			payload := strings.LastIndexByte(string(b[:at-1]), '\n') // the end of the header... of the payload's head line
			head := strings.LastIndexByte(string(b[:payload]), '\n') + 1
			c.damage(b, head)
			if err := os.WriteFile(ls[0], b, 0o644); err != nil {
				t.Fatal(err)
			}
			before := s.Requests()
			res := run(t, dir, cs, false)
			if got := s.Requests() - before; got != 1 {
				t.Errorf("the rerun asked %d calls again, want 1", got)
			}
			for i, r := range res {
				if r.Content != fmt.Sprintf("answer to: task %d", i) {
					t.Errorf("call %d answered %q", i, r.Content)
				}
			}
		})
	}
}

// The log format is what the Cache documents, both ways: a record made
// by hand from the documentation is served, and a record the Cache writes
// reads back the same way. Logs outlive the binary that wrote them.
func TestCacheLogFormat(t *testing.T) {
	crc := func(key, payload string) uint32 {
		return crc32.Update(crc32.Checksum([]byte(key), crc32.MakeTable(crc32.Castagnoli)), crc32.MakeTable(crc32.Castagnoli), []byte(payload))
	}
	s := llmtest.New(t)
	s.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: "from the server\nline 2"} }
	m := endpoint(t, s, nil)
	cs := calls(m, 2)
	dir := t.TempDir()
	key := llm.Key(m, cs[0].Req)
	payload := "12 3 4 stop\nby hand\n```go\n```"
	rec := fmt.Sprintf("%s %08x %d\n%s\n", key, crc(key, payload), len(payload), payload)
	if err := os.WriteFile(filepath.Join(dir, "answers-00000000000000000001-1-1.log"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, dir, cs, false)
	if !res[0].CacheHit || res[0].Content != "by hand\n```go\n```" || res[0].PromptTokens != 3 ||
		res[0].CompletionTokens != 4 || res[0].FinishReason != "stop" || res[0].Latency != 12*time.Millisecond {
		t.Errorf("the record made by hand gave %+v", res[0])
	}
	if res[1].CacheHit || s.Requests() != 1 {
		t.Fatalf("call 2: hit %v, %d requests; want it asked", res[1].CacheHit, s.Requests())
	}

	// The run wrote call 2's answer to a log of its own.
	var written string
	for _, l := range logs(t, dir) {
		if !strings.HasSuffix(l, "-1-1.log") {
			b, err := os.ReadFile(l)
			if err != nil {
				t.Fatal(err)
			}
			written = string(b)
		}
	}
	head, rest, _ := strings.Cut(written, "\n")
	var k string
	var sum uint32
	var n int
	if _, err := fmt.Sscanf(head, "%64s %08x %d", &k, &sum, &n); err != nil || n > len(rest) {
		t.Fatalf("header %q: %v", head, err)
	}
	if k != llm.Key(m, cs[1].Req) || sum != crc(k, rest[:n]) || rest[n:] != "\n" {
		t.Errorf("log %q: key, checksum or length is not as documented", written)
	}
	line, content, _ := strings.Cut(rest[:n], "\n")
	if content != "from the server\nline 2" || len(strings.Fields(line)) != 4 {
		t.Errorf("payload %q, want four fields on a line, then the content", rest[:n])
	}
}

// An answer's reasoning is recorded ahead of its content, its length in a
// fifth header field; a record of four fields, as every record was before
// reasoning was kept, reads as it always did; a record whose reasoning
// length does not fit is no answer, and the call is asked again.
func TestCacheRecordsReasoning(t *testing.T) {
	for _, c := range []struct {
		name, payload string
		want          *llm.Response // nil: not served
	}{
		{"four fields", "12 3 4 stop\n<think>hm</think>answer",
			&llm.Response{Content: "<think>hm</think>answer", PromptTokens: 3, CompletionTokens: 4, FinishReason: "stop"}},
		{"four fields, no finish reason", "12 3 4 -\nanswer 1 2", &llm.Response{Content: "answer 1 2", PromptTokens: 3, CompletionTokens: 4}},
		{"reasoning", "12 3 40 length 9\nthinking\nanswer",
			&llm.Response{Reasoning: "thinking\n", Content: "answer", PromptTokens: 3, CompletionTokens: 40, FinishReason: "length"}},
		{"reasoning only", "12 3 40 length 8\nthinking",
			&llm.Response{Reasoning: "thinking", PromptTokens: 3, CompletionTokens: 40, FinishReason: "length"}},
		{"reasoning longer than the answer", "12 3 4 stop 99\nshort", nil},
		{"reasoning length 0", "12 3 4 stop 0\nanswer", nil},
		{"six fields", "12 3 4 stop 1 2\nanswer", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := llmtest.New(t)
			m := endpoint(t, s, nil)
			cs := calls(m, 1)
			dir := t.TempDir()
			key := llm.Key(m, cs[0].Req)
			sum := crc32.Update(crc32.Checksum([]byte(key), crc32.MakeTable(crc32.Castagnoli)), crc32.MakeTable(crc32.Castagnoli), []byte(c.payload))
			rec := fmt.Sprintf("%s %08x %d\n%s\n", key, sum, len(c.payload), c.payload)
			if err := os.WriteFile(filepath.Join(dir, "answers-00000000000000000001-1-1.log"), []byte(rec), 0o644); err != nil {
				t.Fatal(err)
			}
			res := run(t, dir, cs, false)[0]
			if c.want == nil {
				if res.CacheHit || s.Requests() != 1 {
					t.Errorf("served %+v from the cache, want the call asked again", res.Response)
				}
				return
			}
			if !res.CacheHit || res.Response != *c.want || res.Latency != 12*time.Millisecond {
				t.Errorf("got %+v (hit %v, %v), want %+v", res.Response, res.CacheHit, res.Latency, *c.want)
			}
		})
	}
}

// A refreshed answer wins over the one it replaced, in later processes
// too; and caches sharing a folder each write their own log.
func TestCacheNewerAnswerWins(t *testing.T) {
	s := llmtest.New(t)
	answer := "first"
	s.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Content: answer} }
	m := endpoint(t, s, nil)
	dir := t.TempDir()
	cs := calls(m, 1)
	run(t, dir, cs, false)
	answer = "second"
	run(t, dir, cs, true)
	if res := run(t, dir, cs, false); res[0].Content != "second" || !res[0].CacheHit {
		t.Errorf("after a refresh the cache serves %q (hit %v), want the newer answer", res[0].Content, res[0].CacheHit)
	}
	if n := len(logs(t, dir)); n != 2 {
		t.Errorf("%d logs, want one per run that answered", n)
	}
}

// countingPrompt renders fixed messages and counts how often it does.
type countingPrompt struct {
	msgs    []llm.Message
	renders *atomic.Int32
	err     error
}

func (p countingPrompt) Digest() [16]byte {
	var b []byte
	for _, m := range p.msgs {
		b = append(append(append(b, m.Role...), 0), append([]byte(m.Content), 0)...)
	}
	sum := sha256.Sum256(b)
	return [16]byte(sum[:16])
}

func (p countingPrompt) Render() ([]llm.Message, error) {
	p.renders.Add(1)
	return slices.Clone(p.msgs), p.err
}

// withPrompts gives calls their messages through a prompt instead.
func withPrompts(cs []llm.Call, renders *atomic.Int32) []llm.Call {
	out := slices.Clone(cs)
	for i := range out {
		out[i].Req.Prompt = countingPrompt{msgs: out[i].Req.Messages, renders: renders}
		out[i].Req.Messages = nil
	}
	return out
}

// A call with a prompt is rendered only to be asked: answered from the
// cache, even by a new process, it renders nothing.
func TestCachedPromptsRenderNothing(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: "answer to: " + req.Last()}
	}
	m := endpoint(t, s, nil)
	dir := t.TempDir()
	var renders atomic.Int32
	cs := withPrompts(calls(m, 5), &renders)
	res := run(t, dir, cs, false)
	if renders.Load() != 5 || s.Requests() != 5 || hits(res) != 0 {
		t.Fatalf("first run: %d renders, %d requests, %d hits; want 5, 5, 0", renders.Load(), s.Requests(), hits(res))
	}
	// The server saw the rendered messages.
	if res[3].Content != "answer to: task 3" {
		t.Errorf("answer %q", res[3].Content)
	}
	res = run(t, dir, cs, false)
	if renders.Load() != 5 || s.Requests() != 5 || hits(res) != 5 || res[3].Content != "answer to: task 3" {
		t.Errorf("rerun: %d renders, %d requests, %d hits, answer %q; want no render, no request, 5 hits",
			renders.Load(), s.Requests(), hits(res), res[3].Content)
	}
	// --refresh renders and asks again.
	run(t, dir, cs, true)
	if renders.Load() != 10 || s.Requests() != 10 {
		t.Errorf("refresh: %d renders, %d requests; want 10 and 10", renders.Load(), s.Requests())
	}
}

// Answers cached by their messages alone, as earlier versions cached
// them, are found for calls with prompts: rendered once to find them,
// then found by the prompt.
func TestPromptsFindAnswersCachedByMessages(t *testing.T) {
	s := llmtest.New(t)
	m := endpoint(t, s, nil)
	dir := t.TempDir()
	plain := calls(m, 4)
	run(t, dir, plain, false)
	var renders atomic.Int32
	prompted := withPrompts(plain, &renders)
	if res := run(t, dir, prompted, false); hits(res) != 4 || s.Requests() != 4 || renders.Load() != 4 {
		t.Errorf("prompts over a cache by messages: %d hits, %d requests, %d renders; want 4, 4, 4",
			hits(res), s.Requests(), renders.Load())
	}
	if res := run(t, dir, prompted, false); hits(res) != 4 || renders.Load() != 4 {
		t.Errorf("again: %d hits, %d renders; want 4 hits and no render", hits(res), renders.Load())
	}
	// And the other way: what prompts asked is found by messages.
	var renders2 atomic.Int32
	fresh := withPrompts(calls(m, 6)[4:], &renders2)
	run(t, dir, fresh, false)
	if res := run(t, dir, calls(m, 6)[4:], false); hits(res) != 2 || s.Requests() != 6 {
		t.Errorf("messages over answers asked with prompts: %d hits, %d requests; want 2 and 6", hits(res), s.Requests())
	}
}

// A prompt that can't be rendered is that call's error, asked of no one.
func TestPromptThatFailsIsTheCallsError(t *testing.T) {
	s := llmtest.New(t)
	m := endpoint(t, s, nil)
	var renders atomic.Int32
	cs := withPrompts(calls(m, 2), &renders)
	p := cs[1].Req.Prompt.(countingPrompt)
	p.err = errors.New("no such template")
	cs[1].Req.Prompt = p
	res := run(t, t.TempDir(), cs, false)
	if res[0].Err != nil || res[1].Err == nil || !strings.Contains(res[1].Err.Error(), "no such template") || s.Requests() != 1 {
		t.Errorf("results %v / %v, %d requests; want the second to fail unasked", res[0].Err, res[1].Err, s.Requests())
	}
}

// Answers cached by earlier versions stay found: the key of a call by its
// messages does not change.
func TestKeyIsStable(t *testing.T) {
	m, err := llm.Builtin("oracle")
	if err != nil {
		t.Fatal(err)
	}
	req := llm.Request{Messages: []llm.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "task 1"}},
		Temperature: 0.8, MaxTokens: 1024, Sample: 2, Round: 3}
	if got, want := llm.Key(m, req), "57c904004c64e7ca4066fed4a5c068217df9c601cf7822195c716dba7e8803c1"; got != want {
		t.Errorf("Key = %s, want %s (the key earlier versions cached this call under)", got, want)
	}
}
