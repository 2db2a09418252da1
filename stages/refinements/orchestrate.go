package refinements

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/stats"
	"github.com/perfcon/perfcon/internal/table"
)

// OrchestrateOptions say what orchestrate reads, which models it routes
// among, and where it writes.
type OrchestrateOptions struct {
	// Common.Out is the refinements table: refine's chains are read
	// from it and the routed ones written. Models are the candidates:
	// each must have refine chains (at least their step 0) on the
	// training tasks to be ranked.
	Common
	Routes, Splits string // tables written
	// Steps is the number of fix or optimise steps after the routed
	// generation.
	Steps int
	// Salt names the split (DefaultSalt unless changed).
	Salt string
}

// DefaultSalt names the documented split.
const DefaultSalt = "perfcon"

// Sides of the split.
const (
	SideTrain = "train"
	SideTest  = "test"
)

// SplitTasks splits tasks into train and test within each language ×
// category: the cell's tasks are ordered by the SHA-256 of salt, a NUL
// byte and the task id (as hex), and the 2nd, 4th, ... are held out for
// test. A cell of one task trains only. The same salt gives the same
// split whatever other tasks there are in other cells.
func SplitTasks(tasks []table.Change, salt string) []table.Split {
	type keyed struct {
		c   table.Change
		key string
	}
	cells := map[[2]string][]keyed{}
	for _, c := range tasks {
		sum := sha256.Sum256([]byte(salt + "\x00" + c.TaskID))
		k := [2]string{c.Language, c.Category}
		cells[k] = append(cells[k], keyed{c, hex.EncodeToString(sum[:])})
	}
	var out []table.Split
	for _, ts := range cells {
		slices.SortFunc(ts, func(a, b keyed) int { return cmp.Compare(a.key, b.key) })
		for i, t := range ts {
			side := SideTrain
			if i%2 == 1 {
				side = SideTest
			}
			out = append(out, table.Split{TaskID: t.c.TaskID, Language: t.c.Language, Category: t.c.Category, Side: side, Salt: salt})
		}
	}
	slices.SortFunc(out, func(a, b table.Split) int { return cmp.Compare(a.TaskID, b.TaskID) })
	return out
}

// Orchestrate runs PerfOrch's routed pipeline on the held-out tasks.
// From the refine chains of the training tasks it ranks the candidate
// models per language × category for each kind of step (Routes); then,
// on each held-out task, the model ranked first for generate gives the
// code (its round-1 generations, one chain each), and each further step
// goes to the model ranked first for fix (while the chain has no correct
// step) or optimise (once it has), with refine's rollback: a step that
// breaks correctness or is not faster is kept as a row, not as the
// result, and the next starts from the best correct step again.
func Orchestrate(ctx context.Context, opts OrchestrateOptions) (Summary, error) {
	if opts.Steps < 0 {
		return Summary{}, fmt.Errorf("--steps %d: want 0 or more", opts.Steps)
	}
	if len(opts.Models) < 1 {
		return Summary{}, fmt.Errorf("orchestrate routes among models: name at least one with --model")
	}
	in, err := load(opts.Commits, opts.Executables, opts.Descriptions, opts.Generations, opts.Out)
	if err != nil {
		return Summary{}, err
	}
	models := map[string]llm.Model{}
	for _, m := range opts.Models {
		models[m.Name()] = m
	}
	var tasks []table.Change
	for _, id := range in.order {
		if in.study(id) {
			tasks = append(tasks, in.commits[id])
		}
	}
	salt := cmp.Or(opts.Salt, DefaultSalt)
	split := SplitTasks(tasks, salt)
	side := map[string]string{}
	for _, s := range split {
		side[s.TaskID] = s.Side
	}
	routes, err := learn(in, tasks, side, models, salt)
	if err != nil {
		return Summary{}, err
	}
	if err := table.WriteFile(opts.Splits, split); err != nil {
		return Summary{}, err
	}
	if err := table.WriteFile(opts.Routes, routes); err != nil {
		return Summary{}, err
	}
	first := map[[3]string]string{} // language, category, kind -> model
	for _, r := range routes {
		if r.Rank == 1 {
			first[[3]string{r.Language, r.Category, r.StepKind}] = r.Model
		}
	}
	var chains []*chain
	for _, g := range in.gens {
		c := in.commits[g.TaskID]
		if side[g.TaskID] != SideTest || g.Round != 1 || g.Describer != g.Model ||
			g.Model != first[[3]string{c.Language, c.Category, table.StepGenerate}] {
			continue
		}
		// A step an earlier run routed elsewhere (other candidates, or
		// another split) is made again.
		routed := func(r table.Refinement) bool {
			return r.Step == 0 || r.StepModel == first[[3]string{c.Language, c.Category, r.StepKind}]
		}
		chains = append(chains, in.chain(table.PipelineRouted, table.PipelineRouted, g, routed))
	}
	e := &engine{in: in, opts: opts.Common, rounds: opts.Steps, label: "orchestrate",
		pick: func(ch *chain, kind string) llm.Model {
			c := in.commits[ch.task]
			return models[first[[3]string{c.Language, c.Category, kind}]]
		}}
	tests := 0
	for _, s := range split {
		if s.Side == SideTest {
			tests++
		}
	}
	e.logf("orchestrate: split %q: %d tasks train, %d test; routes -> %s", salt, len(split)-tests, tests, opts.Routes)
	return e.run(ctx, chains, func(r table.Refinement) bool { return r.Pipeline != table.PipelineRouted })
}

