package table

import (
	"slices"
	"time"
)

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

// Cost kinds: what a task's runs are costed in.
//   - CostCPU: CPU time (user + system), or instructions where every run
//     of the task was counted, with each run pinned to one CPU. It suits
//     fixes that remove work.
//   - CostWall: elapsed time, with each run given the same set of k CPUs.
//     It suits fixes that remove waiting or add parallelism, which CPU
//     time can't see.
const (
	CostCPU  = "cpu"
	CostWall = "wall"
)

// CostKinds lists the cost kinds, for help and errors.
var CostKinds = []string{CostCPU, CostWall}

// IsCostKind reports whether k is one of CostKinds.
func IsCostKind(k string) bool { return k == CostCPU || k == CostWall }

// DefaultCost is the cost kind of a category's tasks unless a task says
// otherwise: wall time for parallelization, poor_concurrency_control and
// network_bottleneck, whose fixes add parallelism or remove waiting; CPU
// time for the rest (inefficient_io included: its fixes mostly cut
// system calls, which CPU time sees).
func DefaultCost(category string) string {
	switch category {
	case "parallelization", "poor_concurrency_control", "network_bottleneck":
		return CostWall
	}
	return CostCPU
}

// CostOf is a task's cost kind: kind, an executable's CostKind, or the
// category's default when that is unset.
func CostOf(kind, category string) string {
	if kind == "" {
		return DefaultCost(category)
	}
	return kind
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
	// was decided (a task folder's: the reason its task.toml gives), and
	// how many functions it changed.
	CommittedAt       *time.Time `parquet:"committed_at,optional,timestamp(microsecond)"`
	PerfScore         *float64   `parquet:"perf_score,optional"`
	PerfSource        string     `parquet:"perf_source,optional"`
	PerfEvidence      []string   `parquet:"perf_evidence,list"`
	CategoryEvidence  []string   `parquet:"category_evidence,list"`
	FunctionsInCommit int32      `parquet:"functions_in_commit"`
	LargeCommit       bool       `parquet:"large_commit"`
	// FileContext is a repository task's file around the function, as
	// at the parent (the function itself marked, the rest cut to a
	// size): what a model rewriting the function must fit. Empty for a
	// task whose variants are whole files.
	FileContext string `parquet:"file_context,optional"`
	// TaskSet is the set the row came from: a task set folder's name
	// ("core", "real"; a folder of links to tasks gives each its own
	// set's), "mined", or an import's source.
	TaskSet string `parquet:"task_set,optional"`
	// SourceID is the row's id in the file it was imported from where
	// the task id had to differ (another benchmark's "owner__repo-123"
	// is task "owner-repo-123").
	SourceID string `parquet:"source_id,optional"`
}

// Sources of commits rows other than a task set's name.
const (
	SourceMined    = "mined"
	SourceImported = "imported"
)

// PerfRules in perf_source says perfcon's rules judged the commit
// performance work, PerfLearned its learned classifier; "model:NAME"
// says a model did.
const (
	PerfRules   = "rules"
	PerfLearned = "learned"
)

// How a row's category was decided (category_source), besides
// "model:NAME" for a model's label.
const (
	CategoryAuthored = "authored" // written with the task
	CategoryRules    = "rules"    // perfcon's rules; category_evidence says which
	CategoryLearned  = "learned"  // perfcon's learned classifier
	CategoryImported = "imported" // as the imported file gave it
	CategoryDefault  = "default"  // the import's --category, for a row its file gave none
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
	// Where a repository task's trees are: the commit, its parent and the
	// function's file.
	CommitSHA   string `parquet:"commit_sha"`
	ParentSHA   string `parquet:"parent_sha"`
	FilePath    string `parquet:"file_path"`
	FileContext string `parquet:"file_context,optional"`
}

// MayLack: a commits table made before repository tasks reads without
// file_context and task_set.
func (Commit) MayLack() []string { return []string{"file_context", "task_set", "source_id"} }

// MayLack: another tool's table of changes (code before and after, no
// repository) reads without them.
func (Change) MayLack() []string {
	return []string{"commit_sha", "parent_sha", "file_path", "file_context"}
}

