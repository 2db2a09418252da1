package executables

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/dataset"
	gitcmd "github.com/perfcon/perfcon/internal/git"
	"github.com/perfcon/perfcon/internal/gitlog"
	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/table"
)

// DraftOptions say whose harnesses to draft, with which model, and how
// to validate them.
type DraftOptions struct {
	Commits     string // the commits to make executable
	Executables string // read, and rewritten with the drafted rows
	Drafts      string // every attempt; read to resume, and rewritten
	Reviews     string // decisions, applied to the drafted rows
	// Dataset is a task set whose harnesses serve as the model's
	// examples, one per language; empty or missing: no example.
	Dataset  string
	Model    llm.Model
	Sampling llm.Sampling
	Cache    *llm.Cache
	Refresh  bool
	// Attempts bounds the tries per task, counting earlier runs' tries
	// by the same model: a draft that fails validation is sent back with
	// the failure until one passes or the attempts are spent.
	Attempts int
	Tasks    []string // only these tasks; empty: every commit without an executable
	// Repos are local clones of the commits' repositories: a draft
	// prompt shows the changed file as it was before the commit.
	Repos []string
	// Repository, when set, is the URL (or path) of the commits'
	// repository: each commit is drafted as a repository task, whose
	// harness (all the model writes: no prelude) calls the function in
	// the repository's tree; RepoCache is where it is cloned (nil:
	// repo.Default()).
	Repository string
	RepoCache  *repo.Cache
	Validate   ValidateOptions
	Log        io.Writer
	Progress   io.Writer
}

// DraftDefaults apply where neither the stage nor the model says.
var DraftDefaults = calls.DraftDefaults

// Draft asks a model for a harness for every commit without an
// executable, validates each answer as Validate does, and sends a failed
// one back with its failure, up to Attempts tries. Every attempt is a
// drafts row; each task's latest draft becomes its executables row
// (origin "llm:MODEL", pending review). Both tables are written after
// every verdict, and answers are cached, so a stopped run loses nothing
// and a rerun resumes.
func Draft(ctx context.Context, opts DraftOptions) (DraftSummary, error) {
	var sum DraftSummary
	if opts.Attempts < 1 {
		return sum, fmt.Errorf("--attempts %d: want at least 1", opts.Attempts)
	}
	origin := "llm:" + opts.Model.Name()
	opts.Cache.Preload()
	st, err := loadDraftState(opts.Commits, opts.Executables, opts.Drafts, opts.Tasks)
	if err != nil {
		return sum, err
	}
	examples := exampleHarnesses(opts.Dataset)
	s := llm.Settings(opts.Model, opts.Sampling, DraftDefaults)

	todo := st.todo(opts, origin, &sum)
	var cs []*table.Commit
	for _, j := range todo {
		cs = append(cs, j.c)
	}
	files, err := filesBefore(ctx, opts.Repos, cs)
	if err != nil {
		return sum, err
	}
	builds, err := repoBuilds(ctx, opts, cs)
	if err != nil {
		return sum, err
	}
	if opts.RepoCache != nil {
		opts.Validate.Repos = opts.RepoCache
	}
	v, err := newValidator(ctx, opts.Validate)
	if err != nil {
		return sum, err
	}
	caller := &llm.Caller{Cache: opts.Cache, Refresh: opts.Refresh, Progress: opts.Progress, Label: "draft"}
	var asked []table.Draft // this run's drafts, for the receipt
	for round := 1; len(todo) > 0; round++ {
		batch := calls.NewBatch(len(todo), func(i int) (table.Draft, *llm.Call) {
			j := todo[i]
			row := table.Draft{TaskID: j.c.TaskID, Language: j.c.Language, Origin: origin, Attempt: 1,
				Scale: defaultScale, DraftedAt: v.now().UTC()}
			if j.last != nil {
				row.Attempt, row.Scale = j.last.Attempt+1, cmp.Or(j.last.Scale, defaultScale)
			}
			rb, repoTask := builds[j.c.TaskID]
			call, err := draftCall(opts.Model, s, j, &row, examples[j.c.Language], files[j.c.TaskID], rb, repoTask)
			if err != nil {
				row.Validation, row.Error = table.ValidationFailed, err.Error()
				return row, nil
			}
			return row, call
		})
		stats, err := batch.Run(ctx, caller, calls.RecordDraft)
		if err != nil {
			return sum, fmt.Errorf("draft stopped after %d of %d calls (their answers are cached): %w", stats.Calls, batch.Calls(), err)
		}
		sum.Calls, sum.Errors = sum.Calls+stats.Calls, sum.Errors+stats.Errors
		asked = append(asked, batch.Rows...)
		todo, err = st.judge(ctx, v, opts, round, todo, batch.Rows, &sum)
		if err != nil {
			return sum, err
		}
	}
	sum.count(st, origin)
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "draft: %s -> %s, %s\n", sum, opts.Drafts, opts.Executables)
		calls.WriteReceipt(opts.Log, "draft", calls.Receipt(asked, calls.DraftUsage))
	}
	return sum, nil
}

