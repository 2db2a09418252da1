package generations

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/perfcon/perfcon/internal/calls"
	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
)

// Options for the stage.
type Options struct {
	Commits      string // input table
	Descriptions string // input table; chains add their rounds to it
	Out          string // generations table
	// Models generate code. Each generates from its own descriptions (the
	// self-consistency pairing), or, with Describers, from the
	// descriptions of each of those models (cross pairs).
	Models     []llm.Model
	Describers []string
	// Rounds > 1 makes IdentityChain chains: in round r+1 each model
	// describes the change from code before to its own round-r
	// generation, without the commit message, and generates again from
	// that description. The descriptions of rounds 2 and on are written
	// to the Descriptions table, replacing the models' earlier ones.
	Rounds int
	// Sampling set here overrides each model's defaults; samples follow
	// the descriptions, one generation each. A chain's descriptions take
	// its temperature and the describe stage's other defaults.
	Sampling llm.Sampling
	Cache    *llm.Cache // nil: no cache
	Refresh  bool       // ask again even when cached
	// Shard, unless whole, generates only for that shard of the commits'
	// tasks, writing Out as its part; Merge puts the parts together.
	// Chains (Rounds > 1) rewrite the descriptions table and run whole.
	Shard shard.Spec
	// Tasks, when set, generates only for the tasks it selects.
	Tasks dataset.Selection
	// Replace writes a table of this run's rows alone. Otherwise the rows
	// of other models (and other describers' pairs), and of tasks Tasks
	// leaves out, are kept.
	Replace bool
	// AllowTruncated generates from descriptions that were cut short
	// too; otherwise their generations are rows with the reason.
	AllowTruncated bool
	Log            io.Writer
	Progress       io.Writer // a terminal gets a progress bar
}

// Merge puts the n shards' parts of the generations table at out
// together, checking that every shard wrote its part and each task is in
// one, and writes them in place of the rows of the pairs (model and
// describer) they hold.
func Merge(commitsPath, out string, n int) (int, error) {
	return calls.MergeShards(commitsPath, out, n, func(g table.Generation) (string, string) {
		return g.TaskID, g.Model + "\x00" + g.Describer
	})
}

// Defaults apply where neither the stage nor the model says.
var Defaults = calls.GenerateDefaults

// Run generates code for every round-1 description of the paired
// describers, then runs the chains' further rounds, concurrently and
// through the cache. A failed call becomes a row with its error; a stopped
// stage loses no answered call.
func Run(ctx context.Context, opts Options) error {
	opts.Cache.Preload()
	g, descs, err := prepare(opts)
	if err != nil {
		return err
	}
	// Round 1: each description once; generate pairs it with its models.
	var round []table.Description
	for _, d := range descs {
		if d.Round == 1 && opts.Tasks.Has(d.TaskID) && slices.ContainsFunc(opts.Models, func(m llm.Model) bool { return g.pairs(m, d.Model) }) {
			round = append(round, d)
		}
	}
	gens, err := g.generate(ctx, round, "generate")
	if err != nil {
		return err
	}

	// Chains: describe each generation of the last round against code
	// before, then generate from that.
	models := map[string]llm.Model{}
	for _, m := range opts.Models {
		models[m.Name()] = m
	}
	var chained []table.Description
	last := gens
	for r := 2; r <= max(opts.Rounds, 1); r++ {
		label := fmt.Sprintf("round %d", r)
		round, err := g.describe(ctx, models, last, r, label+": describe")
		if err != nil {
			return err
		}
		chained = append(chained, round...)
		if last, err = g.generate(ctx, round, label+": generate"); err != nil {
			return err
		}
		gens = append(gens, last...)
	}
	return g.write(opts, descs, chained, gens, round, models)
}

