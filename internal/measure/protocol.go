package measure

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/table"
)

// Settings say how a stage runs programs. Every stage that runs them
// (validation, measurement, refinement's feedback runs) embeds them in its
// options and hands them to NewBench.
type Settings struct {
	Profile  Profile
	CacheDir string // build cache; the sandbox is kept in CacheDir/sandbox
	CPU      int    // the CPU runs are pinned to; negative: unpinned
	// RequireSandbox refuses to run unless every layer of the sandbox
	// holds (sandbox.Layers).
	RequireSandbox bool
	// CPUWait is how long a wall-time task waits for its CPUs when a probe
	// finds them taken (see Bench.WaitForCPUs); zero: DefaultCPUWait.
	CPUWait time.Duration
	// Repos is where repository tasks' trees are (nil: repo.Default()).
	Repos *repo.Cache
	// ReuseBefore, when above zero, lets a trial at validated iterations
	// reuse the runs of code before that validation's speed test kept on
	// this host (Bench.Keep) within that long, rather than run code
	// before again.
	ReuseBefore time.Duration
}

// DefaultCPUWait is how long a wall-time task waits for its CPUs unless
// the settings say otherwise.
const DefaultCPUWait = 30 * time.Second

// VariantID names a program's code in the measurements and refinements
// tables: the first 16 hex digits of its SHA-256, which queries recompute
// as left(sha256(code), 16). Empty code has no id.
func VariantID(code string) string {
	if code == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])[:16]
}

// Task is what the protocol needs of a task to run it.
type Task struct {
	ID    string // seeds the order of the rounds
	Kind  string // cost kind: table.CostCPU or table.CostWall
	Scale int64
	// Iterations, when above zero, are reused as they are: validation
	// calibrated them under the same profile. Otherwise a calibration
	// sets them, starting from Hint.
	Iterations int64
	Hint       Hint
}

// TaskOf is the task of an executable: its cost kind (as its writer
// resolved it; an older table's empty one by the category), its scale,
// and the iterations validation calibrated when it passed under the
// bench's profile.
func (b *Bench) TaskOf(e table.Executable, category string) Task {
	t := Task{ID: e.TaskID, Kind: table.CostOf(e.CostKind, category), Scale: e.Scale}
	if e.Validation == table.ValidationPassed && e.ValidatedIterations > 0 && e.ValidatedProfile == b.Settings.Profile.Label() {
		t.Iterations = e.ValidatedIterations
	}
	return t
}

// Trial is a ready trial of progs (progs[0] is code before) for task t:
// the runner of its cost kind, its iterations reused or calibrated, code
// before's runs reused when validation kept them here recently enough
// (Settings.ReuseBefore), and its counted rounds in an order of their own
// seeded by its id. The errors are NewTrial's.
func (b *Bench) Trial(ctx context.Context, t Task, progs ...lang.Program) (*Trial, error) {
	var trial *Trial
	var err error
	r := b.For(t.Kind)
	var kept []Run
	if t.Iterations > 0 {
		kept = b.kept(r, progs[0], t.Iterations, t.Scale)
	}
	if kept != nil {
		var err error
		if kept, err = b.stillHold(ctx, r, t, progs[0], kept); err != nil {
			// As NewTrialAt's errors, with a trial its callers can read.
			return &Trial{Runner: r, Progs: progs, Scale: t.Scale, Iterations: t.Iterations, Dead: make([]bool, len(progs))}, err
		}
	}
	switch {
	case t.Iterations <= 0:
		trial, err = NewTrialFrom(ctx, r, b.Settings.Profile, t.Scale, t.Hint, progs...)
	case kept != nil:
		trial = NewTrialReused(r, b.Settings.Profile, t.Scale, t.Iterations, kept, progs...)
	default:
		trial, err = NewTrialAt(ctx, r, b.Settings.Profile, t.Scale, t.Iterations, progs...)
	}
	trial.Shuffle = ShuffleFor(t.ID)
	return trial, err
}

