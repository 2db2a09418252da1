package llm_test

import (
	"context"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
)

// Calls spread over a model's replicas; a replica that fails is avoided,
// its calls retried on another at once, and every call is answered.
func TestReplicasSpreadAndAvoidAFailingOne(t *testing.T) {
	good1, good2, bad := llmtest.New(t), llmtest.New(t), llmtest.New(t)
	bad.Answer = func(int, llmtest.Request) llmtest.Reply { return llmtest.Reply{Status: 503} }
	m := endpoint(t, bad, func(c *llm.Config) { c.Replicas = []string{good1.BaseURL(), good2.BaseURL()} })
	results, stats, err := (&llm.Caller{}).Run(context.Background(), calls(m, 40))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.Err != nil || !strings.HasPrefix(r.Content, "answer to:") {
			t.Errorf("call %d: %q, %v", i, r.Content, r.Err)
		}
	}
	if stats.Errors != 0 {
		t.Errorf("%d errors", stats.Errors)
	}
	// The failing replica is tried by the first calls in flight, then
	// left alone: at most one attempt per call in flight.
	if n := bad.Requests(); n == 0 || n > 4 {
		t.Errorf("the failing replica got %d requests, want 1 to 4 (the concurrency)", n)
	}
	if good1.Requests() < 10 || good2.Requests() < 10 {
		t.Errorf("the healthy replicas got %d and %d of 40 calls: not spread", good1.Requests(), good2.Requests())
	}

	// The cache knows the model by its base_url alone.
	other := endpoint(t, bad, nil)
	if llm.Key(m, calls(m, 1)[0].Req) != llm.Key(other, calls(other, 1)[0].Req) {
		t.Error("adding replicas changed the model's cache key")
	}
}

// A models file with a replica that is not a URL is refused, naming it.
func TestReplicaMustBeAURL(t *testing.T) {
	retries := 1
	_, err := llm.Open(llm.Config{Name: "m", BaseURL: "http://a/v1", Replicas: []string{"b:9000"}, Model: "x", MaxRetries: &retries})
	if err == nil || !strings.Contains(err.Error(), "replicas[0]") {
		t.Errorf("error %v, want one naming replicas[0]", err)
	}
}
