package llm_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

func endpoint(t *testing.T, s *llmtest.Server, edit func(*llm.Config)) llm.Model {
	t.Helper()
	retries := 2
	cfg := llm.Config{Name: "test-model", BaseURL: s.BaseURL(), Model: "org/test-7b", Concurrency: 4,
		Timeout: llm.Duration{Duration: 5 * time.Second}, MaxRetries: &retries}
	if edit != nil {
		edit(&cfg)
	}
	m, err := llm.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func calls(m llm.Model, n int) []llm.Call {
	var cs []llm.Call
	for i := 0; i < n; i++ {
		cs = append(cs, llm.Call{Model: m, Req: llm.Request{Kind: llm.KindDescribe, MaxTokens: 100,
			Messages: []llm.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: fmt.Sprintf("task %d", i)}}}})
	}
	return cs
}

func TestCallerAnswersAndCaches(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		return llmtest.Reply{Content: "answer to: " + req.Last(), Delay: 20 * time.Millisecond}
	}
	m := endpoint(t, s, func(c *llm.Config) { c.Concurrency = 3 })
	c := &llm.Caller{Cache: &llm.Cache{Dir: t.TempDir()}}
	res, st, err := c.Run(context.Background(), calls(m, 12))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Err != nil || r.Content != fmt.Sprintf("answer to: task %d", i) || r.CacheHit || r.PromptTokens == 0 {
			t.Errorf("call %d: %+v", i, r)
		}
	}
	if st.Calls != 12 || st.Errors != 0 || st.CacheHits != 0 {
		t.Errorf("stats %v", st)
	}
	if got := s.MaxInFlight(); got > 3 || got < 2 {
		t.Errorf("%d calls in flight at once, want up to the concurrency of 3 (and more than 1)", got)
	}
	// A rerun asks nothing: every answer comes from the cache.
	res, st, err = c.Run(context.Background(), calls(m, 12))
	if err != nil || st.CacheHits != 12 || s.Requests() != 12 {
		t.Errorf("rerun: %v, stats %v, server saw %d requests; want all 12 cached", err, st, s.Requests())
	}
	if res[5].Content != "answer to: task 5" || !res[5].CacheHit {
		t.Errorf("cached answer %+v", res[5])
	}
	// Refresh asks again.
	c.Refresh = true
	if _, st, _ = c.Run(context.Background(), calls(m, 12)); st.CacheHits != 0 || s.Requests() != 24 {
		t.Errorf("refresh: stats %v, %d requests; want 24 requests and no hits", st, s.Requests())
	}
}

func TestCallerRetriesHonouringRetryAfter(t *testing.T) {
	s := llmtest.New(t)
	s.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if n <= 2 {
			return llmtest.Reply{Status: 429, RetryAfter: "0.3"}
		}
		return llmtest.Reply{Content: "finally"}
	}
	m := endpoint(t, s, func(c *llm.Config) { c.Concurrency = 1 })
	start := time.Now()
	res, _, err := (&llm.Caller{}).Run(context.Background(), calls(m, 1))
	if err != nil || res[0].Err != nil || res[0].Content != "finally" {
		t.Fatalf("after two 429s: %v %+v", err, res[0])
	}
	if s.Requests() != 3 {
		t.Errorf("%d requests, want 3", s.Requests())
	}
	if took := time.Since(start); took < 600*time.Millisecond {
		t.Errorf("two Retry-After: 0.3 waited only %v in all", took)
	}
}

func TestCallerFailuresBecomeErrors(t *testing.T) {
	cases := map[string]struct {
		reply    llmtest.Reply
		want     string
		attempts int
	}{
		"500":       {llmtest.Reply{Status: 500}, "HTTP 500", 3},
		"400":       {llmtest.Reply{Status: 400}, "HTTP 400", 1},
		"malformed": {llmtest.Reply{Raw: `{"choices": [ {"message": `}, "", 3}, // a cut-off body, retried like a broken connection
		"no answer": {llmtest.Reply{Hang: true}, "", 3},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Answer = func(int, llmtest.Request) llmtest.Reply { return tc.reply }
			m := endpoint(t, s, func(c *llm.Config) { c.Timeout = llm.Duration{Duration: 300 * time.Millisecond} })
			res, st, err := (&llm.Caller{Cache: &llm.Cache{Dir: t.TempDir()}}).Run(context.Background(), calls(m, 2))
			if err != nil {
				t.Fatalf("a failing endpoint stopped the caller: %v", err)
			}
			for _, r := range res {
				if r.Err == nil || !strings.Contains(r.Err.Error(), tc.want) {
					t.Errorf("error %v, want one with %q", r.Err, tc.want)
				}
			}
			if st.Errors != 2 {
				t.Errorf("stats %v, want 2 errors", st)
			}
			if s.Requests() != 2*tc.attempts {
				t.Errorf("%d requests for 2 calls, want %d attempts each", s.Requests(), tc.attempts)
			}
		})
	}
}