// draftCall is the call for job j's draft, row's prompt version set:
// the harness alone of a repository task (rb), or a prelude and a
// harness shown file, the changed file before the commit.
func draftCall(m llm.Model, s llm.Sampling, j draftJob, row *table.Draft, example, file string, rb RepoBuild, repoTask bool) (*llm.Call, error) {
	if repoTask {
		row.PromptVersion, row.RepoBuild = prompt.DraftRepoVersion, rb.json()
		if j.last != nil {
			row.PromptVersion = prompt.DraftRepoFixVersion
		}
		return calls.DraftRepo(m, s, *j.c, example, rb.Context, rb.Import, j.last)
	}
	row.PromptVersion = prompt.DraftVersion
	if j.last != nil {
		row.PromptVersion = prompt.DraftFixVersion
	}
	return calls.Draft(m, s, *j.c, example, file, j.last)
}

// draftJob is a task still to draft, with its last attempt by the
// drafting model (nil: none yet).
type draftJob struct {
	c    *table.Commit
	last *table.Draft
}

// todo lists the tasks still to draft by origin; those in no language
// perfcon builds are skipped, in sum.
func (st *draftState) todo(opts DraftOptions, origin string, sum *DraftSummary) []draftJob {
	var todo []draftJob
	for i := range st.commits {
		c := &st.commits[i]
		if !st.wanted(c.TaskID) {
			continue
		}
		if e, ok := st.execs[c.TaskID]; ok && (!strings.HasPrefix(e.Origin, "llm:") || e.Validation == table.ValidationPassed) {
			continue // it has an executable: from a task set, by hand, or a model's that passed
		}
		if _, ok := lang.Lookup(c.Language); !ok {
			sum.Skipped = append(sum.Skipped, fmt.Sprintf("%s: no adapter for language %q", c.TaskID, c.Language))
			continue
		}
		last := st.last(c.TaskID, origin)
		if last != nil && (last.Validation == table.ValidationPassed || int(last.Attempt) >= opts.Attempts) {
			continue
		}
		todo = append(todo, draftJob{c, last})
	}
	return todo
}

// judge validates a round's drafts, keeping each verdict at once, and
// returns the tasks to try again.
func (st *draftState) judge(ctx context.Context, v *validator, opts DraftOptions, round int, todo []draftJob, rows []table.Draft, sum *DraftSummary) ([]draftJob, error) {
	var next []draftJob
	for i := range rows {
		row := &rows[i]
		e, err := validateDraft(ctx, v, todo[i].c, row)
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", row.TaskID, err)
		}
		sum.Attempts++
		st.add(*row, e)
		v.logf("[round %d, %d/%d] %s: attempt %d %s", round, i+1, len(rows), row.TaskID, row.Attempt, outcome(*row))
		if row.Validation != table.ValidationPassed && int(row.Attempt) < opts.Attempts {
			next = append(next, draftJob{todo[i].c, row})
		}
		// Validation takes seconds a task: each verdict is kept at once,
		// so a stopped run validates it no more.
		if err := st.write(opts.Executables, opts.Drafts, opts.Reviews); err != nil {
			return nil, err
		}
	}
	return next, nil
}

