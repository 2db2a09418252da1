package llm_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
)

// A cutoff is a day, a month or a year, quoted or as a bare TOML date or
// year, and stands for the last day it covers.
func TestCutoffForms(t *testing.T) {
	path := filepath.Join(t.TempDir(), "models.toml")
	const entry = "[[model]]\nname = \"m\"\nmodel = \"org/m\"\nbase_url = \"http://x/v1\"\n"
	for value, want := range map[string]string{
		`"2024-06-15"`: "2024-06-15",
		`"2024-06"`:    "2024-06-30",
		`"2024-02"`:    "2024-02-29",
		`"2023-02"`:    "2023-02-28",
		`"2024-12"`:    "2024-12-31",
		`"2024"`:       "2024-12-31",
		`2024-06-15`:   "2024-06-15",
		`2024`:         "2024-12-31",
	} {
		if err := osWriteFile(path, entry+"cutoff = "+value+"\n"); err != nil {
			t.Fatal(err)
		}
		cfgs, err := llm.LoadModels(path)
		if err != nil {
			t.Errorf("cutoff = %s: %v", value, err)
			continue
		}
		day, err := cfgs[0].Cutoff.Day()
		if err != nil || day == nil || day.Format(time.DateOnly) != want || day.Location() != time.UTC || !day.Equal(day.Truncate(24*time.Hour)) {
			t.Errorf("cutoff = %s: day %v (%v), want %s at midnight UTC", value, day, err, want)
		}
		m, err := llm.Open(cfgs[0])
		if err != nil {
			t.Fatal(err)
		}
		if got := llm.CutoffOf(m); got == nil || !got.Equal(*day) {
			t.Errorf("cutoff = %s: the model says %v, want %s", value, got, want)
		}
	}
	for _, bad := range []string{`"2024-13"`, `"2024-6"`, `"24"`, `"2024-02-30"`, `"June 2024"`, `"2024/06"`,
		`" 2024"`, `"2024-06-15T00:00:00Z"`, `2024-06-15T10:00:00`, `1e3`, `""x`} {
		if err := osWriteFile(path, entry+"cutoff = "+bad+"\n"); err != nil {
			t.Fatal(err)
		}
		_, err := llm.LoadModels(path)
		if bad == `""x` { // not TOML: the file's own error
			if err == nil {
				t.Errorf("cutoff = %s loads", bad)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), `model 1 ("m"): cutoff `) || !strings.Contains(err.Error(), llm.CutoffForms) {
			t.Errorf("cutoff = %s: error %v, want one naming the model and %s", bad, err, llm.CutoffForms)
		}
	}
	// An entry made in code is checked when it is opened.
	if _, err := llm.Open(llm.Config{Name: "m", Model: "org/m", BaseURL: "http://x/v1", Cutoff: "last June"}); err == nil ||
		!strings.Contains(err.Error(), "model m: cutoff \"last June\"") {
		t.Errorf("Open with a bad cutoff: %v", err)
	}
}

// Models without a cutoff say none: the built-in ones, and an entry
// that gives none. The example gives one.
func TestCutoffOfModels(t *testing.T) {
	for _, n := range llm.BuiltinNames() {
		m, err := llm.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		if c := llm.CutoffOf(m); c != nil {
			t.Errorf("%s: cutoff %v", n, c)
		}
	}
	if c := llm.CutoffOf(llm.NewReplay("m", nil, nil)); c != nil {
		t.Errorf("replay: cutoff %v", c)
	}
	m, err := llm.Open(llm.Config{Name: "m", Model: "org/m", BaseURL: "http://x/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if c := llm.CutoffOf(m); c != nil {
		t.Errorf("an entry without a cutoff: %v", c)
	}
	price := 1.0
	m, err = llm.Open(llm.Config{Name: "m", Model: "org/m", BaseURL: "http://x/v1", PriceIn: &price, Cutoff: "2024-06"})
	if err != nil {
		t.Fatal(err)
	}
	if _, priced := m.(llm.Priced); !priced {
		t.Error("a priced entry with a cutoff is not Priced")
	}
	if c := llm.CutoffOf(m); c == nil || c.Format(time.DateOnly) != "2024-06-30" {
		t.Errorf("a priced entry's cutoff: %v", c)
	}

	path := filepath.Join(t.TempDir(), "models.toml")
	if err := osWriteFile(path, llm.ExampleModels); err != nil {
		t.Fatal(err)
	}
	cfgs, err := llm.LoadModels(path)
	if err != nil {
		t.Fatal(err)
	}
	var dated []string
	for _, c := range cfgs {
		if d, _ := c.Cutoff.Day(); d != nil {
			dated = append(dated, c.Name+" "+d.Format(time.DateOnly))
		}
	}
	if len(dated) != 1 || dated[0] != "gpt-4o-mini 2023-10-31" {
		t.Errorf("the example's cutoffs: %v, want gpt-4o-mini's", dated)
	}
}

// A cutoff changes nothing a model is sent, so it leaves the model's
// identity, and the cache key of its calls, as they were.
func TestCutoffKeepsTheCacheKey(t *testing.T) {
	req := llm.Request{Messages: []llm.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "task 1"}},
		Temperature: 0.6, MaxTokens: 16384, Sample: 1}
	open := func(cutoff llm.Cutoff, effort string) llm.Model {
		t.Helper()
		m, err := llm.Open(llm.Config{Name: "qwen3", BaseURL: "http://localhost:8000/v1", Model: "Qwen/Qwen3-8B",
			Cutoff: cutoff, ReasoningEffort: effort})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, effort := range []string{"", "low"} {
		plain := open("", effort)
		for _, c := range []llm.Cutoff{"2024", "2024-06", "2024-06-30"} {
			m := open(c, effort)
			if a, b := plain.(llm.Identified).Identity(), m.(llm.Identified).Identity(); a != b {
				t.Errorf("cutoff %s, effort %q: identity %q, want %q", c, effort, b, a)
			}
			if a, b := llm.Key(plain, req), llm.Key(m, req); a != b {
				t.Errorf("cutoff %s, effort %q: key %s, want %s", c, effort, b, a)
			}
		}
	}
	// The key earlier versions cached this call under (as in
	// TestCacheKeyCoversWhatIsSent).
	if got, want := llm.Key(open("2024-06", ""), req), "b572b097a364993d8e5514ff886c7f785dda9a09843b1cd755b2c8e77b96a00d"; got != want {
		t.Errorf("key with a cutoff %s, want %s", got, want)
	}
}
