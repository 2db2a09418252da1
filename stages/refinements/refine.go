package refinements

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// Common are the options refine and orchestrate share: the tables they
// read and write, the models, how they are asked, and how the feedback
// runs are made.
type Common struct {
	Commits      string
	Executables  string
	Descriptions string
	Generations  string
	Out          string // the refinements table: read to resume, and rewritten
	Models       []llm.Model
	Sampling     llm.Sampling
	Cache        *llm.Cache
	Refresh      bool
	Run          measure.Settings
	// Tasks, when set, refines only the tasks it selects; the chains of
	// the others are kept as they are.
	Tasks    dataset.Selection
	Log      io.Writer
	Progress io.Writer
}

// Options for refine: Models refine their own round-1 generations (from
// their own descriptions), one chain per generation.
type Options struct {
	Common
	// Rounds is the number of refinement steps after the one-shot
	// generation (step 0, which is run for its feedback only). Chains
	// longer than that from an earlier run are cut back to it.
	Rounds int
}

// Defaults apply where neither the stage nor the model says.
var Defaults = calls.RefineDefaults

// Summary counts what a refine or orchestrate run did.
type Summary struct {
	Chains, Steps, Calls, Errors int
	Trials                       int // feedback trials run (a task's new codes at one step)
	Resumed                      int // steps kept from an earlier run
	Improved                     int // chains whose result is a correct step after 0
	Skipped                      int // tasks whose code before or after failed its feedback runs
}

func (s Summary) String() string {
	out := fmt.Sprintf("%d chains, %d new steps (%d calls, %d errors), %d feedback trials, %d steps kept from before; %d chains improved on their one-shot code",
		s.Chains, s.Steps, s.Calls, s.Errors, s.Trials, s.Resumed, s.Improved)
	if s.Skipped > 0 {
		out += fmt.Sprintf("; %d task-steps skipped (code before or after failed its feedback runs: run again)", s.Skipped)
	}
	return out
}

// Refine runs PerfCodeGen's execution-feedback loop on every round-1
// generation of the models. Step 0 is the generation, run beside code
// before and after for its feedback. Each further step sends the chain's
// parent back to the model: while no step is correct, the latest, with
// its compiler or runtime error, or its output digest against code
// before's; once one is, the best correct step, with its CPU time
// against code before's, and asks for a faster equivalent. A step that
// is wrong or not faster than the best (run beside it, by a one-sided
// Mann–Whitney test at FasterAlpha) is kept as a row but not as the
// chain's result, and the next step starts from the best again, told
// what became of the last.
//
// The table is written after every task's feedback runs, and answers are
// cached, so a stopped run, run again, asks nothing it had an answer for
// and runs no step it had run.
func Refine(ctx context.Context, opts Options) (Summary, error) {
	if opts.Rounds < 0 {
		return Summary{}, fmt.Errorf("--rounds %d: want 0 or more", opts.Rounds)
	}
	in, err := load(opts.Commits, opts.Executables, opts.Descriptions, opts.Generations, opts.Out)
	if err != nil {
		return Summary{}, err
	}
	names := map[string]llm.Model{}
	for _, m := range opts.Models {
		names[m.Name()] = m
	}
	for name := range names {
		if !in.generated[name] {
			return Summary{}, fmt.Errorf("%s has no round-1 generations by %s from its own descriptions: run generate with it first", opts.Generations, name)
		}
	}
	var chains []*chain
	for _, g := range in.gens {
		if names[g.Model] == nil || g.Describer != g.Model || g.Round != 1 || !in.study(g.TaskID) || !opts.Tasks.Has(g.TaskID) {
			continue
		}
		chains = append(chains, in.chain(table.PipelineRefine, g.Model, g, func(table.Refinement) bool { return true }))
	}
	e := &engine{in: in, opts: opts.Common, rounds: opts.Rounds, label: "refine",
		pick: func(ch *chain, _ string) llm.Model { return names[ch.model] }}
	keep := func(r table.Refinement) bool {
		return r.Pipeline != table.PipelineRefine || names[r.Model] == nil || !opts.Tasks.Has(r.TaskID)
	}
	return e.run(ctx, chains, keep)
}

