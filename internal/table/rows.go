package table

import "time"

// Categories is the closed set of performance categories, spelled as they
// appear in tables.
var Categories = []string{
	"api_misuse",
	"memory_inefficiency",
	"poor_concurrency_control",
	"inefficient_io",
	"network_bottleneck",
	"inefficient_algorithm",
	"parallelization",
	"micro_architectural",
}

// IsCategory reports whether c is one of Categories.
func IsCategory(c string) bool {
	for _, k := range Categories {
		if c == k {
			return true
		}
	}
	return false
}

// Commit is one performance-improving change: a row of the commits table.
type Commit struct {
	TaskID         string `parquet:"task_id"`
	Source         string `parquet:"source"`
	Repo           string `parquet:"repo"`
	CommitSHA      string `parquet:"commit_sha"`
	ParentSHA      string `parquet:"parent_sha"`
	Language       string `parquet:"language"`
	Category       string `parquet:"category"`
	CategorySource string `parquet:"category_source"`
	CommitMessage  string `parquet:"commit_message"`
	FilePath       string `parquet:"file_path"`
	Symbol         string `parquet:"symbol"`
	CodeBefore     string `parquet:"code_before"`
	CodeAfter      string `parquet:"code_after"`
	Patch          string `parquet:"patch"`
	LinesAdded     int32  `parquet:"lines_added"`
	LinesRemoved   int32  `parquet:"lines_removed"`
	// Provenance of mined rows (NULL or empty for authored ones): when
	// the commit was made, how it was judged a performance change (its
	// score, by rules or a model, and the evidence), how its category
	// was decided, and how many functions it changed.
	CommittedAt       *time.Time `parquet:"committed_at,optional,timestamp(microsecond)"`
	PerfScore         *float64   `parquet:"perf_score,optional"`
	PerfSource        string     `parquet:"perf_source,optional"`
	PerfEvidence      []string   `parquet:"perf_evidence,list"`
	CategoryEvidence  []string   `parquet:"category_evidence,list"`
	FunctionsInCommit int32      `parquet:"functions_in_commit"`
	LargeCommit       bool       `parquet:"large_commit"`
}

// Sources of commits rows other than a task set's name.
const (
	SourceMined    = "mined"
	SourceImported = "imported"
)

// PerfRules in perf_source says perfcon's rules judged the commit
// performance work; "model:NAME" says a model did.
const PerfRules = "rules"

// How a row's category was decided (category_source), besides
// "model:NAME" for a model's label.
const (
	CategoryAuthored = "authored" // written with the task
	CategoryRules    = "rules"    // perfcon's rules; category_evidence says which
	CategoryImported = "imported" // as the imported file gave it
)

// Change is the part of a commits row the LLM stages read: the change a
// model is shown, and what the built-in models answer from. Reading it
// leaves the other columns (the patch above all) on disk.
type Change struct {
	TaskID        string `parquet:"task_id"`
	Language      string `parquet:"language"`
	Category      string `parquet:"category"`
	CommitMessage string `parquet:"commit_message"`
	Symbol        string `parquet:"symbol"`
	CodeBefore    string `parquet:"code_before"`
	CodeAfter     string `parquet:"code_after"`
}

// Description is one PL→NL answer: a row of the descriptions table.
type Description struct {
	TaskID            string `parquet:"task_id"`
	Model             string `parquet:"model"`
	Round             int32  `parquet:"round"`
	Sample            int32  `parquet:"sample"`
	PromptVersion     string `parquet:"prompt_version"`
	Description       string `parquet:"description"`
	PredictedCategory string `parquet:"predicted_category,optional"`
	PromptTokens      int64  `parquet:"prompt_tokens"`
	CompletionTokens  int64  `parquet:"completion_tokens"`
	LatencyMS         int64  `parquet:"latency_ms"`
	CacheHit          bool   `parquet:"cache_hit"`
	Error             string `parquet:"error,optional"`
}

// Generation is one NL→PL answer: a row of the generations table.
type Generation struct {
	TaskID           string `parquet:"task_id"`
	Describer        string `parquet:"describer"`
	Model            string `parquet:"model"`
	Round            int32  `parquet:"round"`
	Sample           int32  `parquet:"sample"`
	PromptVersion    string `parquet:"prompt_version"`
	Code             string `parquet:"code"`
	RawResponse      string `parquet:"raw_response"`
	ExtractStatus    string `parquet:"extract_status"`
	PromptTokens     int64  `parquet:"prompt_tokens"`
	CompletionTokens int64  `parquet:"completion_tokens"`
	LatencyMS        int64  `parquet:"latency_ms"`
	CacheHit         bool   `parquet:"cache_hit"`
	Error            string `parquet:"error,optional"`
}

// Review states of an executable.
const (
	ReviewPending  = "pending"
	ReviewApproved = "approved"
	ReviewRejected = "rejected"
)

// Review is a person's decision on a task's harness: a row of the reviews
// table, which only grows. A decision holds for the harness it was made
// on (HarnessSHA256): a harness changed afterwards is pending again.
type Review struct {
	TaskID        string    `parquet:"task_id"`
	HarnessSHA256 string    `parquet:"harness_sha256"`
	Verdict       string    `parquet:"verdict"` // ReviewApproved or ReviewRejected
	Reason        string    `parquet:"reason,optional"`
	Reviewer      string    `parquet:"reviewer"`
	DecidedAt     time.Time `parquet:"decided_at,timestamp(microsecond)"`
}