// defaultScale starts a draft whose answer names no scale; validation
// doubles or halves it from there.
const defaultScale = 1000

func outcome(d table.Draft) string {
	if d.Validation == table.ValidationPassed {
		return fmt.Sprintf("passed: %.2fx at scale %d", d.ValidatedSpeedup, d.Scale)
	}
	return "failed: " + d.ValidationReason
}

// DraftSummary counts what a draft run did.
type DraftSummary struct {
	Calls, Errors, Attempts int
	Tasks, Passed           int // tasks drafted by the model (ever), and those with a passing draft
	Skipped                 []string
}

func (s *DraftSummary) count(st *draftState, origin string) {
	for id := range st.execs {
		if e := st.execs[id]; e.Origin == origin {
			s.Tasks++
			if e.Validation == table.ValidationPassed {
				s.Passed++
			}
		}
	}
}

func (s DraftSummary) String() string {
	out := fmt.Sprintf("%d attempts (%d calls, %d errors); %d of %d tasks have a validated draft", s.Attempts, s.Calls,
		s.Errors, s.Passed, s.Tasks)
	if len(s.Skipped) > 0 {
		out += fmt.Sprintf("; %d skipped (%s)", len(s.Skipped), strings.Join(s.Skipped, "; "))
	}
	return out
}

// draftState is the tables a draft run reads and rewrites.
type draftState struct {
	commits []table.Commit
	execs   map[string]table.Executable
	order   []string // task ids of execs, in the table's order, then added ones
	drafts  []table.Draft
	want    map[string]bool
}

func loadDraftState(commitsPath, execsPath, draftsPath string, tasks []string) (*draftState, error) {
	commits, err := table.ReadFile[table.Commit](commitsPath)
	if err != nil {
		return nil, err
	}
	execs, err := readOptional[table.Executable](execsPath)
	if err != nil {
		return nil, err
	}
	drafts, err := readOptional[table.Draft](draftsPath)
	if err != nil {
		return nil, err
	}
	st := &draftState{commits: commits, execs: map[string]table.Executable{}, drafts: drafts, want: map[string]bool{}}
	for _, e := range execs {
		st.execs[e.TaskID] = e
		st.order = append(st.order, e.TaskID)
	}
	known := map[string]bool{}
	for _, c := range commits {
		known[c.TaskID] = true
	}
	for _, id := range tasks {
		if !known[id] {
			return nil, fmt.Errorf("no commit %s in %s", id, commitsPath)
		}
		st.want[id] = true
	}
	return st, nil
}

func (st *draftState) wanted(id string) bool { return len(st.want) == 0 || st.want[id] }

// last is the task's latest attempt by origin, or nil.
func (st *draftState) last(id, origin string) *table.Draft {
	var last *table.Draft
	for i := range st.drafts {
		if d := &st.drafts[i]; d.TaskID == id && d.Origin == origin && (last == nil || d.Attempt >= last.Attempt) {
			last = d
		}
	}
	return last
}

// validateDraft runs a draft that holds a harness through validation,
// records the verdict in it, and returns the executable it makes.
func validateDraft(ctx context.Context, v *validator, c *table.Commit, d *table.Draft) (table.Executable, error) {
	e := executableOf(*d, c.Symbol, c.Category)
	if d.Validation == table.ValidationFailed {
		e.Validation, e.ValidationReason = d.Validation, d.ValidationReason // no harness to run
		return e, nil
	}
	e, err := v.check(ctx, *c, e)
	if err != nil {
		return e, err
	}
	d.Validation, d.ValidationReason, d.ValidatedSpeedup, d.Scale = e.Validation, e.ValidationReason, e.ValidatedSpeedup, e.Scale
	return e, nil
}

// add records a draft and makes e, its executable, the task's.
func (st *draftState) add(d table.Draft, e table.Executable) {
	st.drafts = append(st.drafts, d)
	if _, ok := st.execs[d.TaskID]; !ok {
		st.order = append(st.order, d.TaskID)
	}
	st.execs[d.TaskID] = e
}

