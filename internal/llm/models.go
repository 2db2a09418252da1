package llm

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is one model of a models file: an OpenAI-compatible chat endpoint
// and how to call it.
type Config struct {
	// Name is what the tables call the model; --model selects it.
	Name string `toml:"name"`
	// BaseURL is the endpoint's API root, e.g. http://localhost:11434/v1.
	BaseURL string `toml:"base_url"`
	// Replicas are more API roots serving the same model (the servers of
	// a cluster, say): calls are spread over BaseURL and them, and one
	// that fails is avoided for a while. BaseURL names the model in the
	// answer cache, so adding or removing a replica keeps the cache.
	Replicas []string `toml:"replicas"`
	// Model is the endpoint's id of the model.
	Model string `toml:"model"`
	// APIKeyEnv names the environment variable holding the API key; empty
	// for servers that need none.
	APIKeyEnv string `toml:"api_key_env"`
	// Temperature, MaxTokens and Samples are this model's defaults; the
	// stages' flags override them.
	Temperature *float64 `toml:"temperature"`
	MaxTokens   int      `toml:"max_tokens"`
	Samples     int      `toml:"samples"`
	// Omit names parameters never sent to this model, whatever the stages
	// ask: "temperature" (OpenAI's reasoning models take only their
	// default), "max_tokens" (no answer bound is sent at all) and "seed"
	// (which some servers refuse).
	Omit []string `toml:"omit"`
	// MaxTokensField is the field that carries the answer bound:
	// "max_tokens" (the default) or "max_completion_tokens", the only one
	// OpenAI's o-series and gpt-5 models take.
	MaxTokensField string `toml:"max_tokens_field"`
	// ReasoningEffort is sent as reasoning_effort when set: one of
	// ReasoningEfforts, so that a misspelt effort fails on loading rather
	// than on every call.
	ReasoningEffort string `toml:"reasoning_effort"`
	// ExtraBody holds more top-level fields of every request, sent as
	// they are: a server's own parameters, such as vLLM's
	// chat_template_kwargs = { enable_thinking = false } or top_k = 20.
	// It cannot set the fields perfcon sets itself (see reservedFields).
	ExtraBody map[string]any `toml:"extra_body"`
	// Headers are more HTTP headers on every call, e.g. OpenRouter's
	// X-Title. Keys belong in APIKeyEnv, not here.
	Headers map[string]string `toml:"headers"`
	// PriceIn and PriceOut are what a million prompt and completion tokens
	// cost in US dollars. With either set the model is Priced (the other
	// counting as free); with neither, its calls have no cost.
	PriceIn  *float64 `toml:"price_in"`
	PriceOut *float64 `toml:"price_out"`
	// Concurrency is how many calls may be in flight at once (default 4).
	Concurrency int `toml:"concurrency"`
	// RateLimit is the most requests per second; 0 means no limit.
	RateLimit float64 `toml:"rate_limit"`
	// Timeout bounds one attempt (default 5m); MaxRetries is how often a
	// call is retried on 429, 5xx, timeouts and broken connections, with
	// backoff and jitter, honouring Retry-After (default 4).
	Timeout    Duration `toml:"timeout"`
	MaxRetries *int     `toml:"max_retries"`
	// Cutoff is the end of the model's training data: "2024-06-15", or
	// "2024-06" and "2024" for the last day of that month or year; empty
	// when the file does not say. Its answers' rows carry the day
	// (model_cutoff), so that tasks from after it, which the model
	// cannot have seen, can be told apart. It is no part of the cache's
	// identity of the model: it changes nothing the model is sent.
	Cutoff Cutoff `toml:"cutoff"`
}

// Cutoff is a training cutoff as a models file writes it: a day, a month
// or a year, quoted or as a TOML date; Day resolves it.
type Cutoff string

// CutoffForms are the forms a cutoff may take, for errors.
const CutoffForms = `"YYYY-MM-DD", "YYYY-MM" (the month's last day) or "YYYY" (the year's)`

