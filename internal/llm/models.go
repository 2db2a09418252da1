package llm

import (
	_ "embed"
	"fmt"
	"net/url"
	"os"
	"slices"
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
	// Concurrency is how many calls may be in flight at once (default 4).
	Concurrency int `toml:"concurrency"`
	// RateLimit is the most requests per second; 0 means no limit.
	RateLimit float64 `toml:"rate_limit"`
	// Timeout bounds one attempt (default 5m); MaxRetries is how often a
	// call is retried on 429, 5xx, timeouts and broken connections, with
	// backoff and jitter, honouring Retry-After (default 4).
	Timeout    Duration `toml:"timeout"`
	MaxRetries *int     `toml:"max_retries"`
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
	if und := md.Undecoded(); len(und) > 0 {
		var keys []string
		for _, k := range und {
			keys = append(keys, k.String())
		}
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