// stillHold runs code before twice more and gives back its kept runs when
// the cheaper of the two costs what they did: within their range, widened
// on each side by the range itself (at least by the profile's Width of
// their median). Two, because a program's first run after a pause costs
// more than the warmed-up runs that were kept. A cost past that says the
// machine is not the one that took them (a load came or went since
// validation, or the task validated beside this one is gone), and kept
// runs set beside code after's runs of now would bias every ratio: then
// it gives nil and the trial runs code before again. A run that is not
// ok, or prints another digest, never lets them stand.
func (b *Bench) stillHold(ctx context.Context, r Runner, t Task, before lang.Program, kept []Run) ([]Run, error) {
	costs, walls := make([]time.Duration, len(kept)), make([]time.Duration, len(kept))
	for i, k := range kept {
		costs[i], walls[i] = k.Cost(), k.Wall
	}
	lo, hi := slices.Min(costs), slices.Max(costs)
	slack := max(hi-lo, time.Duration(b.Settings.Profile.Width*float64(Median(costs))))
	r.Timeout = b.Settings.Profile.RunTimeout(Median(walls))
	var now time.Duration
	ok := true
	for i := range 2 {
		res, err := r.Run(ctx, before, t.Iterations, t.Scale)
		if err != nil {
			return nil, err
		}
		if res.Status != table.StatusOK || res.Digest != kept[0].Digest {
			ok = false
			break
		}
		if i == 0 || res.Cost() < now {
			now = res.Cost()
		}
	}
	if ok && now >= lo-slack && now <= hi+slack {
		return kept, nil
	}
	cost := "a run of it is not ok"
	if ok {
		cost = "a run costs " + now.Round(time.Microsecond).String()
	}
	b.logf("%s: %s: code before's runs kept by validation do not hold now (%s, they cost %v to %v): measuring it again",
		b.stage, t.ID, cost, lo.Round(time.Microsecond), hi.Round(time.Microsecond))
	return nil, nil
}

// WaitForCPUs is the one rule for a wall-time task's CPUs: its figures
// hold only while the machine gives its runs all of them. A probe
// (Parallelism) looks at the CPUs runs of r may use (RunCPUs: its own, or
// every CPU this process may run on when unpinned); when it finds them
// taken, the task waits up to the settings' CPUWait for them. given says
// whether they came, par is what the last probe found. A CPU-time runner,
// or one of fewer than two CPUs, has nothing to wait for.
func (b *Bench) WaitForCPUs(ctx context.Context, r Runner, task string) (par float64, given bool, err error) {
	cpus := RunCPUs(r)
	k := len(cpus)
	if r.Kind != table.CostWall || k < 2 {
		return float64(max(k, 1)), true, nil
	}
	if par, err = Parallelism(ctx, cpus); err != nil || Given(par, k) {
		return par, err == nil, err
	}
	wait := cmp.Or(b.Settings.CPUWait, DefaultCPUWait)
	b.logf("%s: %s: its %d CPUs give only %.2fx to a probe: waiting up to %v for them", b.stage, task, k, par, wait.Round(time.Second))
	if par, err = WaitForCPUs(ctx, cpus, wait); err != nil {
		return par, false, err
	}
	return par, Given(par, k), nil
}

// RunCPUs is the CPUs a run of r may use: its pinned set, or every CPU
// this process may run on when unpinned.
func RunCPUs(r Runner) []int {
	if len(r.CPUs) > 0 {
		return r.CPUs
	}
	cpus, _ := AllowedCPUs()
	return cpus
}

// Warm runs the warm-up round: every live program once, in order, but
// code before, whose Ref run was its warm-up. each sees every run.
func (t *Trial) Warm(ctx context.Context, each func(i int, res Result, started time.Time) error) error {
	warm := make([]bool, len(t.Progs))
	for i := range warm {
		warm[i] = i > 0
	}
	return t.RoundOf(ctx, warm, each)
}

// Repeat runs n counted rounds of the live programs that which marks (all
// when nil), each round in an order of its own when the trial shuffles.
// Every run's cost is added to Costs; each sees every run with the index
// of its round.
func (t *Trial) Repeat(ctx context.Context, n int, which []bool, each func(i, round int, res Result, started time.Time) error) error {
	if t.Costs == nil {
		t.Costs = make([][]time.Duration, len(t.Progs))
	}
	for range n {
		round := t.Rounds
		err := t.RoundOf(ctx, which, func(i int, res Result, started time.Time) error {
			t.Costs[i] = append(t.Costs[i], res.Cost())
			return each(i, round, res, started)
		})
		t.Rounds++
		if err != nil {
			return err
		}
	}
	return nil
}

