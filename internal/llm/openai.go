package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// endpoint is a model behind an OpenAI-compatible chat endpoint, called
// with the official client. Each attempt has its own timeout; 408, 409,
// 429, 5xx, timed-out attempts and broken connections are retried with
// exponential backoff and jitter, honouring Retry-After and
// Retry-After-Ms. (The client's own retries are off: it gives up on the
// first attempt that times out.)
//
// A model with replicas spreads its calls over them in turn. A replica
// whose attempt fails in a way worth retrying is avoided for
// replicaCooldown, and the retry goes to the next healthy replica at
// once; only when every replica is avoided does an attempt wait out the
// backoff, on the one that failed longest ago.
type endpoint struct {
	cfg      Config
	identity string
	opts     []option.RequestOption // the entry's extra_body and headers, on every call
	replicas []*replica
	next     atomic.Uint64
}

// pricedEndpoint is an endpoint whose entry gives a price.
type pricedEndpoint struct{ *endpoint }

// Prices are the entry's price_in and price_out; one not set is free.
func (p pricedEndpoint) Prices() (in, out float64) {
	if p.cfg.PriceIn != nil {
		in = *p.cfg.PriceIn
	}
	if p.cfg.PriceOut != nil {
		out = *p.cfg.PriceOut
	}
	return in, out
}

// replica is one server of a model.
type replica struct {
	url    string
	client openai.Client
	mu     sync.Mutex
	until  time.Time // avoided until then
}

// replicaCooldown is how long a failing replica is avoided.
var replicaCooldown = 30 * time.Second