// Executable is how to run a task: a row of the executables table.
type Executable struct {
	TaskID   string `parquet:"task_id"`
	Language string `parquet:"language"`
	Harness  string `parquet:"harness"`
	Entry    string `parquet:"entry"`
	// Prelude, when set, is put ahead of every variant's code in its
	// source file: the package clause, imports, types and stubs a
	// function cut from its repository needs to build (a mined commit's
	// code before and after are functions, not files).
	Prelude string `parquet:"prelude,optional"`
	// Stubs names what the prelude stands in for with code of its own
	// (a type or function of the repository that could not be given).
	Stubs []string `parquet:"stubs,list"`
	// Scale is the workload scale runs use: the validated one once
	// validation has run, else the declared one.
	Scale         int64  `parquet:"scale"`
	DeclaredScale int64  `parquet:"declared_scale"`
	ReviewStatus  string `parquet:"review_status"`
	Origin        string `parquet:"origin"`
	// Validation: not_run, passed or failed, and why.
	Validation       string  `parquet:"validation"`
	ValidationReason string  `parquet:"validation_reason,optional"`
	BeforeDigest     string  `parquet:"before_digest,optional"`
	AfterDigest      string  `parquet:"after_digest,optional"`
	ValidatedSpeedup float64 `parquet:"validated_speedup,optional"`
	ValidatedP       float64 `parquet:"validated_p,optional"`
	// ValidatedIterations is the calibrated iteration count of the
	// validation runs, under ValidatedProfile (a measure.Profile's Label);
	// measure reuses it under the same profile.
	ValidatedIterations int64  `parquet:"validated_iterations,optional"`
	ValidatedProfile    string `parquet:"validated_profile,optional"`
	ValidatedAt         string `parquet:"validated_at,optional"`
}

// Draft is one attempt at an executable for a commit that has none: a
// model's answer (origin "llm:MODEL") or a harness written by hand
// ("hand"), and how it fared in validation. A row of the drafts table,
// which keeps every attempt.
type Draft struct {
	TaskID        string   `parquet:"task_id"`
	Language      string   `parquet:"language"`
	Origin        string   `parquet:"origin"`
	Attempt       int32    `parquet:"attempt"`
	PromptVersion string   `parquet:"prompt_version,optional"`
	Prelude       string   `parquet:"prelude,optional"`
	Harness       string   `parquet:"harness,optional"`
	Scale         int64    `parquet:"scale"`
	Stubs         []string `parquet:"stubs,list"`
	// Validation is passed or failed (with the reason); a draft whose
	// answer held no harness, or whose call failed, is failed too.
	Validation       string    `parquet:"validation"`
	ValidationReason string    `parquet:"validation_reason,optional"`
	ValidatedSpeedup float64   `parquet:"validated_speedup,optional"`
	RawResponse      string    `parquet:"raw_response,optional"`
	PromptTokens     int64     `parquet:"prompt_tokens"`
	CompletionTokens int64     `parquet:"completion_tokens"`
	LatencyMS        int64     `parquet:"latency_ms"`
	CacheHit         bool      `parquet:"cache_hit"`
	Error            string    `parquet:"error,optional"`
	DraftedAt        time.Time `parquet:"drafted_at,timestamp(microsecond)"`
}

// OriginHand marks a harness a person wrote for a commit (perfcon
// executables scaffold); a model's draft is "llm:" and the model's name.
const OriginHand = "hand"

// Validation states of an executable.
const (
	ValidationNotRun = "not_run"
	ValidationPassed = "passed"
	ValidationFailed = "failed"
)

// Variants of a measured program.
const (
	VariantBefore    = "before"
	VariantAfter     = "after"
	VariantGenerated = "generated"
)

// Statuses of a measured run.
const (
	StatusOK           = "ok"
	StatusWrongOutput  = "wrong_output"
	StatusBuildError   = "build_error"
	StatusRuntimeError = "runtime_error"
	StatusTimeout      = "timeout"
	StatusOOM          = "oom"
)

// Measurement is one run of one variant: a row of the measurements table.
// Repeat -1 marks the warm-up run.
type Measurement struct {
	TaskID       string `parquet:"task_id"`
	Variant      string `parquet:"variant"`
	VariantID    string `parquet:"variant_id"`
	Repeat       int32  `parquet:"repeat"`
	Iterations   int64  `parquet:"iterations"`
	Scale        int64  `parquet:"scale"`
	Status       string `parquet:"status"`
	WallNS       int64  `parquet:"wall_ns"`
	UserNS       int64  `parquet:"user_ns"`
	SysNS        int64  `parquet:"sys_ns"`
	MaxRSSBytes  int64  `parquet:"max_rss_bytes"`
	MeanRSSBytes int64  `parquet:"mean_rss_bytes,optional"`
	Instructions *int64 `parquet:"instructions,optional"`
	Cycles       *int64 `parquet:"cycles,optional"`
	Meter        string `parquet:"meter"`
	OutputDigest string `parquet:"output_digest,optional"`
	Stderr       string `parquet:"stderr,optional"`
	Host         string `parquet:"host"`
	HostCPU      string `parquet:"host_cpu"`
	HostKernel   string `parquet:"host_kernel"`
	Counters     string `parquet:"counters"`
	Sandbox      string `parquet:"sandbox"` // how the run was isolated, and what could not be
	StartedAt    string `parquet:"started_at"`
}

// Tables lists the tables in pipeline order.
var Tables = []string{"commits", "drafts", "executables", "reviews", "descriptions", "generations", "measurements"}

// Names maps each table's name to its row type's zero value.
var Names = map[string]any{
	"commits":      Commit{},
	"descriptions": Description{},
	"generations":  Generation{},
	"executables":  Executable{},
	"drafts":       Draft{},
	"reviews":      Review{},
	"measurements": Measurement{},
}