// inputs are the tables a run reads.
type inputs struct {
	commits   map[string]table.Change
	order     []string // task ids, sorted
	execs     map[string]table.Executable
	descs     map[string]string // (task, model, sample) -> round-1 description
	gens      []table.Generation
	generated map[string]bool // models with round-1 generations from their own descriptions
	earlier   []table.Refinement
}

func load(commits, execs, descs, gens, out string) (*inputs, error) {
	in := &inputs{commits: map[string]table.Change{}, execs: map[string]table.Executable{}, descs: map[string]string{},
		generated: map[string]bool{}}
	cs, err := table.ReadFile[table.Change](commits)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		in.commits[c.TaskID] = c
		in.order = append(in.order, c.TaskID)
	}
	slices.Sort(in.order)
	es, err := table.ReadFile[table.Executable](execs)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		in.execs[e.TaskID] = e
	}
	ds, err := table.ReadFile[table.Description](descs)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.Round == 1 && d.Error == "" {
			in.descs[descKey(d.TaskID, d.Model, d.Sample)] = d.Description
		}
	}
	if in.gens, err = table.ReadFile[table.Generation](gens); err != nil {
		return nil, err
	}
	for _, g := range in.gens {
		if g.Round == 1 && g.Describer == g.Model {
			in.generated[g.Model] = true
		}
	}
	in.earlier, err = table.ReadFile[table.Refinement](out)
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	return in, err
}

func descKey(task, model string, sample int32) string {
	return fmt.Sprintf("%s\x00%s\x00%d", task, model, sample)
}

// study says whether a task is one the measure stage measures: it has an
// approved executable that did not fail validation.
func (in *inputs) study(task string) bool {
	e, ok := in.execs[task]
	_, known := in.commits[task]
	return ok && known && e.ReviewStatus == table.ReviewApproved && e.Validation != table.ValidationFailed
}

// chain starts a chain of pipeline and model from generation g, with the
// steps an earlier run made, when it started from the same code: up to
// the first step that is not whole, whose call failed (it is asked
// again), or that still wants (by wants) does not hold.
func (in *inputs) chain(pipeline, model string, g table.Generation, wants func(table.Refinement) bool) *chain {
	ch := &chain{pipeline: pipeline, model: model, describer: g.Describer, sample: g.Sample, task: g.TaskID,
		description: in.descs[descKey(g.TaskID, g.Describer, g.Sample)], gen: g}
	var steps []table.Refinement
	for _, r := range in.earlier {
		if r.Pipeline == pipeline && r.Model == model && r.TaskID == g.TaskID && r.Describer == g.Describer && r.Sample == g.Sample {
			steps = append(steps, r)
		}
	}
	slices.SortFunc(steps, func(a, b table.Refinement) int { return cmp.Compare(a.Step, b.Step) })
	for i, r := range steps {
		if int(r.Step) != i || (i == 0 && r.Code != g.Code) || r.FeedbackStatus == "" ||
			(i > 0 && r.Error != "" && r.Code == "") || !wants(r) {
			break // a gap, another generation's chain, a failed call, or another route: made again from here
		}
		ch.steps = append(ch.steps, r)
	}
	return ch
}

// chain is one generation's refinement chain.
type chain struct {
	pipeline, model, describer string
	sample                     int32
	task                       string
	description                string
	gen                        table.Generation
	steps                      []table.Refinement
}

// best is the chain's best correct step, or nil: the first correct one,
// replaced by each later one that is faster than it (its runs beside the
// best's in one trial: FeedbackFasterP under FasterAlpha; in a table
// written before that test, by a higher speedup). The same code given
// back is no step forward, whatever the noise of its runs says.
func (ch *chain) best() *table.Refinement {
	var best *table.Refinement
	for i := range ch.steps {
		s := &ch.steps[i]
		if s.FeedbackStatus == table.StatusOK && (best == nil || s.Code != best.Code && faster(s, best)) {
			best = s
		}
	}
	return best
}

// faster says whether step s is faster than best, the step it answered.
func faster(s, best *table.Refinement) bool {
	if s.FeedbackFasterP != nil {
		return *s.FeedbackFasterP < FasterAlpha
	}
	return *s.FeedbackSpeedup > *best.FeedbackSpeedup
}