// executableOf is the executables row a draft makes for a commit of a
// category: costed in the kind the draft chose, else as the category's
// tasks are by default.
func executableOf(d table.Draft, symbol, category string) table.Executable {
	e := table.Executable{TaskID: d.TaskID, Language: d.Language, Harness: d.Harness, Prelude: d.Prelude,
		Stubs: d.Stubs, Entry: symbol, Scale: d.Scale, DeclaredScale: d.Scale, ReviewStatus: table.ReviewPending,
		Origin: d.Origin, Validation: table.ValidationNotRun, CostKind: table.CostOf(d.CostKind, category)}
	applyRepoBuild(&e, d.RepoBuild)
	return e
}

func (st *draftState) write(execsPath, draftsPath, reviewsPath string) error {
	if err := table.WriteFile(draftsPath, st.drafts); err != nil {
		return err
	}
	rows := make([]table.Executable, 0, len(st.order))
	for _, id := range st.order {
		rows = append(rows, st.execs[id])
	}
	reviews, err := ReadReviews(reviewsPath)
	if err != nil {
		return err
	}
	return table.WriteFile(execsPath, ApplyReviews(rows, reviews))
}

// readOptional reads a table that may not exist yet.
func readOptional[T any](path string) ([]T, error) {
	if path == "" {
		return nil, nil
	}
	rows, err := table.ReadFile[T](path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return rows, err
}

// exampleHarnesses picks, per language, the shortest harness of the task
// set: the model's example of the contract.
func exampleHarnesses(dir string) map[string]string {
	out := map[string]string{}
	if dir == "" {
		return out
	}
	tasks, err := dataset.Load(dir)
	if err != nil {
		return out
	}
	slices.SortStableFunc(tasks, func(a, b dataset.Task) int { return cmp.Compare(len(a.Harness), len(b.Harness)) })
	for _, t := range tasks {
		if _, ok := out[t.Language]; !ok {
			out[t.Language] = t.Harness
		}
	}
	return out
}

// LatestDrafts is each task's draft to use: its latest attempt that
// passed validation, or else its latest attempt.
func LatestDrafts(drafts []table.Draft) map[string]table.Draft {
	better := func(a, b table.Draft) bool { // a over b
		ap, bp := a.Validation == table.ValidationPassed, b.Validation == table.ValidationPassed
		if ap != bp {
			return ap
		}
		return !a.DraftedAt.Before(b.DraftedAt)
	}
	out := map[string]table.Draft{}
	for _, d := range drafts {
		if cur, ok := out[d.TaskID]; !ok || better(d, cur) {
			out[d.TaskID] = d
		}
	}
	return out
}

// filesBefore reads, from the clones in repos, each commit's changed file
// as it was before the commit, by task id. A commit of a repository not
// at hand, or whose file can't be read there, has none.
func filesBefore(ctx context.Context, repos []string, commits []*table.Commit) (map[string]string, error) {
	out := map[string]string{}
	if len(repos) == 0 {
		return out, nil
	}
	byName := map[string]string{}
	for _, dir := range repos {
		if err := gitlog.Check(ctx, dir); err != nil {
			return nil, fmt.Errorf("--repo %s: %w", dir, err)
		}
		byName[gitlog.Name(ctx, dir)] = dir
	}
	blobs := map[string]*gitcmd.Blobs{}
	defer func() {
		for _, b := range blobs {
			b.Close()
		}
	}()
	for _, c := range commits {
		dir, ok := byName[c.Repo]
		if !ok || c.FilePath == "" {
			continue
		}
		rev := c.ParentSHA
		if rev == "" && c.CommitSHA != "" {
			rev = c.CommitSHA + "^"
		}
		if rev == "" {
			continue
		}
		b := blobs[dir]
		if b == nil {
			var err error
			if b, err = gitcmd.OpenBlobs(ctx, dir); err != nil {
				return nil, err
			}
			blobs[dir] = b
		}
		data, err := b.Read(rev + ":" + c.FilePath)
		if err != nil {
			// The batch process answers "missing" and goes on; any
			// other failure ends it, so start another next time.
			if !strings.Contains(err.Error(), "missing") {
				b.Close()
				delete(blobs, dir)
			}
			continue
		}
		out[c.TaskID] = string(data)
	}
	return out, nil
}
