package table

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// model_cutoff is NULL where a model gives no cutoff, and descriptions
// and generations with it still read column by column.
func TestModelCutoffColumn(t *testing.T) {
	dir := t.TempDir()
	descs := []Description{{TaskID: "a", Model: "m", ModelCutoff: "2024-06-30"}, {TaskID: "b", Model: "identity"}}
	gens := []Generation{{TaskID: "a", Model: "m", ModelCutoff: "2024-06-30"}, {TaskID: "b", Model: "identity"}}
	write(t, filepath.Join(dir, "descriptions.parquet"), descs)
	write(t, filepath.Join(dir, "generations.parquet"), gens)
	for _, name := range []string{"descriptions.parquet", "generations.parquet"} {
		pf := openFile(t, filepath.Join(dir, name))
		leaf, ok := pf.Schema().Lookup("model_cutoff")
		if !ok || !leaf.Node.Optional() {
			t.Fatalf("%s: model_cutoff %v, want an optional column", name, leaf.Node)
		}
		type cutoff struct {
			ModelCutoff *string `parquet:"model_cutoff,optional"`
		}
		rows, err := readRows[cutoff](pf)
		if err != nil || len(rows) != 2 || rows[0].ModelCutoff == nil || *rows[0].ModelCutoff != "2024-06-30" || rows[1].ModelCutoff != nil {
			t.Errorf("%s: model_cutoff %+v (%v), want 2024-06-30 and NULL", name, rows, err)
		}
	}
	check := func(name string, read func(string) (any, bool, error), want any) {
		t.Helper()
		got, plain, err := read(filepath.Join(dir, name))
		if err != nil || !plain {
			t.Fatalf("%s: read by columns %v (%v)", name, plain, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	check("descriptions.parquet", func(p string) (any, bool, error) {
		rows, plain, err := readByColumn[Description](openFile(t, p))
		return rows, plain, err
	}, descs)
	check("generations.parquet", func(p string) (any, bool, error) {
		rows, plain, err := readByColumn[Generation](openFile(t, p))
		return rows, plain, err
	}, gens)
}

// Descriptions and generations written before model_cutoff read, their
// rows saying no cutoff.
func TestTablesBeforeModelCutoffStayReadable(t *testing.T) {
	type olderDescription struct { // Description before model_cutoff
		TaskID            string   `parquet:"task_id"`
		Model             string   `parquet:"model"`
		Round             int32    `parquet:"round"`
		Sample            int32    `parquet:"sample"`
		PromptVersion     string   `parquet:"prompt_version"`
		Description       string   `parquet:"description"`
		PredictedCategory string   `parquet:"predicted_category,optional"`
		PromptTokens      int64    `parquet:"prompt_tokens"`
		CompletionTokens  int64    `parquet:"completion_tokens"`
		LatencyMS         int64    `parquet:"latency_ms"`
		CacheHit          bool     `parquet:"cache_hit"`
		Error             string   `parquet:"error,optional"`
		RawResponse       string   `parquet:"raw_response,optional"`
		CategoryRaw       string   `parquet:"category_raw,optional"`
		Reasoning         string   `parquet:"reasoning,optional"`
		FinishReason      string   `parquet:"finish_reason,optional"`
		Truncated         bool     `parquet:"truncated"`
		CostUSD           *float64 `parquet:"cost_usd,optional"`
	}
	type olderGeneration struct { // Generation before model_cutoff
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
	}
	dir := t.TempDir()
	cost := 0.25
	write(t, filepath.Join(dir, "descriptions.parquet"), []olderDescription{{TaskID: "a", Model: "m", Round: 1,
		Description: "Read once.", PredictedCategory: "inefficient_io", PromptTokens: 7, FinishReason: "stop", CostUSD: &cost}})
	write(t, filepath.Join(dir, "generations.parquet"), []olderGeneration{{TaskID: "a", Describer: "m", Model: "m", Round: 1,
		Code: "func F() {}", ExtractStatus: "ok", CompletionTokens: 9, CostUSD: &cost}})
	descs, err := ReadFile[Description](filepath.Join(dir, "descriptions.parquet"))
	if err != nil {
		t.Fatalf("reading descriptions written before model_cutoff: %v", err)
	}
	if diff := cmp.Diff([]Description{{TaskID: "a", Model: "m", Round: 1, Description: "Read once.",
		PredictedCategory: "inefficient_io", PromptTokens: 7, FinishReason: "stop", CostUSD: &cost}}, descs); diff != "" {
		t.Errorf("older descriptions read (-want +got):\n%s", diff)
	}
	gens, err := ReadFile[Generation](filepath.Join(dir, "generations.parquet"))
	if err != nil {
		t.Fatalf("reading generations written before model_cutoff: %v", err)
	}
	if diff := cmp.Diff([]Generation{{TaskID: "a", Describer: "m", Model: "m", Round: 1, Code: "func F() {}",
		ExtractStatus: "ok", CompletionTokens: 9, CostUSD: &cost}}, gens); diff != "" {
		t.Errorf("older generations read (-want +got):\n%s", diff)
	}
}