// Measure runs the profile's repeats and then, while the median of a
// program other than code before is less precise than the profile's
// Width (the adaptive rule), more rounds, up to MaxRepeats in all. An
// extra round runs the imprecise programs and code after, the reference
// every program is held against, so that they share the same stretch of
// the machine's time. Code before, the slowest program, runs in it only
// while its own median is imprecise and its interval still meets code
// after's: every verdict but "code before is slower than code after"
// holds a program against code after, and a generation's recovered
// speedup, t(after)/t(gen), does not divide by it; once the two intervals
// are apart, more runs of code before (a median's interval from 6 to 8
// runs is their whole range) would change nothing the report decides.
func (t *Trial) Measure(ctx context.Context, p Profile, each func(i, round int, res Result, started time.Time) error) error {
	if err := t.Repeat(ctx, p.Repeats, nil, each); err != nil {
		return err
	}
	for t.Rounds < p.MaxRepeats {
		which := make([]bool, len(t.Progs))
		wide := false
		for i := 1; i < len(t.Progs); i++ {
			which[i] = !t.Dead[i] && Width(t.Costs[i]) > p.Width
			wide = wide || which[i]
		}
		if !wide {
			return nil
		}
		which[0] = t.runs(0, nil) && Width(t.Costs[0]) > p.Width && !Apart(t.Costs[0], t.Costs[1])
		if len(which) > 1 {
			which[1] = true
		}
		if err := t.Repeat(ctx, 1, which, each); err != nil {
			return err
		}
	}
	return nil
}

// NewBench sets up a stage's bench under s: builds cached under
// s.CacheDir, the sandbox kept in s.CacheDir/sandbox, CPU-time runs pinned
// to s.CPU and wall-time runs to the profile's k CPUs (WallCPUs), under
// the profile's limits. It logs, as "<stage>: sandbox: ...", how runs are
// isolated here, and says so when the machine has fewer CPUs than k; with
// s.RequireSandbox, a sandbox that lacks a layer is an error.
func NewBench(ctx context.Context, stage string, s Settings, log io.Writer) (*Bench, error) {
	p := s.Profile
	b := &Bench{Settings: s, stage: stage, log: log}
	runner, iso, err := SandboxedRunner(ctx, filepath.Join(s.CacheDir, "sandbox"), s.CPU, p, s.RequireSandbox)
	if iso != "" {
		b.logf("%s: sandbox: %s", stage, iso)
	}
	if err != nil {
		return nil, err
	}
	wall, allowed, err := WallCPUs(s.CPU, max(1, p.CPUs))
	if err != nil {
		return nil, err
	}
	if wall != nil && len(wall) < p.CPUs {
		b.logf("%s: wall-time tasks run on %d CPUs, not the %d the profile asks for: this machine lets perfcon use %d",
			stage, len(wall), p.CPUs, allowed)
	}
	b.Runner, b.Wall = runner, wall
	b.Builder = &lang.Builder{CacheDir: s.CacheDir, Sandbox: runner.Sandbox}
	return b, nil
}

func (b *Bench) logf(format string, args ...any) {
	if b.log != nil {
		fmt.Fprintf(b.log, format+"\n", args...)
	}
}

// Split gives n benches for CPU-time tasks run at once, each pinned to a
// CPU of its own: this bench's and the highest others this process may run
// on. There are fewer when there are fewer CPUs, and only this bench when
// its runs are unpinned. They share the sandbox and the builder; a
// wall-time task, which needs the CPUs to itself, runs alone, on this one.
func (b *Bench) Split(n int) []*Bench {
	out := []*Bench{b}
	if n < 2 || len(b.Runner.CPUs) != 1 {
		return out
	}
	allowed, err := AllowedCPUs()
	if err != nil {
		return out
	}
	for i := len(allowed) - 1; i >= 0 && len(out) < n; i-- {
		if allowed[i] == b.Runner.CPUs[0] {
			continue
		}
		c := *b
		c.Runner.CPUs = []int{allowed[i]}
		out = append(out, &c)
	}
	return out
}

