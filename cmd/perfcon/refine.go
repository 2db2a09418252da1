package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/stages/refinements"
)

// chainFlags are the flags refine and orchestrate share.
type chainFlags struct {
	lf                                                   llmFlags
	rf                                                   settingsFlags
	commits, executables, descriptions, generations, out string
}

func (f *chainFlags) register(c *cobra.Command) {
	f.lf.register(c)
	f.rf.register(c)
	c.Flags().StringVar(&f.commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&f.executables, "executables", "", "executables table (default <tables>/executables.parquet)")
	c.Flags().StringVar(&f.descriptions, "descriptions", "", "descriptions table (default <tables>/descriptions.parquet)")
	c.Flags().StringVar(&f.generations, "generations", "", "generations table (default <tables>/generations.parquet)")
	c.Flags().StringVar(&f.out, "out", "", "refinements table, read to resume and rewritten (default <tables>/refinements.parquet)")
}

// common resolves the flags into the stage's options.
func (f *chainFlags) common(cmd *cobra.Command, e *env) (refinements.Common, error) {
	o := refinements.Common{Commits: e.orDefault(f.commits, "commits"), Executables: e.orDefault(f.executables, "executables"),
		Descriptions: e.orDefault(f.descriptions, "descriptions"), Generations: e.orDefault(f.generations, "generations"),
		Out: e.orDefault(f.out, "refinements"), Log: e.stderr, Progress: e.stderr,
		Sampling: f.lf.sampling(cmd), Cache: f.lf.cache(), Refresh: f.lf.refresh}
	var err error
	if o.Tasks, err = selectTasks(f.lf.tasks); err != nil {
		return o, err
	}
	if o.Models, err = f.lf.models(e); err != nil {
		return o, err
	}
	o.Run, err = f.rf.settings()
	return o, err
}

func refineCommand(e *env) *cobra.Command {
	var o refinements.Options
	var cf chainFlags
	c := &cobra.Command{
		Use:   "refine",
		Short: "Improve each generation with feedback from running it (PerfCodeGen)",
		Long: `refine runs each model's round-1 generations (from its own descriptions)
beside code before and after on the task's workload (step 0), and then,
for --rounds steps, sends each chain's code back to its model with what
the run showed:

  wrong (build error, crash, timeout, out of memory, or output unlike
  code before's): the compiler or runtime error, or the workload's scale
  with the expected and actual output digest; the model is asked to
  reflect and fix it (prompt refine-fix-v1);
  correct: its CPU time against code before's; the model is asked for a
  faster equivalent (prompt refine-optimise-v1).

A step that is wrong or not faster than the chain's best correct step is
kept as a row, but the chain's result (result_step) stays the best, and
the next step starts from it again, told what became of the last. Faster
is a test, not a ratio of noisy medians: the step runs beside the best in
one feedback trial, and the one-sided Mann-Whitney p-value that it costs
less (feedback_faster_p) must be under 0.05. Every step is a row of the
refinements table, tied to its parent (parent_step), with its feedback.

The feedback runs are short (one warm-up and the profile's repeats, at
least five, interleaved, at the iterations validation calibrated) and only steer the
chains; perfcon measure measures every step's code with the rest of its
task, and the report's numbers come from those runs.

The table is written after every task's feedback runs and answers are
cached as in generate, so a stopped refine, run again, asks nothing it had
an answer for and runs nothing it had run. --rounds 0 runs the one-shot
generations only (what orchestrate learns its generate ranking from).`,
		Example: `  perfcon refine --model identity --model oracle --rounds 2
  perfcon refine --models models.toml --model codeqwen1.5-7b-chat --rounds 4`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.Common, err = cf.common(cmd, e); err != nil {
				return err
			}
			_, err = refinements.Refine(cmd.Context(), o)
			return err
		},
	}
	cf.register(c)
	cf.lf.registerRows(c, false)
	c.Flags().IntVar(&o.Rounds, "rounds", 2, "refinement steps after the one-shot generation")
	return c
}

func orchestrateCommand(e *env) *cobra.Command {
	var o refinements.OrchestrateOptions
	var cf chainFlags
	var clear bool
	c := &cobra.Command{
		Use:   "orchestrate",
		Short: "Route each step to the model ranked best for its language and category (PerfOrch)",
		Long: fmt.Sprintf(`orchestrate splits the tasks into a training and a held-out half, learns
from refine's chains on the training half which of the --model candidates
does each kind of step best per language × category, and runs the routed
pipeline on the held-out half:

  generate: the model ranked first gives its round-1 generations, one
  chain each; ranked by the share of its step-0 code that is correct and
  at least 0.95 times as fast as code after in the feedback runs (ties:
  the median of its speedup over code after's);
  fix: while a chain has no correct step, the model ranked first for fix
  gets the latest code and its failure; ranked by the share of its fix
  steps that came out correct;
  optimise: once the chain has a correct step, the model ranked first for
  optimise gets the best one and its cost; ranked by the share of its
  optimise steps that came out correct and faster than their parent.

A step that breaks correctness or is not faster is rolled back: kept as a
row, not as the chain's result, and the next step starts from the best
correct step again, as in refine. A cell with no such steps among its
training tasks is ranked from its language's training tasks, then from
all of them (the scope column says which).

The split is fixed and documented: within each language × category, tasks
are ordered by the SHA-256 of the salt, a NUL byte and the task id (in
hex), and the 2nd, 4th, ... are held out; a cell of one task only trains.
--split names another salt (default %q). No task is routed by its own
result. The ranking goes to the routes table, the split to the splits
table, and the routed chains to the refinements table (pipeline routed,
model routed, step_model the model that answered); run perfcon refine with
the same models first. --clear removes all three instead.`, refinements.DefaultSalt),
		Example: `  perfcon refine --model identity --model oracle --rounds 1
  perfcon orchestrate --model identity --model oracle --steps 2
  perfcon orchestrate --models models.toml --model a --model b --model c --split 2026`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Routes, o.Splits = e.orDefault(o.Routes, "routes"), e.orDefault(o.Splits, "splits")
			if clear {
				return refinements.Clear(e.orDefault(cf.out, "refinements"), o.Routes, o.Splits)
			}
			var err error
			if o.Common, err = cf.common(cmd, e); err != nil {
				return err
			}
			_, err = refinements.Orchestrate(cmd.Context(), o)
			return err
		},
	}
	cf.register(c)
	c.Flags().IntVar(&o.Steps, "steps", 2, "fix or optimise steps after the routed generation")
	c.Flags().StringVar(&o.Salt, "split", refinements.DefaultSalt, "salt of the train/test split")
	c.Flags().BoolVar(&clear, "clear", false, "remove the routed chains, routes and splits instead")
	c.Flags().StringVar(&o.Routes, "routes", "", "routes table written (default <tables>/routes.parquet)")
	c.Flags().StringVar(&o.Splits, "splits", "", "splits table written (default <tables>/splits.parquet)")
	return c
}
