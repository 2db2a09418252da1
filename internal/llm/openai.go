package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
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
	replicas []*replica
	next     atomic.Uint64
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
	m := &endpoint{cfg: cfg}
	for _, u := range append([]string{cfg.BaseURL}, cfg.Replicas...) {
		o := append([]option.RequestOption{
			option.WithBaseURL(u),
			option.WithAPIKey(key),
			option.WithMaxRetries(0),
			option.WithHTTPClient(&http.Client{Transport: sharedTransport}),
		}, opts...)
		m.replicas = append(m.replicas, &replica{url: u, client: openai.NewClient(o...)})
	}
	return m, nil
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

// Identity is what makes two calls the same for the cache: the endpoint
// and the model id, not the local name.
func (m *endpoint) Identity() string { return m.cfg.BaseURL + " " + m.cfg.Model }

func (m *endpoint) Complete(ctx context.Context, req Request) (Response, error) {
	params := openai.ChatCompletionNewParams{
		Model:       m.cfg.Model,
		Temperature: openai.Float(req.Temperature),
	}
	if req.MaxTokens > 0 {
		params.MaxTokens = openai.Int(int64(req.MaxTokens))
	}
	if req.Sample > 0 {
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
		resp, err = r.client.Chat.Completions.New(actx, params)
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
			return Response{}, fmt.Errorf("%s: HTTP %d: %s", m.cfg.Name, apiErr.StatusCode, oneLine(apiErr.Message, err))
		}
		return Response{}, fmt.Errorf("%s: %w", m.cfg.Name, err)
	}
	if len(resp.Choices) == 0 {
		return Response{}, fmt.Errorf("%s: the answer has no choices", m.cfg.Name)
	}
	ch := resp.Choices[0]
	return Response{Content: ch.Message.Content, PromptTokens: resp.Usage.PromptTokens,
		CompletionTokens: resp.Usage.CompletionTokens, FinishReason: string(ch.FinishReason)}, nil
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

func oneLine(msg string, err error) string {
	if msg != "" {
		return msg
	}
	return err.Error()
}
