// Package llmtest is an in-process OpenAI-compatible chat server for
// tests: it answers well, slowly, with 429 or 500, with malformed JSON, or
// not at all, as a test tells it.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Request is what the server read from a chat completion request.
type Request struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature *float64  `json:"temperature"`
	MaxTokens   int       `json:"max_tokens"`
	Seed        *int64    `json:"seed"`
}

// Message is a chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Last is the content of the last message.
func (r Request) Last() string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[len(r.Messages)-1].Content
}

// Reply is how the server answers one request.
type Reply struct {
	Content    string        // the answer, when Status is 0 or 200
	Status     int           // an HTTP error status, e.g. 429 or 500
	RetryAfter string        // the Retry-After header of an error
	Delay      time.Duration // wait before answering
	Raw        string        // a body sent as it is (malformed JSON, say)
	Hang       bool          // never answer; wait for the client to give up
}

// Server is the test server. Its URL plus "/v1" is a base URL.
type Server struct {
	*httptest.Server
	// Answer decides the reply to the n-th request (from 1). The default
	// answers "answer to: <last message's first line>".
	Answer func(n int, req Request) Reply

	mu        sync.Mutex
	n         int
	inFlight  int
	maxFlight int
	answered  map[string]int // last message -> full answers sent
}

// New starts a server; it stops with the test.
func New(t interface{ Cleanup(func()) }) *Server {
	s := &Server{answered: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

// BaseURL is the API root to configure a client with.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Requests is how many requests arrived.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// MaxInFlight is the most requests served at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxFlight
}

// Answered is how often each prompt (last message) got a full answer.
func (s *Server) Answered() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.answered))
	for k, v := range s.answered {
		out[k] = v
	}
	return out
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.Error(w, `{"error":{"message":"not found"}}`, http.StatusNotFound)
		return
	}
	var req Request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.n++
	n := s.n
	s.inFlight++
	s.maxFlight = max(s.maxFlight, s.inFlight)
	answer := s.Answer
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	reply := Reply{Content: "answer to: " + strings.SplitN(req.Last(), "\n", 2)[0]}
	if answer != nil {
		reply = answer(n, req)
	}
	if reply.Hang {
		<-r.Context().Done()
		return
	}
	if reply.Delay > 0 {
		select {
		case <-time.After(reply.Delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case reply.Status != 0 && reply.Status != http.StatusOK:
		if reply.RetryAfter != "" {
			w.Header().Set("Retry-After", reply.RetryAfter)
		}
		w.WriteHeader(reply.Status)
		fmt.Fprintf(w, `{"error":{"message":"test server says %d","type":"test"}}`, reply.Status)
		return
	case reply.Raw != "":
		fmt.Fprint(w, reply.Raw)
		return
	}
	body, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("chatcmpl-%d", n), "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": reply.Content}}},
		"usage": map[string]any{"prompt_tokens": len(req.Last()) / 4, "completion_tokens": len(reply.Content) / 4,
			"total_tokens": len(req.Last())/4 + len(reply.Content)/4},
	})
	w.Write(body)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	s.mu.Lock()
	s.answered[req.Last()]++
	s.mu.Unlock()
}