func TestCallerRateLimit(t *testing.T) {
	s := llmtest.New(t)
	m := endpoint(t, s, func(c *llm.Config) { c.RateLimit = 20; c.Concurrency = 8 })
	start := time.Now()
	if _, _, err := (&llm.Caller{}).Run(context.Background(), calls(m, 10)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 400*time.Millisecond {
		t.Errorf("10 calls at 20 per second took %v, want at least 0.45 s", took)
	}
}

func TestModelsFile(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/models.toml"
	write := func(s string) {
		t.Helper()
		if err := osWriteFile(path, s); err != nil {
			t.Fatal(err)
		}
	}
	write(llm.ExampleModels)
	cfgs, err := llm.LoadModels(path)
	if err != nil || len(cfgs) != 7 {
		t.Fatalf("the example: %d models, %v", len(cfgs), err)
	}
	if c := cfgs[1]; c.Concurrency != 4 || c.Timeout.Duration != llm.DefaultTimeout || *c.MaxRetries != llm.DefaultMaxRetries {
		t.Errorf("defaults not applied: %+v", c)
	}
	// The reasoning models: Qwen3 on vLLM told to think, and OpenAI's.
	if kw, _ := cfgs[5].ExtraBody["chat_template_kwargs"].(map[string]any); kw["enable_thinking"] != true || cfgs[5].MaxTokens != 16384 {
		t.Errorf("the example's Qwen3: %+v", cfgs[5])
	}
	if c := cfgs[6]; !slices.Equal(c.Omit, []string{"temperature"}) || c.MaxTokensField != "max_completion_tokens" ||
		c.ReasoningEffort != "medium" || c.PriceIn == nil || c.PriceOut == nil {
		t.Errorf("the example's OpenAI reasoning model: %+v", c)
	}
	const entry = "[[model]]\nname = \"a\"\nmodel = \"m\"\nbase_url = \"http://x/v1\"\n"
	for bad, want := range map[string]string{
		"[[model]]\nname = \"a\"\nmodel = \"m\"\n":                                                                                                 "no base_url",
		"[[model]]\nname = \"identity\"\nmodel = \"m\"\nbase_url = \"http://x/v1\"\n":                                                              "taken by a built-in",
		"[[model]]\nname = \"a\"\nmodel = \"m\"\nbase_url = \"localhost:8000\"\n":                                                                  "want an http",
		"[[model]]\nname = \"a\"\nmodel = \"m\"\nbase_url = \"http://x/v1\"\ncolour = \"red\"\n":                                                   "unknown keys model.colour",
		"[[model]]\nname = \"a\"\nmodel = \"m\"\nbase_url = \"http://x/v1\"\n[[model]]\nname = \"a\"\nmodel = \"m\"\nbase_url = \"http://x/v1\"\n": "appears twice",
		entry + "omit = [\"temperature\", \"top_p\"]\n":                                                                                            `omit: unknown parameter "top_p" (allowed: temperature, max_tokens, seed)`,
		entry + "max_tokens_field = \"max_output_tokens\"\n":                                                                                       `max_tokens_field "max_output_tokens": want "max_tokens" or "max_completion_tokens"`,
		entry + "reasoning_effort = \"hgih\"\n":                                                                                                    `reasoning_effort "hgih": want one of none, minimal, low, medium, high, xhigh`,
		entry + "price_in = -1.0\n":                                                                                                                "price_in and price_out must be finite and cannot be negative",
		entry + "price_out = nan\n":                                                                                                                "price_in and price_out must be finite",
		entry + "extra_body = { model = \"other\" }\n":                                                                                             `extra_body cannot set "model"`,
		entry + "extra_body = { messages = [] }\n":                                                                                                 `extra_body cannot set "messages": perfcon sets it`,
		entry + "extra_body = { temperature = 1.0 }\n":                                                                                             `extra_body cannot set "temperature": perfcon sets it (the models file decides it with temperature, or omit)`,
		entry + "extra_body = { top_k = inf }\n":                                                                                                   "extra_body cannot be sent as JSON",
		entry + "headers = { \"X Title\" = \"perfcon\" }\n":                                                                                        `headers: "X Title" = "perfcon" is not a valid HTTP header`,
		entry + "headers = { \"X-Title\" = \"two\\nlines\" }\n":                                                                                    "is not a valid HTTP header",
		entry + "extra_body = { top_k = 20 }\nextra = { top_k = 20 }\n":                                                                            "unknown keys model.extra",
	} {
		write(bad)
		if _, err := llm.LoadModels(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", bad, err, want)
		}
	}
	// A key named but not set is an error before any call.
	_, err = llm.Open(llm.Config{Name: "a", Model: "m", BaseURL: "http://x/v1", APIKeyEnv: "PERFCON_TEST_NO_SUCH_KEY"})
	if err == nil || !strings.Contains(err.Error(), "PERFCON_TEST_NO_SUCH_KEY") {
		t.Errorf("unset key: %v", err)
	}
}