// Scopes of a ranking, narrowest first.
const (
	ScopeCell     = "language×category"
	ScopeLanguage = "language"
	ScopeAll      = "all"
	// ScopeGenerate marks a fix or optimise ranking that, with no such
	// steps among the training chains, is the generate ranking.
	ScopeGenerate = "generate ranking"
)

// learn ranks the models for every language × category of the study and
// every kind of step, from the refine chains of the training tasks:
//
//   - generate: the share of step-0 generations that are correct and at
//     least 0.95 times as fast as code after in their feedback runs;
//     ties broken by the median of speedup over code after's speedup.
//   - fix: the share of fix steps that made the code correct; ties by
//     the median of the same ratio among those.
//   - optimise: the share of optimise steps that came out correct and
//     faster than their parent; ties by the median of speedup over the
//     parent's among the correct ones.
//
// A cell with no such steps on its training tasks is ranked from its
// language's, and then from every training task's.
func learn(in *inputs, tasks []table.Change, side map[string]string, models map[string]llm.Model, salt string) ([]table.Route, error) {
	byKind := observe(in, side, models)
	if len(byKind[table.StepGenerate]) == 0 {
		return nil, fmt.Errorf("no refine chains of the candidate models on the training tasks to learn routes from: run perfcon refine with them first (--rounds 0 runs their generations only)")
	}
	cells := map[[2]string]bool{}
	for _, c := range tasks {
		cells[[2]string{c.Language, c.Category}] = true
	}
	keys := make([][2]string, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	var routes []table.Route
	for _, k := range keys {
		lang, cat := k[0], k[1]
		var generate []table.Route
		for _, kind := range []string{table.StepGenerate, table.StepFix, table.StepOptimise} {
			scopes := []struct {
				name string
				keep func(obs) bool
			}{
				{ScopeCell, func(o obs) bool { return o.language == lang && o.category == cat }},
				{ScopeLanguage, func(o obs) bool { return o.language == lang }},
				{ScopeAll, func(obs) bool { return true }},
			}
			var ranked []table.Route
			scope := ScopeGenerate
			for _, s := range scopes {
				if ranked = rank(byKind[kind], kind, s.keep, salt); len(ranked) > 0 {
					scope = s.name
					break
				}
			}
			if len(ranked) == 0 {
				ranked = slices.Clone(generate)
			}
			for i := range ranked {
				r := &ranked[i]
				r.Language, r.Category, r.StepKind, r.Rank, r.Scope = lang, cat, kind, int32(i+1), scope
			}
			if kind == table.StepGenerate {
				generate = ranked
			}
			routes = append(routes, ranked...)
		}
	}
	return routes, nil
}

// obs is what one refine step of a training task showed.
type obs struct {
	language, category string
	success            bool
	ratio              float64 // NaN when not correct
}

// observe gathers the candidate models' refine steps on the training
// tasks, by kind of step and model.
func observe(in *inputs, side map[string]string, models map[string]llm.Model) map[string]map[string][]obs {
	byKind := map[string]map[string][]obs{}
	parents := map[string]table.Refinement{}
	chainKey := func(r table.Refinement, step int32) string {
		return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d", r.TaskID, r.Model, r.Describer, r.Sample, step)
	}
	for _, r := range in.earlier {
		if r.Pipeline == table.PipelineRefine {
			parents[chainKey(r, r.Step)] = r
		}
	}
	for _, r := range in.earlier {
		if r.Pipeline != table.PipelineRefine || models[r.Model] == nil || side[r.TaskID] != SideTrain {
			continue
		}
		c := in.commits[r.TaskID]
		o := obs{language: c.Language, category: c.Category, ratio: nan}
		ok := r.FeedbackStatus == table.StatusOK
		switch r.StepKind {
		case table.StepGenerate, table.StepFix:
			if ok && *r.FeedbackHumanSpeedup > 0 {
				o.ratio = *r.FeedbackSpeedup / *r.FeedbackHumanSpeedup
			}
			o.success = ok && (r.StepKind == table.StepFix || o.ratio >= 0.95)
		case table.StepOptimise:
			p, found := parents[chainKey(r, derefStep(r.ParentStep))]
			if ok && found && p.FeedbackSpeedup != nil {
				o.ratio = *r.FeedbackSpeedup / *p.FeedbackSpeedup
				// Faster as the chain counts it: beside its parent, by
				// the test (by the ratio in older tables).
				o.success = r.Code != p.Code && faster(&r, &p)
			}
		default:
			continue
		}
		if byKind[r.StepKind] == nil {
			byKind[r.StepKind] = map[string][]obs{}
		}
		byKind[r.StepKind][r.Model] = append(byKind[r.StepKind][r.Model], o)
	}
	return byKind
}

// rank ranks the models by the observations of a kind of step that keep
// selects.
func rank(byModel map[string][]obs, kind string, keep func(obs) bool, salt string) []table.Route {
	var out []table.Route
	for name, all := range byModel {
		var n, hits int
		var ratios []float64
		for _, o := range all {
			if !keep(o) {
				continue
			}
			n++
			if o.success {
				hits++
			}
			if o.ratio == o.ratio { // correct
				ratios = append(ratios, o.ratio)
			}
		}
		if n == 0 {
			continue
		}
		tb := 0.0
		if len(ratios) > 0 {
			_, tb, _ = stats.MedianCI(ratios, 0.95)
		}
		out = append(out, table.Route{StepKind: kind, Model: name, Score: float64(hits) / float64(n), Tiebreak: tb,
			Observations: int32(n), Split: salt})
	}
	slices.SortFunc(out, func(a, b table.Route) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Tiebreak, a.Tiebreak), cmp.Compare(a.Model, b.Model))
	})
	return out
}

var nan = math.NaN()

func derefStep(p *int32) int32 {
	if p == nil {
		return -1
	}
	return *p
}

// Clear removes what Orchestrate wrote: the routed chains from the
// refinements table at out, and the routes and splits tables.
func Clear(out, routes, splits string) error {
	rows, err := table.ReadFile[table.Refinement](out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	default:
		kept := slices.DeleteFunc(rows, func(r table.Refinement) bool { return r.Pipeline == table.PipelineRouted })
		if err := table.WriteFile(out, kept); err != nil {
			return err
		}
	}
	for _, p := range []string{routes, splits} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