// prepare reads and checks the input tables: the generator, and the
// descriptions to generate from (a shard's own).
func prepare(opts Options) (*generator, []table.Description, error) {
	var commits []table.Change
	var descs []table.Description
	var read errgroup.Group
	read.Go(func() (err error) {
		commits, err = table.ReadFile[table.Change](opts.Commits)
		return err
	})
	read.Go(func() (err error) {
		descs, err = table.ReadFile[table.Description](opts.Descriptions)
		return err
	})
	if err := read.Wait(); err != nil {
		return nil, nil, err
	}
	rounds := max(opts.Rounds, 1)
	if rounds > 1 && !opts.Shard.Whole() {
		return nil, nil, fmt.Errorf("chains (--rounds %d) rewrite the descriptions table: run them whole, not in shards", rounds)
	}
	if rounds > 1 && len(opts.Describers) > 0 {
		return nil, nil, fmt.Errorf("a chain pairs each model with itself: --rounds %d and --describer don't go together", rounds)
	}
	ids := make([]string, len(commits))
	for i, c := range commits {
		ids[i] = c.TaskID
	}
	if err := opts.Tasks.Check(ids, opts.Commits); err != nil {
		return nil, nil, err
	}
	byTask := make(map[string]table.Change, len(commits))
	for _, c := range commits {
		byTask[c.TaskID] = c
	}
	described := map[string]bool{}
	for _, d := range descs {
		if _, ok := byTask[d.TaskID]; !ok {
			return nil, nil, fmt.Errorf("%s: task %q is not in %s", opts.Descriptions, d.TaskID, opts.Commits)
		}
		described[d.Model] = true
	}
	if !opts.Shard.Whole() {
		ids := make([]string, len(commits))
		for i, c := range commits {
			ids[i] = c.TaskID
		}
		mine := opts.Shard.Set(ids)
		descs = slices.DeleteFunc(descs, func(d table.Description) bool { return !mine[d.TaskID] })
	}
	g := &generator{opts: opts, byTask: byTask}
	for _, m := range opts.Models {
		for _, who := range g.describers(m) {
			if !described[who] {
				return nil, nil, fmt.Errorf("%s has no descriptions by %s: run describe with that model first", opts.Descriptions, who)
			}
		}
	}
	return g, descs, nil
}

// write writes the chains' descriptions and the generations, and logs
// what the run did; the error says when every call failed.
func (g *generator) write(opts Options, descs, chained []table.Description, gens []table.Generation, round []table.Description, models map[string]llm.Model) error {
	// The descriptions table keeps round 1 and other models' (and
	// other tasks') chains.
	kept := slices.DeleteFunc(slices.Clone(descs), func(d table.Description) bool {
		return d.Round > 1 && models[d.Model] != nil && opts.Tasks.Has(d.TaskID)
	})
	if len(chained) > 0 || len(kept) < len(descs) {
		if err := table.WriteFile(opts.Descriptions, append(kept, chained...)); err != nil {
			return err
		}
	}
	// A shard's part holds its run's rows alone; the merge keeps the rest.
	keptGens, err := calls.Write(opts.Out, gens, opts.Replace || !opts.Shard.Whole(), func(r table.Generation) bool {
		m := models[r.Model]
		return m != nil && g.pairs(m, r.Describer) && opts.Tasks.Has(r.TaskID)
	})
	if err != nil {
		return err
	}
	errOf := func(g table.Generation) string { return g.Error }
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "generations: %s%s; %s -> %s\n", llm.RowCount(gens, errOf), calls.Kept(keptGens), g.stats, opts.Out)
		calls.WriteReceipt(opts.Log, "generate", calls.Receipt(gens, calls.GenerationUsage))
		if cut := countCut(round); cut > 0 && !opts.AllowTruncated {
			fmt.Fprintf(opts.Log, "generate: %d descriptions were cut short and not generated from (their rows say why): describe again with a larger --max-tokens, or generate with --allow-truncated\n", cut)
		}
	}
	return llm.AllFailed("generate", gens, errOf)
}

// countCut counts the descriptions of round that were cut short.
func countCut(round []table.Description) int {
	n := 0
	for _, d := range round {
		if d.Truncated && d.Error == "" {
			n++
		}
	}
	return n
}

// generator makes the calls of one stage run.
type generator struct {
	opts   Options
	byTask map[string]table.Change
	stats  llm.Stats
}