// parent is the step the next one answers: the best correct one, or
// while there is none, the latest.
func (ch *chain) parent() *table.Refinement {
	if b := ch.best(); b != nil {
		return b
	}
	// The latest with code: an answer without any says nothing to fix.
	for i := len(ch.steps) - 1; i >= 0; i-- {
		if ch.steps[i].Code != "" {
			return &ch.steps[i]
		}
	}
	return &ch.steps[len(ch.steps)-1]
}

// next says what the next step is asked: its kind, the code sent back,
// and the feedback shown.
func (ch *chain) next() (kind string, parent *table.Refinement, feedback string) {
	p, last := ch.parent(), &ch.steps[len(ch.steps)-1]
	kind, feedback = table.StepFix, p.Feedback
	if p.FeedbackStatus == table.StatusOK {
		kind = table.StepOptimise
	}
	if last != p {
		feedback += fmt.Sprintf("\n\nA later rewrite of this code was not kept, because it was %s:\n\n%s",
			map[bool]string{true: "not faster", false: "wrong"}[last.FeedbackStatus == table.StatusOK], last.Feedback)
		if last.Code != "" {
			feedback += "\n\nThat rewrite:\n\n```" + "\n" + strings.TrimRight(last.Code, "\n") + "\n```\nTry another way."
		}
	}
	return kind, p, feedback
}

// add appends a step whose feedback is in, setting its result.
func (ch *chain) add(r table.Refinement) {
	ch.steps = append(ch.steps, r)
	last := &ch.steps[len(ch.steps)-1]
	last.ResultStep, last.ResultVariantID = last.Step, last.VariantID
	if b := ch.best(); b != nil {
		last.ResultStep, last.ResultVariantID = b.Step, b.VariantID
	}
}

// engine runs chains step by step: each step's calls at once, then each
// task's feedback runs, writing the table after every task.
type engine struct {
	in     *inputs
	opts   Common
	rounds int    // steps after step 0
	label  string // of the log lines
	// pick is the model that answers a chain's next step of a kind.
	pick func(ch *chain, kind string) llm.Model
	runs *runs
	// memo holds the feedback of every code run so far, by task and
	// code: the earlier table's, then this run's.
	memo   map[string]outcome
	chains []*chain
	kept   []table.Refinement // rows of other pipelines and models
	sum    Summary
}

func (e *engine) logf(format string, args ...any) {
	if e.opts.Log != nil {
		fmt.Fprintf(e.opts.Log, format+"\n", args...)
	}
}

func memoKey(task, code string) string { return task + "\x00" + code }

func (e *engine) run(ctx context.Context, chains []*chain, keep func(table.Refinement) bool) (Summary, error) {
	e.opts.Cache.Preload()
	e.chains = chains
	e.memo = map[string]outcome{}
	for _, r := range e.in.earlier {
		if keep(r) {
			e.kept = append(e.kept, r)
		}
		if r.Code != "" && r.FeedbackStatus != "" && r.FeedbackStatus != StatusNoCode {
			e.memo[memoKey(r.TaskID, r.Code)] = outcomeOf(r)
		}
	}
	for _, ch := range chains {
		if len(ch.steps) > e.rounds+1 {
			ch.steps = ch.steps[:e.rounds+1]
		}
		e.sum.Resumed += len(ch.steps)
	}
	e.sum.Chains = len(chains)
	for step := 0; step <= e.rounds; step++ {
		var todo []*chain
		for _, ch := range chains {
			if len(ch.steps) == step {
				todo = append(todo, ch)
			}
		}
		if len(todo) == 0 {
			continue
		}
		rows, err := e.ask(ctx, step, todo)
		if err != nil {
			return e.sum, err
		}
		if err := e.feedback(ctx, step, todo, rows); err != nil {
			return e.sum, err
		}
	}
	// Written once more, so a run with nothing new still leaves the table
	// (cut back, or made for the first time).
	if err := e.write(); err != nil {
		return e.sum, err
	}
	for _, ch := range chains {
		if b := ch.best(); b != nil && b.Step > 0 {
			e.sum.Improved++
		}
	}
	e.logf("%s: %s -> %s", e.label, e.sum, e.opts.Out)
	if e.opts.Log != nil {
		var asked []table.Refinement // the steps a model answered
		for _, ch := range chains {
			for _, r := range ch.steps {
				if r.Step > 0 {
					asked = append(asked, r)
				}
			}
		}
		calls.WriteReceipt(e.opts.Log, e.label, calls.Receipt(asked, calls.RefinementUsage))
	}
	return e.sum, nil
}

