package table

// DescriptionScore is a judge model's score of one description beside
// the human change: a row of the description_scores table. TaskID, Model
// (the describer), Round and Sample name the description scored.
type DescriptionScore struct {
	TaskID        string `parquet:"task_id"`
	Model         string `parquet:"model"`
	Round         int32  `parquet:"round"`
	Sample        int32  `parquet:"sample"`
	Judge         string `parquet:"judge"`
	PromptVersion string `parquet:"prompt_version"`
	// The three criteria, each 1 to 5: the description names the
	// inefficiency of code before, names the change code after makes,
	// and claims nothing the code does not support (5: every claim is
	// supported). NULL where the answer gave no score from 1 to 5;
	// ParseStatus says why (NULL where there was no answer).
	NamesInefficiency *int32 `parquet:"names_inefficiency,optional"`
	NamesFix          *int32 `parquet:"names_fix,optional"`
	InventsNothing    *int32 `parquet:"invents_nothing,optional"`
	ParseStatus       string `parquet:"parse_status,optional"`
	// The answer as it came, the reasoning set apart from it, and the
	// server's finish_reason.
	RawResponse      string   `parquet:"raw_response,optional"`
	Reasoning        string   `parquet:"reasoning,optional"`
	FinishReason     string   `parquet:"finish_reason,optional"`
	PromptTokens     int64    `parquet:"prompt_tokens"`
	CompletionTokens int64    `parquet:"completion_tokens"`
	LatencyMS        int64    `parquet:"latency_ms"`
	CacheHit         bool     `parquet:"cache_hit"`
	CostUSD          *float64 `parquet:"cost_usd,optional"`
	Error            string   `parquet:"error,optional"`
}