// Change is the commit's Change columns.
func (c Commit) Change() Change {
	return Change{TaskID: c.TaskID, Language: c.Language, Category: c.Category, CommitMessage: c.CommitMessage,
		Symbol: c.Symbol, CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter, CommitSHA: c.CommitSHA,
		ParentSHA: c.ParentSHA, FilePath: c.FilePath, FileContext: c.FileContext}
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
	// RawResponse is the answer as it came; Description is its text
	// without the reasoning. CategoryRaw is the value of its last
	// category line as written; PredictedCategory the category that
	// value names, if any.
	RawResponse string `parquet:"raw_response,optional"`
	CategoryRaw string `parquet:"category_raw,optional"`
	// The answer as it came and what perfcon read of it: the reasoning
	// the model gave before its answer (a <think> block or the server's
	// reasoning_content), set apart so nothing downstream reads it; the
	// server's finish_reason; whether the answer was cut short (finish_reason
	// length, or a reasoning block that never closed); and what the call
	// cost in US dollars at the models file's prices (NULL without them).
	Reasoning    string   `parquet:"reasoning,optional"`
	FinishReason string   `parquet:"finish_reason,optional"`
	Truncated    bool     `parquet:"truncated"`
	CostUSD      *float64 `parquet:"cost_usd,optional"`
	// ModelCutoff is the last day of the model's training data as its
	// models file entry gives it, YYYY-MM-DD (NULL when it gives none):
	// a task from after it is one the model cannot have seen. It is a
	// string so that the table still reads column by column.
	ModelCutoff string `parquet:"model_cutoff,optional"`
}

// answerColumns are the columns of a model's answer added since the
// first tables: tables written before them stay readable.
var answerColumns = []string{"reasoning", "finish_reason", "truncated", "cost_usd"}

// cutoffColumns are the columns of descriptions and generations added
// with models' training cutoffs.
var cutoffColumns = []string{"model_cutoff"}

// MayLack: descriptions written before the answer's or the cutoff's
// columns stay readable.
func (Description) MayLack() []string {
	return slices.Concat([]string{"raw_response", "category_raw"}, answerColumns, cutoffColumns)
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
	// The answer as it came and what perfcon read of it: the reasoning
	// the model gave before its answer (a <think> block or the server's
	// reasoning_content), set apart so nothing downstream reads it; the
	// server's finish_reason; whether the answer was cut short (finish_reason
	// length, or a reasoning block that never closed); and what the call
	// cost in US dollars at the models file's prices (NULL without them).
	Reasoning    string   `parquet:"reasoning,optional"`
	FinishReason string   `parquet:"finish_reason,optional"`
	Truncated    bool     `parquet:"truncated"`
	CostUSD      *float64 `parquet:"cost_usd,optional"`
	// ModelCutoff is the generating model's, as in descriptions.
	ModelCutoff string `parquet:"model_cutoff,optional"`
	// AddsCaching flags code that keeps results from one call to the
	// next where code before did not (a functools.lru_cache, a static
	// map, a package-level map a function writes: source.AddsCaching):
	// a benchmark that calls the function again and again times such
	// code on its cache. Caching names what it adds, joined by ", "
	// (NULL when nothing). A flag for the reader, not a verdict.
	AddsCaching bool   `parquet:"adds_caching"`
	Caching     string `parquet:"caching,optional"`
}

// cachingColumns are the columns of generations added with the caching
// flag.
var cachingColumns = []string{"adds_caching", "caching"}

