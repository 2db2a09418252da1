package llm_test

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// fromFile opens the one model of a models file holding entry, after the
// lines that point it at s.
func fromFile(t *testing.T, s *llmtest.Server, entry string) llm.Model {
	t.Helper()
	path := filepath.Join(t.TempDir(), "models.toml")
	file := "[[model]]\nname = \"reasoner\"\nmodel = \"org/reasoner\"\nbase_url = \"" + s.BaseURL() + "\"\nmax_retries = 2\n" + entry
	if err := osWriteFile(path, file); err != nil {
		t.Fatal(err)
	}
	cfgs, err := llm.LoadModels(path)
	if err != nil {
		t.Fatalf("models file %q: %v", file, err)
	}
	m, err := llm.Open(cfgs[0])
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// The reasoning a server returns apart from the content reaches the
// Response in either field servers use, and so does why the answer
// ended; the cache gives both back.
func TestReasoningReachesTheResponse(t *testing.T) {
	for _, c := range []struct {
		name  string
		reply llmtest.Reply
	}{
		{"reasoning_content", llmtest.Reply{Content: "```go\n```", Reasoning: "First, the loop.\nThen the map."}},
		{"reasoning", llmtest.Reply{Content: "Category: io", Reasoning: "It reads twice.", ReasoningField: "reasoning"}},
		{"none", llmtest.Reply{Content: "plain"}},
		{"cut off", llmtest.Reply{Content: "", Reasoning: "Let me think about", FinishReason: "length"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Answer = func(int, llmtest.Request) llmtest.Reply { return c.reply }
			m := endpoint(t, s, nil)
			dir := t.TempDir()
			want := llm.Response{Content: c.reply.Content, Reasoning: c.reply.Reasoning, FinishReason: c.reply.FinishReason}
			if want.FinishReason == "" {
				want.FinishReason = "stop"
			}
			for _, cached := range []bool{false, true} {
				res := run(t, dir, calls(m, 1), false)[0]
				if res.Err != nil || res.CacheHit != cached {
					t.Fatalf("cached %v: error %v, hit %v", cached, res.Err, res.CacheHit)
				}
				if got := (llm.Response{Content: res.Content, Reasoning: res.Reasoning, FinishReason: res.FinishReason}); got != want {
					t.Errorf("cached %v: got %+v, want %+v", cached, got, want)
				}
			}
			if s.Requests() != 1 {
				t.Errorf("%d requests, want 1 and then the cache", s.Requests())
			}
		})
	}
}

// A server that refuses temperature and max_tokens, as OpenAI's reasoning
// models do: each refusal says which setting of the models file stops it,
// is not retried, and with those settings the call is answered.
func TestRefusedParametersNameTheSetting(t *testing.T) {
	for _, c := range []struct {
		name, entry string
		want        string // in the error; "" for an answer
		bound       int    // the max_completion_tokens of an answered call
	}{
		{"as it is", "", `HTTP 400: Unsupported parameter: 'temperature' is not supported with this model. (the models file can leave it out: omit = ["temperature"] in model reasoner's entry)`, 0},
		{"no temperature", `omit = ["temperature"]`, `'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead. (set max_tokens_field = "max_completion_tokens" in model reasoner's entry)`, 0},
		{"no temperature nor seed", `omit = ["temperature", "seed"]`, `(set max_tokens_field = "max_completion_tokens" in model reasoner's entry)`, 0},
		{"both settings", "omit = [\"temperature\"]\nmax_tokens_field = \"max_completion_tokens\"", "", 500},
		{"no bound", `omit = ["temperature", "max_tokens"]`, "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reject = []string{"temperature", "max_tokens"}
			var sent llmtest.Request
			s.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
				sent = req
				return llmtest.Reply{Content: "done", Reasoning: "thought"}
			}
			m := fromFile(t, s, c.entry)
			res, err := m.Complete(context.Background(), llm.Request{Kind: llm.KindGenerate, Temperature: 0.2, MaxTokens: 500, Sample: 1,
				Messages: []llm.Message{{Role: "user", Content: "make it fast"}}})
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %v, want one with %q", err, c.want)
				}
				if s.Requests() != 1 {
					t.Errorf("%d requests, want 1: a refusal is not retried", s.Requests())
				}
				return
			}
			if err != nil || res.Content != "done" || res.Reasoning != "thought" {
				t.Fatalf("answer %+v, error %v", res, err)
			}
			if _, ok := sent.Body["temperature"]; ok {
				t.Errorf("temperature sent: %v", sent.Body)
			}
			if _, ok := sent.Body["max_tokens"]; ok {
				t.Errorf("max_tokens sent: %v", sent.Body)
			}
			if sent.MaxCompletionTokens != c.bound {
				t.Errorf("max_completion_tokens %d, want %d", sent.MaxCompletionTokens, c.bound)
			}
			if sent.Seed == nil || *sent.Seed != 1 {
				t.Errorf("seed %v, want the sample's, 1", sent.Seed)
			}
		})
	}
}