// UnmarshalTOML keeps the value as written, a bare TOML date or year
// included; check, which knows the model's name, says whether it is one.
func (c *Cutoff) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*c = Cutoff(v)
	case time.Time:
		if h, m, s := v.Clock(); h == 0 && m == 0 && s == 0 && v.Nanosecond() == 0 {
			*c = Cutoff(v.Format(time.DateOnly))
		} else {
			*c = Cutoff(v.Format(time.RFC3339Nano))
		}
	case int64:
		*c = Cutoff(strconv.FormatInt(v, 10))
	default: // a float or a table, say: kept so that Day refuses it
		*c = Cutoff(fmt.Sprintf("%v (%T)", v, v))
	}
	return nil
}

// Day is the last day c covers, at midnight UTC, or nil for no cutoff.
func (c Cutoff) Day() (*time.Time, error) {
	if c == "" {
		return nil, nil
	}
	for _, f := range []struct {
		layout string
		end    func(time.Time) time.Time
	}{
		{time.DateOnly, func(t time.Time) time.Time { return t }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }},
	} {
		if t, err := time.Parse(f.layout, string(c)); err == nil {
			t = f.end(t)
			return &t, nil
		}
	}
	return nil, fmt.Errorf("cutoff %q: want %s", string(c), CutoffForms)
}

// Dated is a model whose training data ends on a known day, so that
// tasks from after it are ones it cannot have seen. The endpoints of a
// models file are Dated (Cutoff is nil when the entry gives none); the
// built-in models are not.
type Dated interface {
	Cutoff() *time.Time
}

var _ Dated = (*endpoint)(nil)

// Cutoff is the last day of the entry's training data, or nil.
func (m *endpoint) Cutoff() *time.Time {
	t, _ := m.cfg.Cutoff.Day() // Open checked it
	return t
}

// CutoffOf is the last day of m's training data, or nil when m does not
// say.
func CutoffOf(m Model) *time.Time {
	if d, ok := m.(Dated); ok {
		return d.Cutoff()
	}
	return nil
}

// Duration is a time.Duration written as "90s" or "2m" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// Omittable are the parameters a model's omit may name.
var Omittable = []string{"temperature", "max_tokens", "seed"}

// ReasoningEfforts are the values reasoning_effort may take: OpenAI's,
// which the servers that take the parameter follow.
var ReasoningEfforts = []string{"none", "minimal", "low", "medium", "high", "xhigh"}

// reservedFields are the request fields perfcon sets, which extra_body
// may not: each with the models file setting that decides it instead.
var reservedFields = map[string]string{
	"model":                 "model",
	"messages":              "",
	"stream":                "", // perfcon reads whole answers
	"temperature":           "temperature, or omit",
	"max_tokens":            "max_tokens and max_tokens_field, or omit",
	"max_completion_tokens": "max_tokens and max_tokens_field, or omit",
	"seed":                  "omit",
	"reasoning_effort":      "reasoning_effort",
}

// Defaults of a model's call settings.
const (
	DefaultConcurrency = 4
	DefaultTimeout     = 5 * time.Minute
	DefaultMaxRetries  = 4
)

// ExampleModels is a documented models file.
//
//go:embed models.example.toml
var ExampleModels string

// LoadModels reads a models file and checks every entry.
func LoadModels(path string) ([]Config, error) {
	var f struct {
		Model []Config `toml:"model"`
	}
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		return nil, fmt.Errorf("models file %s: %w", path, err)
	}
	var keys []string
	for _, k := range md.Undecoded() {
		// extra_body takes any keys: its tables are read whole.
		if len(k) > 2 && k[0] == "model" && k[1] == "extra_body" {
			continue
		}
		keys = append(keys, k.String())
	}
	if len(keys) > 0 {
		return nil, fmt.Errorf("models file %s: unknown keys %s", path, strings.Join(keys, ", "))
	}
	seen := map[string]bool{}
	for i := range f.Model {
		c := &f.Model[i]
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("models file %s: model %d (%q): %w", path, i+1, c.Name, err)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("models file %s: model %q appears twice", path, c.Name)
		}
		seen[c.Name] = true
	}
	return f.Model, nil
}