// MayLack: generations written before the answer's, the cutoff's or the
// caching flag's columns stay readable; their rows say no caching.
func (Generation) MayLack() []string {
	return slices.Concat(answerColumns, cutoffColumns, cachingColumns)
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
	ValidatedIterations int64      `parquet:"validated_iterations,optional"`
	ValidatedProfile    string     `parquet:"validated_profile,optional"`
	ValidatedAt         *time.Time `parquet:"validated_at,optional,timestamp(microsecond)"`
	// CostKind is what the task's runs are costed in (CostCPU or
	// CostWall): the category's DefaultCost unless the task chose.
	CostKind string `parquet:"cost_kind"`
	// A repository task runs in its repository's tree (RepoURL, at the
	// commits row's parent_sha for code before, commit_sha for code
	// after, and the parent with the function replaced for a
	// generation); empty for a task whose variants are whole files. The
	// rest say how its package builds: C/C++ sources, include folders and
	// flags; the Go package; the Python path.
	RepoURL     string   `parquet:"repo_url,optional"`
	Sources     []string `parquet:"build_sources,list"`
	IncludeDirs []string `parquet:"build_include_dirs,list"`
	BuildFlags  []string `parquet:"build_flags,list"`
	GoPackage   string   `parquet:"go_package,optional"`
	PythonPath  string   `parquet:"python_path,optional"`
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
	// CostKind is the cost kind the harness's author chose (CostCPU or
	// CostWall; harness.toml's cost); empty: the category's default.
	CostKind string `parquet:"cost_kind,optional"`
	// RepoBuild, for a draft of a repository task, is how the task
	// builds in its repository's tree, as JSON: the executables row's
	// repository columns (repo_url, go_package, python_path,
	// build_sources, build_include_dirs).
	RepoBuild string `parquet:"repo_build,optional"`
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
	// The answer as it came and what perfcon read of it: the reasoning
	// the model gave before its answer (a <think> block or the server's
	// reasoning_content), set apart so nothing downstream reads it; the
	// server's finish_reason; whether the answer was cut short (finish_reason
	// length, or a reasoning block that never closed); and what the call
	// cost in US dollars at the models file's prices (NULL without them).
	Reasoning    string   `parquet:"reasoning,optional"`
	FinishReason string   `parquet:"finish_reason,optional"`
	Truncated    bool     `parquet:"truncated"`
	CostUSD      *float64 `parquet:"cost_usd,optional"`
}

// MayLack: drafts tables written before cost_kind or the answer's
// columns stay readable (a model's drafts cost calls to make again);
// their drafts say no kind.
func (Draft) MayLack() []string { return append([]string{"cost_kind", "repo_build"}, answerColumns...) }

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
	// CostKind is the task's cost kind, as the run was made for it; CPUs
	// is how many CPUs the run was given (1 for a pinned CPU-time run, k
	// for a wall-time one; the machine's count when unpinned).
	CostKind     string    `parquet:"cost_kind"`
	CPUs         int32     `parquet:"cpus"`
	OutputDigest string    `parquet:"output_digest,optional"`
	Stderr       string    `parquet:"stderr,optional"`
	Host         string    `parquet:"host"`
	HostCPU      string    `parquet:"host_cpu"`
	HostKernel   string    `parquet:"host_kernel"`
	Counters     string    `parquet:"counters"`
	Sandbox      string    `parquet:"sandbox"` // how the run was isolated, and what could not be
	StartedAt    time.Time `parquet:"started_at,timestamp(microsecond)"`
}

// Refinement is one step of a chain that improves a generation with
// feedback from running it: a row of the refinements table, which keeps
// every step. Step 0 is the one-shot generation itself; each later step
// is a model's answer to the feedback on its parent, an earlier step of
// the same chain. A chain is a task and one round-1 generation (its
// describer and sample) of a pipeline: "refine" (PerfCodeGen: every
// step by the chain's model) or "routed" (PerfOrch: each step by the
// model the routes table names, model "routed").
type Refinement struct {
	TaskID    string `parquet:"task_id"`
	Pipeline  string `parquet:"pipeline"`
	Model     string `parquet:"model"`
	Describer string `parquet:"describer"`
	Sample    int32  `parquet:"sample"`
	Step      int32  `parquet:"step"`
	// StepKind is generate (step 0), fix (the parent was wrong) or
	// optimise (the parent was correct); StepModel answered it.
	StepKind  string `parquet:"step_kind"`
	StepModel string `parquet:"step_model"`
	// ParentStep is the step this one answers (NULL at step 0): the
	// chain's best correct step so far, or, while none is correct, its
	// latest.
	ParentStep       *int32 `parquet:"parent_step,optional"`
	ParentVariantID  string `parquet:"parent_variant_id,optional"`
	PromptVersion    string `parquet:"prompt_version"`
	Code             string `parquet:"code"`
	VariantID        string `parquet:"variant_id,optional"` // left(sha256(code), 16); empty without code
	RawResponse      string `parquet:"raw_response,optional"`
	ExtractStatus    string `parquet:"extract_status"`
	PromptTokens     int64  `parquet:"prompt_tokens"`
	CompletionTokens int64  `parquet:"completion_tokens"`
	LatencyMS        int64  `parquet:"latency_ms"`
	CacheHit         bool   `parquet:"cache_hit"`
	Error            string `parquet:"error,optional"`
	// The feedback run: the code beside code before and after on the
	// task's workload, a few interleaved repeats. Its status (a run
	// status, or no_code), speedups over code before by median cost in
	// the task's cost kind (NULL unless ok), and the text the next step is shown. These steer
	// the chain only; the report's numbers come from the measurements.
	FeedbackStatus       string   `parquet:"feedback_status"`
	FeedbackSpeedup      *float64 `parquet:"feedback_speedup,optional"`
	FeedbackHumanSpeedup *float64 `parquet:"feedback_human_speedup,optional"`
	// FeedbackFasterP is the one-sided Mann–Whitney p-value that this
	// step's code is faster than its parent's, both run in the same
	// feedback trial (NULL unless both are correct and differ).
	FeedbackFasterP *float64 `parquet:"feedback_faster_p,optional"`
	Feedback        string   `parquet:"feedback,optional"`
	// ResultStep is the chain's result after this step: its best correct
	// step by the feedback so far (a later one replaces it only when
	// faster, with FeedbackFasterP under FasterAlpha), or, while none is
	// correct, this step; ResultVariantID is that step's code's id.
	ResultStep      int32     `parquet:"result_step"`
	ResultVariantID string    `parquet:"result_variant_id,optional"`
	CreatedAt       time.Time `parquet:"created_at,timestamp(microsecond)"`
	// The answer as it came and what perfcon read of it: the reasoning
	// the model gave before its answer (a <think> block or the server's
	// reasoning_content), set apart so nothing downstream reads it; the
	// server's finish_reason; whether the answer was cut short (finish_reason
	// length, or a reasoning block that never closed); and what the call
	// cost in US dollars at the models file's prices (NULL without them).
	Reasoning    string   `parquet:"reasoning,optional"`
	FinishReason string   `parquet:"finish_reason,optional"`
	Truncated    bool     `parquet:"truncated"`
	CostUSD      *float64 `parquet:"cost_usd,optional"`
}