// describers are the models whose descriptions m generates from: its
// own, or those of Options.Describers (cross pairs).
func (g *generator) describers(m llm.Model) []string {
	if len(g.opts.Describers) > 0 {
		return g.opts.Describers
	}
	return []string{m.Name()}
}

// pairs says whether m generates from the descriptions of describer.
func (g *generator) pairs(m llm.Model, describer string) bool {
	return slices.Contains(g.describers(m), describer)
}

// log reports one step of a chain.
func (g *generator) log(label string, stats llm.Stats) {
	g.stats.Add(stats)
	if g.opts.Log != nil && g.opts.Rounds > 1 {
		fmt.Fprintf(g.opts.Log, "%s: %s\n", label, stats)
	}
}

func (g *generator) caller(label string) *llm.Caller {
	return &llm.Caller{Cache: g.opts.Cache, Refresh: g.opts.Refresh, Progress: g.opts.Progress, Label: label}
}

func stopped(label string, stats llm.Stats, n int, err error) error {
	return fmt.Errorf("%s stopped after %d of %d calls (their answers are cached): %w", label, stats.Calls, n, err)
}

// generate asks for one generation per description, each by the models
// paired with its describer.
func (g *generator) generate(ctx context.Context, descs []table.Description, label string) ([]table.Generation, error) {
	type ask struct {
		m llm.Model
		s llm.Sampling
		d *table.Description
	}
	var asks []ask
	for _, m := range g.opts.Models {
		s := llm.Settings(m, g.opts.Sampling, Defaults)
		for i, d := range descs {
			if g.pairs(m, d.Model) {
				asks = append(asks, ask{m, s, &descs[i]})
			}
		}
	}
	batch := calls.NewBatch(len(asks), func(i int) (table.Generation, *llm.Call) {
		a := asks[i]
		return calls.Generate(a.m, a.s, g.byTask[a.d.TaskID], *a.d, g.opts.AllowTruncated)
	})
	stats, err := batch.Run(ctx, g.caller(label), func(row *table.Generation, res llm.Result) {
		c := g.byTask[row.TaskID]
		calls.RecordGeneration(row, c, res)
		flagCaching(row, c)
	})
	g.log(label, stats)
	if err != nil {
		return nil, stopped(label, stats, batch.Calls(), err)
	}
	return batch.Rows, nil
}

// flagCaching marks a generation whose code keeps results across calls
// where the task's code before did not: a benchmark that calls the
// function again and again would time its cache. The report shows the
// speedups of these generations apart; the flag judges nothing.
func flagCaching(row *table.Generation, c table.Change) {
	if row.Code == "" {
		return
	}
	if added := source.AddsCaching(c.Language, c.CodeBefore, row.Code); len(added) > 0 {
		row.AddsCaching, row.Caching = true, strings.Join(added, ", ")
	}
}

// describe asks each generation's model to describe the change from code
// before to that generation, without the commit message: round r of a
// chain. A generation with no code ends its chain with an error row.
func (g *generator) describe(ctx context.Context, models map[string]llm.Model, gens []table.Generation, r int, label string) ([]table.Description, error) {
	batch := calls.NewBatch(len(gens), func(i int) (table.Description, *llm.Call) {
		gen := gens[i]
		m := models[gen.Model]
		task := llm.TaskOf(g.byTask[gen.TaskID])
		task.Message, task.CodeAfter = "", gen.Code
		s := llm.Settings(m, llm.Sampling{Temperature: g.opts.Sampling.Temperature}, calls.DescribeDefaults)
		row, call := calls.Describe(m, s, task, r, int(gen.Sample))
		if gen.Code == "" {
			row.Error = fmt.Sprintf("round %d gave no code: %s", r-1, cmp.Or(gen.Error, "extract_status "+gen.ExtractStatus))
			return row, nil
		}
		return row, call
	})
	stats, err := batch.Run(ctx, g.caller(label), calls.RecordDescription)
	g.log(label, stats)
	if err != nil {
		return nil, stopped(label, stats, batch.Calls(), err)
	}
	return batch.Rows, nil
}