// outcomeOf is the feedback a row holds.
func outcomeOf(r table.Refinement) outcome {
	o := outcome{status: r.FeedbackStatus, text: r.Feedback}
	if r.FeedbackSpeedup != nil {
		o.speedup = *r.FeedbackSpeedup
	}
	if r.FeedbackHumanSpeedup != nil {
		o.human = *r.FeedbackHumanSpeedup
	}
	return o
}

// ask makes step's row for each chain: at step 0 the generation itself,
// later a model's answer to the feedback on its parent.
func (e *engine) ask(ctx context.Context, step int, todo []*chain) ([]table.Refinement, error) {
	now := time.Now().UTC()
	if step == 0 {
		rows := make([]table.Refinement, len(todo))
		for i, ch := range todo {
			g := ch.gen
			rows[i] = table.Refinement{TaskID: g.TaskID, Pipeline: ch.pipeline, Model: ch.model, Describer: g.Describer,
				Sample: g.Sample, StepKind: table.StepGenerate, StepModel: g.Model, PromptVersion: g.PromptVersion,
				Code: g.Code, RawResponse: g.RawResponse, ExtractStatus: g.ExtractStatus, PromptTokens: g.PromptTokens,
				CompletionTokens: g.CompletionTokens, LatencyMS: g.LatencyMS, CacheHit: g.CacheHit, Error: g.Error, CreatedAt: now,
				Reasoning: g.Reasoning, FinishReason: g.FinishReason, Truncated: g.Truncated, CostUSD: g.CostUSD}
		}
		return rows, nil
	}
	label := fmt.Sprintf("%s: step %d", e.label, step)
	batch := calls.NewBatch(len(todo), func(i int) (table.Refinement, *llm.Call) {
		ch := todo[i]
		kind, parent, feedback := ch.next()
		m := e.pick(ch, kind)
		ps := parent.Step
		row := table.Refinement{TaskID: ch.task, Pipeline: ch.pipeline, Model: ch.model, Describer: ch.describer,
			Sample: ch.sample, Step: int32(step), StepKind: kind, StepModel: m.Name(), ParentStep: &ps,
			ParentVariantID: parent.VariantID, ExtractStatus: prompt.ExtractEmpty, CreatedAt: now}
		s := llm.Settings(m, e.opts.Sampling, Defaults)
		call, version, err := calls.Refine(m, s, e.in.commits[ch.task], ch.description, kind, parent.Code, feedback,
			step, int(ch.sample))
		row.PromptVersion = version
		if err != nil {
			row.Error = err.Error()
			return row, nil
		}
		return row, call
	})
	caller := &llm.Caller{Cache: e.opts.Cache, Refresh: e.opts.Refresh, Progress: e.opts.Progress, Label: label}
	stats, err := batch.Run(ctx, caller, func(row *table.Refinement, res llm.Result) {
		calls.RecordRefinement(row, e.in.commits[row.TaskID], res)
	})
	e.sum.Calls, e.sum.Errors = e.sum.Calls+stats.Calls, e.sum.Errors+stats.Errors
	if err != nil {
		return nil, fmt.Errorf("%s stopped after %d of %d calls (their answers are cached): %w", label, stats.Calls, batch.Calls(), err)
	}
	e.logf("%s: %s", label, stats)
	return batch.Rows, nil
}