// Open returns the model a models file entry describes.
func Open(cfg Config, opts ...option.RequestOption) (Model, error) {
	key, err := cfg.apiKey()
	if err != nil {
		return nil, err
	}
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("model %s: %w", cfg.Name, err)
	}
	id, err := cfg.identity()
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", cfg.Name, err)
	}
	m := &endpoint{cfg: cfg, identity: id}
	for _, k := range slices.Sorted(maps.Keys(cfg.ExtraBody)) {
		m.opts = append(m.opts, option.WithJSONSet(jsonPath(k), cfg.ExtraBody[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.Headers)) {
		m.opts = append(m.opts, option.WithHeader(k, cfg.Headers[k]))
	}
	for _, u := range append([]string{cfg.BaseURL}, cfg.Replicas...) {
		o := append([]option.RequestOption{
			option.WithBaseURL(u),
			option.WithAPIKey(key),
			option.WithMaxRetries(0),
			option.WithHTTPClient(&http.Client{Transport: sharedTransport}),
		}, opts...)
		m.replicas = append(m.replicas, &replica{url: u, client: openai.NewClient(o...)})
	}
	if cfg.PriceIn != nil || cfg.PriceOut != nil {
		return pricedEndpoint{m}, nil
	}
	return m, nil
}

// jsonPath is the path option.WithJSONSet reads as the top-level field
// key: its path syntax's special characters escaped.
func jsonPath(key string) string {
	var b strings.Builder
	for _, c := range []byte(key) {
		if strings.IndexByte(`\.|#@*?:`, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// identity is what the cache knows the model by: the endpoint and the
// model id, then, when the entry changes what a call sends beyond its
// request (omit, max_tokens_field, reasoning_effort, extra_body), those
// settings as canonical JSON. An entry that sets none of them keeps the
// identity answers were cached under before they existed.
func (c Config) identity() (string, error) {
	id := c.BaseURL + " " + c.Model
	sends := map[string]any{}
	if len(c.Omit) > 0 {
		sends["omit"] = slices.Compact(slices.Sorted(slices.Values(c.Omit)))
	}
	if c.MaxTokensField != "" && c.MaxTokensField != "max_tokens" {
		sends["max_tokens_field"] = c.MaxTokensField
	}
	if c.ReasoningEffort != "" {
		sends["reasoning_effort"] = c.ReasoningEffort
	}
	if len(c.ExtraBody) > 0 {
		sends["extra_body"] = c.ExtraBody
	}
	if len(sends) == 0 {
		return id, nil
	}
	b, err := json.Marshal(sends) // sorts the keys of every map
	if err != nil {
		return "", fmt.Errorf("extra_body: %w", err)
	}
	return id + " " + string(b), nil
}

// pick returns the next replica in turn that is not avoided, or, when all
// are, the one avoided the shortest while longer, and whether it was
// healthy.
func (m *endpoint) pick() (*replica, bool) {
	now := time.Now()
	start := m.next.Add(1)
	var soonest *replica
	var soonestAt time.Time
	for i := range len(m.replicas) {
		r := m.replicas[(start+uint64(i))%uint64(len(m.replicas))]
		r.mu.Lock()
		until := r.until
		r.mu.Unlock()
		if !until.After(now) {
			return r, true
		}
		if soonest == nil || until.Before(soonestAt) {
			soonest, soonestAt = r, until
		}
	}
	return soonest, false
}

// failed avoids r for a while; ok ends that.
func (r *replica) failed() {
	r.mu.Lock()
	r.until = time.Now().Add(replicaCooldown)
	r.mu.Unlock()
}

func (r *replica) ok() {
	r.mu.Lock()
	r.until = time.Time{}
	r.mu.Unlock()
}

// sharedTransport keeps enough idle connections for every call in flight.
var sharedTransport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.IdleConnTimeout = 90 * time.Second
	return t
}()

func (m *endpoint) Name() string { return m.cfg.Name }

// Limits are the model's concurrency and rate limit.
func (m *endpoint) Limits() (int, float64) { return m.cfg.Concurrency, m.cfg.RateLimit }

// Defaults are the model's own sampling settings from the models file.
func (m *endpoint) Defaults() (temperature *float64, maxTokens, samples int) {
	return m.cfg.Temperature, m.cfg.MaxTokens, m.cfg.Samples
}

// Identity is what makes two calls the same for the cache: the endpoint,
// the model id and what the entry adds to every call, not the local name.
func (m *endpoint) Identity() string { return m.identity }

// omits says whether the entry's omit names param.
func (m *endpoint) omits(param string) bool { return slices.Contains(m.cfg.Omit, param) }

func (m *endpoint) Complete(ctx context.Context, req Request) (Response, error) {
	params := openai.ChatCompletionNewParams{
		Model:           m.cfg.Model,
		ReasoningEffort: shared.ReasoningEffort(m.cfg.ReasoningEffort),
	}
	if !m.omits("temperature") {
		params.Temperature = openai.Float(req.Temperature)
	}
	if req.MaxTokens > 0 && !m.omits("max_tokens") {
		if m.cfg.MaxTokensField == "max_completion_tokens" {
			params.MaxCompletionTokens = openai.Int(int64(req.MaxTokens))
		} else {
			params.MaxTokens = openai.Int(int64(req.MaxTokens))
		}
	}
	if req.Sample > 0 && !m.omits("seed") {
		// Distinct, reproducible samples where the server honours seeds.
		params.Seed = openai.Int(int64(req.Sample))
	}
	for _, msg := range req.Messages {
		switch msg.Role {
		case "system":
			params.Messages = append(params.Messages, openai.SystemMessage(msg.Content))
		case "assistant":
			params.Messages = append(params.Messages, openai.AssistantMessage(msg.Content))
		default:
			params.Messages = append(params.Messages, openai.UserMessage(msg.Content))
		}
	}
	var resp *openai.ChatCompletion
	var err error
	var r *replica
	for attempt := 0; ; attempt++ {
		r, _ = m.pick()
		actx, cancel := context.WithTimeout(ctx, m.cfg.Timeout.Duration)
		resp, err = r.client.Chat.Completions.New(actx, params, m.opts...)
		cancel()
		if err == nil {
			r.ok()
			break
		}
		if ctx.Err() != nil {
			break
		}
		delay, again := retryable(err, attempt)
		if !again || attempt >= *m.cfg.MaxRetries {
			if attempt > 0 {
				err = fmt.Errorf("after %d attempts: %w", attempt+1, err)
			}
			break
		}
		if len(m.replicas) > 1 {
			r.failed()
			if _, healthy := m.pick(); healthy {
				delay = 0 // another replica takes the retry now
			}
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
	}
	if err != nil && len(m.replicas) > 1 {
		err = fmt.Errorf("%s: %w", r.url, err)
	}
	if err != nil {
		var apiErr *openai.Error
		if errors.As(err, &apiErr) {
			msg, param := serverMessage(apiErr, err)
			return Response{}, fmt.Errorf("%s: HTTP %d: %s%s", m.cfg.Name, apiErr.StatusCode, msg,
				m.advice(apiErr.StatusCode, apiErr.Code, param, msg, params))
		}
		return Response{}, fmt.Errorf("%s: %w", m.cfg.Name, err)
	}
	if len(resp.Choices) == 0 {
		return Response{}, fmt.Errorf("%s: the answer has no choices", m.cfg.Name)
	}
	ch := resp.Choices[0]
	return Response{Content: ch.Message.Content, Reasoning: reasoning(ch.Message), PromptTokens: resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens, FinishReason: string(ch.FinishReason)}, nil
}

// reasoning is what a message holds apart from its content: vLLM, SGLang
// and DeepSeek send it as reasoning_content, OpenRouter and some Ollama
// versions as reasoning.
func reasoning(msg openai.ChatCompletionMessage) string {
	for _, field := range []string{"reasoning_content", "reasoning"} {
		var s string
		if raw := msg.JSON.ExtraFields[field].Raw(); raw != "" && json.Unmarshal([]byte(raw), &s) == nil && s != "" {
			return s
		}
	}
	return ""
}

// serverMessage is what the server said of a failed call, and the
// parameter it blamed: OpenAI's error object, else the body's own
// top-level message (older vLLM's shape), else the body when it is JSON
// (a validation error's details, say), else err.
func serverMessage(apiErr *openai.Error, err error) (msg, param string) {
	if apiErr.Message != "" {
		return apiErr.Message, apiErr.Param
	}
	var body []byte
	if apiErr.Response != nil && apiErr.Response.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(apiErr.Response.Body, 64<<10))
	}
	var top struct {
		Message string `json:"message"`
		Param   any    `json:"param"`
	}
	if json.Unmarshal(body, &top) == nil && top.Message != "" {
		p, _ := top.Param.(string)
		return top.Message, p
	}
	if json.Valid(body) {
		b := strings.Join(strings.Fields(string(body)), " ")
		if len(b) > 500 {
			b = b[:500] + "..."
		}
		return b, ""
	}
	return err.Error(), ""
}

// refusals are words a server's error uses for a parameter it does not
// take (OpenAI's codes unsupported_parameter and unsupported_value,
// pydantic's extra_forbidden among them).
var refusals = []string{"unsupported", "not supported", "does not support", "unknown", "unrecognized",
	"unrecognised", "not permitted", "not allowed", "extra_forbidden"}

// advice says which setting of the model's entry to change when a 400 or
// 422 refuses a parameter this call sent: the one the error's param names,
// else the first the message names. It is "" for any other failure.
func (m *endpoint) advice(status int, code, param, msg string, params openai.ChatCompletionNewParams) string {
	text := strings.ToLower(code + " " + msg)
	if status != http.StatusBadRequest && status != http.StatusUnprocessableEntity ||
		!slices.ContainsFunc(refusals, func(r string) bool { return strings.Contains(text, r) }) {
		return ""
	}
	sent := m.sentFields(params)
	if i := strings.IndexAny(param, ".["); i >= 0 {
		param = param[:i] // a field within one, as in chat_template_kwargs.enable_thinking
	}
	name := ""
	switch {
	case slices.Contains(sent, param):
		name = param
	case param == "":
		at := len(msg)
		for _, f := range sent {
			if i := wordIndex(msg, f); i >= 0 && i < at {
				name, at = f, i
			}
		}
	}
	switch name {
	case "":
		return ""
	case "temperature", "seed":
		return fmt.Sprintf(" (the models file can leave it out: omit = %s in model %s's entry)", m.omitWith(name), m.cfg.Name)
	case "max_tokens":
		return fmt.Sprintf(" (set max_tokens_field = \"max_completion_tokens\" in model %s's entry)", m.cfg.Name)
	case "max_completion_tokens":
		return fmt.Sprintf(" (leave max_tokens_field out of model %s's entry: the server takes max_tokens)", m.cfg.Name)
	case "reasoning_effort":
		return fmt.Sprintf(" (leave reasoning_effort out of model %s's entry)", m.cfg.Name)
	}
	return fmt.Sprintf(" (leave %s out of extra_body in model %s's entry)", name, m.cfg.Name)
}

// sentFields are the fields of a call that the entry or the request
// decides, and a server may refuse.
func (m *endpoint) sentFields(params openai.ChatCompletionNewParams) []string {
	var sent []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"temperature", params.Temperature.Valid()},
		{"max_tokens", params.MaxTokens.Valid()},
		{"max_completion_tokens", params.MaxCompletionTokens.Valid()},
		{"seed", params.Seed.Valid()},
		{"reasoning_effort", params.ReasoningEffort != ""},
	} {
		if f.set {
			sent = append(sent, f.name)
		}
	}
	return append(sent, slices.Sorted(maps.Keys(m.cfg.ExtraBody))...)
}