// Without OpenAI's error object the refused parameter is found by name in
// the message, and any other 400 gets no advice.
func TestRefusalsInOtherShapes(t *testing.T) {
	for _, c := range []struct {
		name, body, entry string
		status            int
		want, notWant     string
	}{
		{"vLLM's top-level error", `{"object":"error","message":"seed is not supported by this server","type":"BadRequestError","param":null,"code":400}`, "", 400,
			`seed is not supported by this server (the models file can leave it out: omit = ["seed"] in model reasoner's entry)`, ""},
		{"an extra_body field", `{"error":{"message":"Unrecognized request argument supplied: top_k","type":"invalid_request_error","param":null,"code":null}}`,
			"extra_body = { top_k = 20 }", 400, "(leave top_k out of extra_body in model reasoner's entry)", ""},
		{"a nested extra_body field", `{"error":{"message":"Unknown parameter: 'chat_template_kwargs.enable_thinking'.","param":"chat_template_kwargs.enable_thinking","code":"unknown_parameter"}}`,
			"extra_body = { chat_template_kwargs = { enable_thinking = false } }", 400, "(leave chat_template_kwargs out of extra_body", ""},
		{"reasoning_effort", `{"error":{"message":"Unsupported parameter: 'reasoning_effort' is not supported with this model.","param":"reasoning_effort","code":"unsupported_parameter"}}`,
			`reasoning_effort = "low"`, 400, "(leave reasoning_effort out of model reasoner's entry)", ""},
		{"max_completion_tokens", `{"detail":[{"type":"extra_forbidden","loc":["body","max_completion_tokens"],"msg":"Extra inputs are not permitted"}]}`,
			`max_tokens_field = "max_completion_tokens"`, 422, `"msg":"Extra inputs are not permitted"}]} (leave max_tokens_field out of model reasoner's entry: the server takes max_tokens)`, ""},
		{"a parameter not sent", `{"error":{"message":"Unsupported parameter: 'logprobs'.","param":"logprobs","code":"unsupported_parameter"}}`, "", 400,
			"Unsupported parameter: 'logprobs'.", "models file"},
		{"not a refusal", `{"error":{"message":"This model's maximum context length is 8192 tokens; max_tokens is too large.","param":"max_tokens","code":"context_length_exceeded"}}`, "", 400,
			"maximum context length", "models file"},
		{"not a 400", `{"error":{"message":"Unsupported parameter: 'temperature'.","param":"temperature"}}`, "", 404, "HTTP 404", "models file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Status: c.status, Raw: c.body} }
			m := fromFile(t, s, c.entry)
			_, err := m.Complete(context.Background(), llm.Request{Kind: llm.KindGenerate, MaxTokens: 500, Sample: 1,
				Messages: []llm.Message{{Role: "user", Content: "make it fast"}}})
			if err == nil || !strings.Contains(err.Error(), c.want) || (c.notWant != "" && strings.Contains(err.Error(), c.notWant)) {
				t.Errorf("error %v, want one with %q and without %q", err, c.want, c.notWant)
			}
		})
	}
}