// Schedule runs tasks 0 to n-1 by do: the CPU-time ones (cpu says which)
// jobs at a time, each on a bench of Split(jobs), pinned to a CPU of its
// own; then the others, which need the CPUs to themselves, one at a time
// on this bench. The first error stops it.
func (b *Bench) Schedule(ctx context.Context, jobs, n int, cpu func(i int) bool, do func(ctx context.Context, b *Bench, i int) error) error {
	benches := b.Split(jobs)
	var shared, alone []int
	for i := range n {
		if len(benches) > 1 && cpu(i) {
			shared = append(shared, i)
		} else {
			alone = append(alone, i)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan int)
	for _, w := range benches {
		g.Go(func() error {
			for i := range next {
				if err := do(gctx, w, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		defer close(next)
		for _, i := range shared {
			select {
			case next <- i:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		return err
	}
	for _, i := range alone {
		if err := do(ctx, b, i); err != nil {
			return err
		}
	}
	return nil
}

// Job is the build of code as a program of c's task: the file of its own
// that e's harness builds with, or, for a repository task, the tree it
// runs in: the parent's for code before, the commit's for code after, and
// the parent's with the function replaced by code for any other code (a
// generation). Code is told apart by its text, as measure tells variants.
// The repositories are the settings' (nil: repo.Default()).
func (b *Bench) Job(ctx context.Context, c table.Change, e table.Executable, code string) (lang.Job, error) {
	a, ok := lang.Lookup(e.Language)
	if !ok {
		return lang.Job{}, fmt.Errorf("no adapter for language %q", e.Language)
	}
	if e.RepoURL == "" {
		return lang.Job{Adapter: a, Code: lang.Source(e.Language, e.Prelude, code), Harness: e.Harness}, nil
	}
	repos := cmp.Or(b.Settings.Repos, repo.Default())
	t := lang.Tree{File: c.FilePath, Symbol: c.Symbol, Sources: e.Sources, IncludeDirs: e.IncludeDirs,
		Flags: e.BuildFlags, PythonPath: e.PythonPath, Commit: c.ParentSHA}
	switch {
	case code == c.CodeBefore:
	case code == c.CodeAfter:
		t.Commit = c.CommitSHA
	case sameButComments(e.Language, code, c.CodeAfter):
		// Code after with comment lines of its own (the twin control)
		// is code after: it runs where code after runs, spliced into
		// the commit's file, whatever else the commit changed.
		t.Commit, t.Splice = c.CommitSHA, &code
	default:
		t.Splice = &code
	}
	dir, err := repos.Tree(ctx, e.RepoURL, t.Commit)
	if err != nil {
		return lang.Job{}, fmt.Errorf("task %s: %w", c.TaskID, err)
	}
	t.Dir = dir
	if e.Language == "go" {
		if t.GoModCache, err = repos.GoModules(ctx, dir); err != nil {
			return lang.Job{}, fmt.Errorf("task %s: %w", c.TaskID, err)
		}
	}
	return lang.Job{Adapter: a, Harness: e.Harness, Tree: &t}, nil
}

// sameButComments says whether a and b are the same code but for lines
// that hold only a comment ("#" in Python, "//" otherwise), blank lines
// and trailing spaces.
func sameButComments(language, a, b string) bool {
	mark := "//"
	if language == "python" {
		mark = "#"
	}
	strip := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			l = strings.TrimRight(l, " \t\r")
			if t := strings.TrimSpace(l); t == "" || strings.HasPrefix(t, mark) {
				continue
			}
			out = append(out, l)
		}
		return out
	}
	return slices.Equal(strip(a), strip(b))
}

// Build builds code as a program of c's task (Job), unless it is cached:
// a *lang.BuildError means the code does not build.
func (b *Bench) Build(ctx context.Context, c table.Change, e table.Executable, code string) (lang.Program, error) {
	j, err := b.Job(ctx, c, e, code)
	if err != nil {
		return lang.Program{}, err
	}
	return b.Builder.BuildJob(ctx, j)
}

// Jobs are the Jobs of codes, in order.
func (b *Bench) Jobs(ctx context.Context, c table.Change, e table.Executable, codes ...string) ([]lang.Job, error) {
	jobs := make([]lang.Job, 0, len(codes))
	for _, code := range codes {
		j, err := b.Job(ctx, c, e, code)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}