// omitWith is the entry's omit with param added, as the models file
// writes it.
func (m *endpoint) omitWith(param string) string {
	var quoted []string
	for _, p := range slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(m.cfg.Omit), param)))) {
		quoted = append(quoted, strconv.Quote(p))
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// wordIndex is where word first stands in s as a whole word (not within
// a longer name), or -1.
func wordIndex(s, word string) int {
	inName := func(i int) bool {
		c := s[i]
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(word)
		if (i == 0 || !inName(i-1)) && (end == len(s) || !inName(end)) {
			return i
		}
		from = i + 1
	}
}

// retryable says whether a failed attempt is worth another, and after how
// long: the server's Retry-After when it gives one, else exponential
// backoff from half a second, capped at 30 s, with ±25% jitter.
func retryable(err error, attempt int) (time.Duration, bool) {
	backoff := time.Duration(float64(500*time.Millisecond) * math.Pow(2, float64(attempt)))
	backoff = min(backoff, 30*time.Second)
	backoff = time.Duration(float64(backoff) * (0.75 + 0.5*rand.Float64()))
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		switch c := apiErr.StatusCode; {
		case c == http.StatusRequestTimeout, c == http.StatusConflict, c == http.StatusTooManyRequests, c >= 500:
		default:
			return 0, false
		}
		if apiErr.Response != nil {
			if d, ok := retryAfter(apiErr.Response.Header); ok {
				return d, true
			}
		}
		return backoff, true
	}
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED):
		return backoff, true
	}
	return 0, false
}

// retryAfter reads Retry-After-Ms, or Retry-After in seconds or as an
// HTTP date, capped at five minutes.
func retryAfter(h http.Header) (time.Duration, bool) {
	var d time.Duration
	if v, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && v >= 0 {
		d = time.Duration(v * float64(time.Millisecond))
	} else if v, err := strconv.ParseFloat(h.Get("Retry-After"), 64); err == nil && v >= 0 {
		d = time.Duration(v * float64(time.Second))
	} else if t, err := http.ParseTime(h.Get("Retry-After")); err == nil {
		d = max(0, time.Until(t))
	} else {
		return 0, false
	}
	return min(d, 5*time.Minute), true
}