// What the models file adds to every call arrives: extra_body's fields at
// the top level of the body as they are, the headers, reasoning_effort.
func TestEntrySettingsArrive(t *testing.T) {
	s := llmtest.New(t)
	var sent llmtest.Request
	s.Answer = func(_ int, req llmtest.Request) llmtest.Reply { sent = req; return llmtest.Reply{Content: "ok"} }
	m := fromFile(t, s, `reasoning_effort = "high"
extra_body = { chat_template_kwargs = { enable_thinking = false }, top_k = 20, "min.p" = 0.05 }
headers = { "X-Title" = "perfcon", "HTTP-Referer" = "https://example.org/perfcon" }
`)
	if _, err := m.Complete(context.Background(), llm.Request{Kind: llm.KindDescribe, Temperature: 0.6,
		Messages: []llm.Message{{Role: "user", Content: "why"}}}); err != nil {
		t.Fatal(err)
	}
	kwargs, _ := sent.Body["chat_template_kwargs"].(map[string]any)
	if kwargs["enable_thinking"] != false || sent.Body["top_k"] != 20.0 || sent.Body["min.p"] != 0.05 {
		t.Errorf("body %v, want chat_template_kwargs, top_k and min.p as the file has them", sent.Body)
	}
	if sent.ReasoningEffort != "high" || sent.Model != "org/reasoner" || sent.Last() != "why" || *sent.Temperature != 0.6 {
		t.Errorf("request %+v", sent)
	}
	if sent.Header.Get("X-Title") != "perfcon" || sent.Header.Get("HTTP-Referer") != "https://example.org/perfcon" {
		t.Errorf("headers %v", sent.Header)
	}
}

// The cache tells models apart by everything they send: omit,
// max_tokens_field, reasoning_effort and extra_body each change the key,
// while headers and prices, which the answer does not depend on, do not;
// and a model that sets none of them keeps the key its answers were
// cached under before they existed.
func TestCacheKeyCoversWhatIsSent(t *testing.T) {
	base := func() llm.Config {
		return llm.Config{Name: "qwen3", BaseURL: "http://localhost:8000/v1", Model: "Qwen/Qwen3-8B"}
	}
	req := llm.Request{Messages: []llm.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "task 1"}},
		Temperature: 0.6, MaxTokens: 16384, Sample: 1}
	key := func(edit func(*llm.Config)) string {
		t.Helper()
		c := base()
		if edit != nil {
			edit(&c)
		}
		m, err := llm.Open(c)
		if err != nil {
			t.Fatal(err)
		}
		return llm.Key(m, req)
	}
	plain := key(nil)
	if want := "b572b097a364993d8e5514ff886c7f785dda9a09843b1cd755b2c8e77b96a00d"; plain != want {
		t.Errorf("Key = %s, want %s (the key earlier versions cached this call under)", plain, want)
	}
	price := 1.0
	for _, c := range []struct {
		name string
		edit func(*llm.Config)
		same bool
	}{
		{"omit", func(c *llm.Config) { c.Omit = []string{"temperature"} }, false},
		{"omit seed", func(c *llm.Config) { c.Omit = []string{"seed"} }, false},
		{"max_tokens_field", func(c *llm.Config) { c.MaxTokensField = "max_completion_tokens" }, false},
		{"reasoning_effort", func(c *llm.Config) { c.ReasoningEffort = "low" }, false},
		{"extra_body", func(c *llm.Config) {
			c.ExtraBody = map[string]any{"chat_template_kwargs": map[string]any{"enable_thinking": false}}
		}, false},
		{"max_tokens_field as the default", func(c *llm.Config) { c.MaxTokensField = "max_tokens" }, true},
		{"empty omit and extra_body", func(c *llm.Config) { c.Omit, c.ExtraBody = []string{}, map[string]any{} }, true},
		{"headers", func(c *llm.Config) { c.Headers = map[string]string{"X-Title": "perfcon"} }, true},
		{"prices", func(c *llm.Config) { c.PriceIn, c.PriceOut = &price, &price }, true},
	} {
		if got := key(c.edit); (got == plain) != c.same {
			t.Errorf("%s: key %s, plain %s; want the same: %v", c.name, got, plain, c.same)
		}
	}
	// The settings, not how the file writes them, make the key.
	a := key(func(c *llm.Config) {
		c.Omit = []string{"temperature", "seed"}
		c.ExtraBody = map[string]any{"top_k": int64(20), "chat_template_kwargs": map[string]any{"enable_thinking": true, "a": 1}}
	})
	b := key(func(c *llm.Config) {
		c.Omit = []string{"seed", "temperature", "seed"}
		c.ExtraBody = map[string]any{"chat_template_kwargs": map[string]any{"a": 1, "enable_thinking": true}, "top_k": int64(20)}
	})
	if a != b {
		t.Errorf("one set of settings written two ways has keys %s and %s", a, b)
	}
	if a == key(func(c *llm.Config) {
		c.Omit = []string{"temperature", "seed"}
		c.ExtraBody = map[string]any{"top_k": int64(40), "chat_template_kwargs": map[string]any{"enable_thinking": true, "a": 1}}
	}) {
		t.Error("top_k 20 and top_k 40 share a key")
	}
}

