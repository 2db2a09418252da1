// Package llmtest is an in-process OpenAI-compatible chat server for
// tests: it answers well, slowly, with 429 or 500, with malformed JSON, or
// not at all, as a test tells it; with reasoning apart from the content,
// as reasoning models' servers do; and it can refuse parameters, as a
// hosted reasoning model refuses temperature.
package llmtest

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Request is what the server read from a chat completion request.
type Request struct {
	Model               string    `json:"model"`
	Messages            []Message `json:"messages"`
	Temperature         *float64  `json:"temperature"`
	MaxTokens           int       `json:"max_tokens"`
	MaxCompletionTokens int       `json:"max_completion_tokens"`
	Seed                *int64    `json:"seed"`
	ReasoningEffort     string    `json:"reasoning_effort"`
	// Body is the whole request body, every field the client sent, and
	// Header the request's headers.
	Body   map[string]any `json:"-"`
	Header http.Header    `json:"-"`
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
	Raw        string        // a body sent as it is (malformed JSON, say), with Status too
	Hang       bool          // never answer; wait for the client to give up

	// Reasoning is sent apart from the content, in the message's
	// ReasoningField (default reasoning_content, as vLLM sends it;
	// OpenRouter's is reasoning).
	Reasoning      string
	ReasoningField string
	FinishReason   string // default "stop"
}

// Server is the test server. Its URL plus "/v1" is a base URL.
type Server struct {
	*httptest.Server
	// Answer decides the reply to the n-th request (from 1). The default
	// answers "answer to: <last message's first line>".
	Answer func(n int, req Request) Reply
	// Reject names parameters the server refuses: a request that has any
	// of them gets a 400 in OpenAI's shape for an unsupported parameter,
	// as OpenAI's reasoning models answer temperature or max_tokens.
	Reject []string

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
	b, err := io.ReadAll(r.Body)
	if err == nil {
		err = errors.Join(json.Unmarshal(b, &req), json.Unmarshal(b, &req.Body))
	}
	if err != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	req.Header = r.Header.Clone()
	s.mu.Lock()
	s.n++
	n := s.n
	s.inFlight++
	s.maxFlight = max(s.maxFlight, s.inFlight)
	answer := s.Answer
	reject := s.Reject
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	for _, p := range reject {
		if _, ok := req.Body[p]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write(unsupported(p))
			return
		}
	}

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
		if reply.Raw != "" {
			fmt.Fprint(w, reply.Raw)
			return
		}
		fmt.Fprintf(w, `{"error":{"message":"test server says %d","type":"test"}}`, reply.Status)
		return
	case reply.Raw != "":
		fmt.Fprint(w, reply.Raw)
		return
	}
	completion := (len(reply.Reasoning) + len(reply.Content)) / 4
	message := map[string]any{"role": "assistant", "content": reply.Content}
	if reply.Reasoning != "" {
		message[cmp.Or(reply.ReasoningField, "reasoning_content")] = reply.Reasoning
	}
	body, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("chatcmpl-%d", n), "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "finish_reason": cmp.Or(reply.FinishReason, "stop"),
			"message": message}},
		// Reasoning is paid for as completion tokens.
		"usage": map[string]any{"prompt_tokens": len(req.Last()) / 4, "completion_tokens": completion,
			"total_tokens": len(req.Last())/4 + completion},
	})
	w.Write(body)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	s.mu.Lock()
	s.answered[req.Last()]++
	s.mu.Unlock()
}

// unsupported is OpenAI's answer to a parameter the model does not take.
func unsupported(param string) []byte {
	msg := fmt.Sprintf("Unsupported parameter: '%s' is not supported with this model.", param)
	if param == "max_tokens" {
		msg += " Use 'max_completion_tokens' instead."
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": msg, "type": "invalid_request_error", "param": param, "code": "unsupported_parameter"}})
	return b
}