func (c *Config) check() error {
	switch {
	case c.Name == "":
		return fmt.Errorf("no name")
	case slices.Contains(BuiltinNames(), c.Name) || strings.HasPrefix(c.Name, "replay:"):
		return fmt.Errorf("name %q is taken by a built-in model", c.Name)
	case c.Model == "":
		return fmt.Errorf("no model id (model = \"...\")")
	case c.BaseURL == "":
		return fmt.Errorf("no base_url")
	case c.Concurrency < 0 || c.RateLimit < 0 || c.MaxTokens < 0 || c.Samples < 0 || c.Timeout.Duration < 0:
		return fmt.Errorf("concurrency, rate_limit, max_tokens, samples and timeout cannot be negative")
	case c.MaxRetries != nil && *c.MaxRetries < 0:
		return fmt.Errorf("max_retries cannot be negative")
	case c.PriceIn != nil && !(*c.PriceIn >= 0 && *c.PriceIn < math.Inf(1)),
		c.PriceOut != nil && !(*c.PriceOut >= 0 && *c.PriceOut < math.Inf(1)):
		return fmt.Errorf("price_in and price_out must be finite and cannot be negative")
	case c.MaxTokensField != "" && c.MaxTokensField != "max_tokens" && c.MaxTokensField != "max_completion_tokens":
		return fmt.Errorf("max_tokens_field %q: want \"max_tokens\" or \"max_completion_tokens\"", c.MaxTokensField)
	case c.ReasoningEffort != "" && !slices.Contains(ReasoningEfforts, c.ReasoningEffort):
		return fmt.Errorf("reasoning_effort %q: want one of %s", c.ReasoningEffort, strings.Join(ReasoningEfforts, ", "))
	}
	if _, err := c.Cutoff.Day(); err != nil {
		return err
	}
	for _, p := range c.Omit {
		if !slices.Contains(Omittable, p) {
			return fmt.Errorf("omit: unknown parameter %q (allowed: %s)", p, strings.Join(Omittable, ", "))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.ExtraBody)) {
		setting, reserved := reservedFields[k]
		switch {
		case k == "":
			return fmt.Errorf("extra_body has an empty key")
		case reserved && setting == "":
			return fmt.Errorf("extra_body cannot set %q: perfcon sets it", k)
		case reserved:
			return fmt.Errorf("extra_body cannot set %q: perfcon sets it (the models file decides it with %s)", k, setting)
		}
	}
	if _, err := json.Marshal(c.ExtraBody); err != nil {
		return fmt.Errorf("extra_body cannot be sent as JSON: %w", err) // nan or inf, say
	}
	for _, k := range slices.Sorted(maps.Keys(c.Headers)) {
		if !headerName(k) || strings.ContainsAny(c.Headers[k], "\r\n\x00") {
			return fmt.Errorf("headers: %q = %q is not a valid HTTP header", k, c.Headers[k])
		}
	}
	for i, b := range append([]string{c.BaseURL}, c.Replicas...) {
		u, err := url.Parse(b)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			what := "base_url"
			if i > 0 {
				what = fmt.Sprintf("replicas[%d]", i-1)
			}
			return fmt.Errorf("%s %q: want an http:// or https:// URL", what, b)
		}
	}
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Timeout.Duration == 0 {
		c.Timeout.Duration = DefaultTimeout
	}
	if c.MaxRetries == nil {
		n := DefaultMaxRetries
		c.MaxRetries = &n
	}
	return nil
}

// headerName says whether s is a valid HTTP header name, a token of RFC
// 9110.
func headerName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r < 0x7f && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("!#$%&'*+-.^_`|~", r))
		if !ok {
			return false
		}
	}
	return true
}

// apiKey reads the key from the environment; a named variable that is
// unset is an error rather than a confusing 401 later.
func (c Config) apiKey() (string, error) {
	if c.APIKeyEnv == "" {
		return "none", nil // local servers ignore it; the client wants one
	}
	k, ok := os.LookupEnv(c.APIKeyEnv)
	if !ok || k == "" {
		return "", fmt.Errorf("model %s: environment variable %s (api_key_env) is not set", c.Name, c.APIKeyEnv)
	}
	return k, nil
}