// MayLack: refinements written before the answer's columns stay readable.
func (Refinement) MayLack() []string { return answerColumns }

// Pipelines of the refinements table, and the step kinds of a chain.
const (
	PipelineRefine = "refine"
	PipelineRouted = "routed"
	StepGenerate   = "generate"
	StepFix        = "fix"
	StepOptimise   = "optimise"
)

// Route is one model's rank for one kind of step on one language and
// category, learned from the refine chains of the training tasks: a row
// of the routes table. Rank 1 is the model the routed pipeline asks.
type Route struct {
	Language string `parquet:"language"`
	Category string `parquet:"category"`
	StepKind string `parquet:"step_kind"`
	Rank     int32  `parquet:"rank"`
	Model    string `parquet:"model"`
	// Score orders the models (higher first), Tiebreak breaks ties; what
	// they are depends on the step kind (see perfcon orchestrate --help).
	Score    float64 `parquet:"score"`
	Tiebreak float64 `parquet:"tiebreak"`
	// Scope is where the ranking was learned: "language×category" when
	// the training tasks of this cell had steps of this kind, else
	// "language" or "all" (wider cells of training tasks), and
	// Observations how many steps it was learned from.
	Scope        string `parquet:"scope"`
	Observations int32  `parquet:"observations"`
	Split        string `parquet:"split"` // the split's salt
}

// Split is a task's side of the orchestrate split: a row of the splits
// table, "train" (its chains teach the routes) or "test" (it is routed,
// and the routed pipeline is compared with single models on it).
type Split struct {
	TaskID   string `parquet:"task_id"`
	Language string `parquet:"language"`
	Category string `parquet:"category"`
	Side     string `parquet:"side"`
	Salt     string `parquet:"salt"`
}

// Tables lists the tables in pipeline order.
var Tables = []string{"commits", "drafts", "executables", "reviews", "descriptions", "description_scores", "generations", "refinements", "routes", "splits", "measurements"}

// Names maps each table's name to its row type's zero value.
var Names = map[string]any{
	"commits":      Commit{},
	"descriptions": Description{},
	"generations":  Generation{},
	"executables":  Executable{},
	"drafts":       Draft{},
	"reviews":      Review{},
	"refinements":  Refinement{},
	"routes":       Route{},
	"splits":       Split{},
	"measurements": Measurement{},

	// Optional: a judge's scores of descriptions (perfcon describe judge).
	"description_scores": DescriptionScore{},
}