// feedback runs each task's new codes of the step, fills the rows in and
// adds them to their chains, and writes the table after every task.
func (e *engine) feedback(ctx context.Context, step int, todo []*chain, rows []table.Refinement) error {
	byTask := map[string][]int{}
	var tasks []string
	for i, r := range rows {
		if _, ok := byTask[r.TaskID]; !ok {
			tasks = append(tasks, r.TaskID)
		}
		byTask[r.TaskID] = append(byTask[r.TaskID], i)
	}
	slices.Sort(tasks)
	for n, task := range tasks {
		codes, parents := e.trialCodes(task, byTask[task], todo, rows)
		var costs map[string][]time.Duration
		if len(codes) > 0 {
			if e.runs == nil {
				var err error
				if e.runs, err = newRuns(ctx, e.opts.Run, e.opts.Log); err != nil {
					return err
				}
			}
			got, c, err := e.runs.task(ctx, e.in.commits[task], e.in.execs[task], codes)
			costs = c
			var te *taskError
			if errors.As(err, &te) && ctx.Err() == nil {
				// Its chains stop here for this run; a rerun tries again.
				e.logf("[step %d, %d/%d] %s: skipped: %v", step, n+1, len(tasks), task, err)
				e.sum.Skipped++
				continue
			}
			if err != nil {
				return fmt.Errorf("task %s: %w", task, err)
			}
			if err := ctx.Err(); err != nil {
				return err // stopped in the runs: they are not whole
			}
			e.sum.Trials++
			for code, o := range got {
				e.memo[memoKey(task, code)] = o
			}
		}
		var said []string
		for _, i := range byTask[task] {
			r := &rows[i]
			r.VariantID = measure.VariantID(r.Code)
			o, ok := e.memo[memoKey(task, r.Code)]
			if r.Code == "" || !ok {
				o = outcome{status: StatusNoCode, text: "The answer held no code in a fenced code block."}
				if r.Error != "" {
					o.text = "The call failed: " + r.Error
				}
			}
			r.FeedbackStatus, r.Feedback = o.status, o.text
			if o.status == table.StatusOK {
				r.FeedbackSpeedup, r.FeedbackHumanSpeedup = &o.speedup, &o.human
				if pc, ok := parents[i]; ok && costs[pc] != nil && costs[r.Code] != nil {
					p := measure.LessP(costs[r.Code], costs[pc])
					r.FeedbackFasterP = &p
				}
			}
			todo[i].add(*r)
			e.sum.Steps++
			said = append(said, shortly(*r))
		}
		e.logf("[step %d, %d/%d] %s: %s", step, n+1, len(tasks), task, strings.Join(said, "; "))
		if err := e.write(); err != nil {
			return err
		}
	}
	return nil
}

// trialCodes are the codes a task's feedback trial runs: the steps' new
// codes, and each step that may replace its chain's best beside that
// best's code (parents, by row), so that the two compare within one
// trial.
func (e *engine) trialCodes(task string, idx []int, todo []*chain, rows []table.Refinement) (codes []string, parents map[int]string) {
	add := func(code string) {
		if code != "" && !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	parents = map[int]string{}
	for _, i := range idx {
		code := rows[i].Code
		if _, ok := e.memo[memoKey(task, code)]; !ok {
			add(code)
		}
		if b := todo[i].best(); b != nil && code != "" && code != b.Code {
			parents[i] = b.Code
			add(code)
			add(b.Code)
		}
	}
	return codes, parents
}

// shortly sums a step up for the log.
func shortly(r table.Refinement) string {
	s := r.Model
	if r.StepModel != r.Model {
		s += " (" + r.StepModel + ")"
	}
	s += " " + r.StepKind + ": " + r.FeedbackStatus
	if r.FeedbackSpeedup != nil {
		s += fmt.Sprintf(" %.2fx", *r.FeedbackSpeedup)
	}
	if r.Step > 0 && r.ResultStep != r.Step {
		s += fmt.Sprintf(", kept step %d", r.ResultStep)
	}
	return s
}

// write rewrites the table: the rows of other pipelines and models, then
// every chain's steps, by task, chain and step.
func (e *engine) write() error {
	rows := slices.Clone(e.kept)
	for _, ch := range e.chains {
		rows = append(rows, ch.steps...)
	}
	slices.SortStableFunc(rows, func(a, b table.Refinement) int {
		return cmp.Or(cmp.Compare(a.TaskID, b.TaskID), cmp.Compare(a.Pipeline, b.Pipeline), cmp.Compare(a.Model, b.Model),
			cmp.Compare(a.Describer, b.Describer), cmp.Compare(a.Sample, b.Sample), cmp.Compare(a.Step, b.Step))
	})
	return table.WriteFile(e.opts.Out, rows)
}