// A call costs what its tokens cost at the model's prices; a model
// without a price, built in or from a file, has no cost.
func TestCost(t *testing.T) {
	s := llmtest.New(t)
	oracle, err := llm.Builtin("oracle")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		model llm.Model
		want  float64 // -1: no cost
	}{
		{"built in", oracle, -1},
		{"no price", fromFile(t, s, ""), -1},
		{"both prices", fromFile(t, s, "price_in = 1.10\nprice_out = 4.40\n"), (1.10*2000 + 4.40*500) / 1e6},
		{"prompt price only", fromFile(t, s, "price_in = 2\n"), 2 * 2000 / 1e6},
		{"free", fromFile(t, s, "price_in = 0\nprice_out = 0\n"), 0},
	} {
		got := llm.Cost(c.model, 2000, 500)
		switch {
		case c.want < 0 && got != nil:
			t.Errorf("%s: cost %v, want none", c.name, *got)
		case c.want >= 0 && (got == nil || math.Abs(*got-c.want) > 1e-12):
			t.Errorf("%s: cost %v, want %v", c.name, got, c.want)
		}
	}
	// The Caller costs each answer, one from the cache as when first asked.
	priced := fromFile(t, s, "price_in = 1.10\nprice_out = 4.40\n")
	dir := t.TempDir()
	cs := append(calls(priced, 2), llm.Call{Model: oracle, Req: llm.Request{Kind: llm.KindDescribe}})
	for _, cached := range []bool{false, true} {
		res := run(t, dir, cs, false)
		for i, r := range res[:2] {
			want := (1.10*float64(r.PromptTokens) + 4.40*float64(r.CompletionTokens)) / 1e6
			if r.CacheHit != cached || r.CompletionTokens == 0 || r.CostUSD == nil || math.Abs(*r.CostUSD-want) > 1e-12 {
				t.Errorf("cached %v: call %d costs %v for %d + %d tokens (hit %v), want %v", cached, i, r.CostUSD, r.PromptTokens, r.CompletionTokens, r.CacheHit, want)
			}
		}
		if res[2].CostUSD != nil {
			t.Errorf("a built-in model's answer costs %v", *res[2].CostUSD)
		}
	}
	// A priced model keeps its other capabilities.
	m := fromFile(t, s, "price_in = 1\nconcurrency = 3\n")
	if l, ok := m.(llm.Limited); !ok {
		t.Error("a priced model is not Limited")
	} else if conc, _ := l.Limits(); conc != 3 {
		t.Errorf("a priced model's concurrency is %d, want 3", conc)
	}
	if _, ok := m.(llm.Identified); !ok {
		t.Error("a priced model is not Identified")
	}
}
