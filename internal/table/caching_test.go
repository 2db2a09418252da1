package table

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The caching flag reads back by columns, caching NULL where nothing was
// added, and generations written before the flag read as adding none.
func TestCachingColumns(t *testing.T) {
	dir := t.TempDir()
	gens := []Generation{
		{TaskID: "a", Model: "m", Code: "@lru_cache\ndef f(): pass", AddsCaching: true, Caching: "functools.lru_cache"},
		{TaskID: "b", Model: "m", Code: "def f(): pass"},
	}
	path := filepath.Join(dir, "generations.parquet")
	write(t, path, gens)
	pf := openFile(t, path)
	if leaf, ok := pf.Schema().Lookup("caching"); !ok || !leaf.Node.Optional() {
		t.Fatalf("caching %v, want an optional column", leaf.Node)
	}
	if leaf, ok := pf.Schema().Lookup("adds_caching"); !ok || !leaf.Node.Required() {
		t.Fatalf("adds_caching %v, want a required column", leaf.Node)
	}
	got, plain, err := readByColumn[Generation](pf)
	if err != nil || !plain {
		t.Fatalf("read by columns %v (%v)", plain, err)
	}
	if diff := cmp.Diff(gens, got); diff != "" {
		t.Errorf("generations (-want +got):\n%s", diff)
	}

	type olderGeneration struct { // Generation before adds_caching and caching
		TaskID           string   `parquet:"task_id"`
		Describer        string   `parquet:"describer"`
		Model            string   `parquet:"model"`
		Round            int32    `parquet:"round"`
		Sample           int32    `parquet:"sample"`
		PromptVersion    string   `parquet:"prompt_version"`
		Code             string   `parquet:"code"`
		RawResponse      string   `parquet:"raw_response"`
		ExtractStatus    string   `parquet:"extract_status"`
		PromptTokens     int64    `parquet:"prompt_tokens"`
		CompletionTokens int64    `parquet:"completion_tokens"`
		LatencyMS        int64    `parquet:"latency_ms"`
		CacheHit         bool     `parquet:"cache_hit"`
		Error            string   `parquet:"error,optional"`
		Reasoning        string   `parquet:"reasoning,optional"`
		FinishReason     string   `parquet:"finish_reason,optional"`
		Truncated        bool     `parquet:"truncated"`
		CostUSD          *float64 `parquet:"cost_usd,optional"`
		ModelCutoff      string   `parquet:"model_cutoff,optional"`
	}
	old := filepath.Join(dir, "old.parquet")
	write(t, old, []olderGeneration{{TaskID: "a", Model: "m", Round: 1, Code: "@lru_cache\ndef f(): pass", ModelCutoff: "2024-06-30"}})
	read, err := ReadFile[Generation](old)
	if err != nil {
		t.Fatalf("reading generations written before adds_caching: %v", err)
	}
	if diff := cmp.Diff([]Generation{{TaskID: "a", Model: "m", Round: 1, Code: "@lru_cache\ndef f(): pass", ModelCutoff: "2024-06-30"}}, read); diff != "" {
		t.Errorf("older generations read (-want +got):\n%s", diff)
	}
}
