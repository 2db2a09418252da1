package main

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/commits"
	"github.com/perfcon/perfcon/stages/descriptions"
	"github.com/perfcon/perfcon/stages/executables"
	"github.com/perfcon/perfcon/stages/generations"
	"github.com/perfcon/perfcon/stages/measurements"
)

func commitsCommand(e *env) *cobra.Command {
	var dataset, out string
	var tasks []string
	c := &cobra.Command{
		Use:   "commits",
		Short: "Write the commits table from a task set",
		Long: `commits reads a task set (a folder with one folder per task: task.toml,
message.txt, before, after and harness files; see datasets/README.md) and
writes one commits row per task, with the unified patch computed from code
before and after.

commits mine makes the same table from git histories (performance commits,
one row per changed function), and commits import from other studies'
files (JSON Lines, CSV, Parquet).`,
		Example: "  perfcon commits --dataset datasets/core",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sel, err := selectTasks(tasks)
			if err != nil {
				return err
			}
			return commits.Run(cmd.Context(), commits.Options{Dataset: dataset, Out: e.orDefault(out, "commits"), Tasks: sel, Log: e.stderr})
		},
	}
	c.Flags().StringVar(&dataset, "dataset", "datasets/core", "task set folder")
	c.Flags().StringVar(&out, "out", "", "commits table (default <tables>/commits.parquet)")
	registerTasks(c, &tasks)
	c.AddCommand(mineCommand(e), importCommand(e), learnCommand(e), evaluateCommand(e))
	return c
}

func executablesCommand(e *env) *cobra.Command {
	var dataset, out, commitsTable string
	var tasks []string
	c := &cobra.Command{
		Use:   "executables",
		Short: "Write the executables table (harnesses) from a task set",
		Long: `executables reads the harness of every task in a task set and writes the
executables table: language, harness source, entry point, workload scale,
review status and validation state.`,
		Example: "  perfcon executables --dataset datasets/core",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sel, err := selectTasks(tasks)
			if err != nil {
				return err
			}
			return executables.Run(cmd.Context(), executables.Options{Dataset: dataset, Commits: commitsTable, Reviews: e.table("reviews"),
				Drafts: e.table("drafts"), Out: e.orDefault(out, "executables"), Tasks: sel, Log: e.stderr})
		},
	}
	c.Flags().StringVar(&dataset, "dataset", "datasets/core", "task set folder")
	c.Flags().StringVar(&commitsTable, "commits", "", "only the tasks of this commits table (mined or imported commits have no task folder, and no executable yet)")
	c.Flags().StringVar(&out, "out", "", "executables table (default <tables>/executables.parquet)")
	registerTasks(c, &tasks)
	c.AddCommand(validateCommand(e), reviewCommand(e), draftCommand(e), scaffoldCommand(e))
	return c
}

func draftCommand(e *env) *cobra.Command {
	var o executables.DraftOptions
	var lf llmFlags
	var sf settingsFlags
	var model string
	var from []string
	c := &cobra.Command{
		Use:   "draft",
		Short: "Ask a model for harnesses of commits that have none, and validate them",
		Long: `draft makes mined or imported commits executable. For each commit of the
commits table without an executable, it asks --model (a model of the
models file) for a prelude (the imports, types and stand-ins the function
needs to build on its own, put ahead of it in its source file) and a
harness (a shared workload from SCALE, iteration i's input from SEED+i,
every result into one digest line; the contract of datasets/README.md), showing it the function before and after,
the commit message, the changed file as it was before the commit (with
--repo, a local clone) and one harness of the task set in the same
language.

Each answer is validated as perfcon executables validate does it, in the
sandbox: both versions build, the scale is sized, the digests agree, and
code after is significantly faster. A draft that fails is sent back with
the failure (the build error, the differing digests, the missing speedup)
for up to --attempts tries. Every attempt is a row of the drafts table
(<tables>/drafts.parquet); each task's latest draft is its executables row,
origin llm:MODEL, pending review (perfcon executables review). Answers are
cached and both tables are written after every round: a rerun resumes.

--from DIR instead reads harnesses written by hand in folders made by
perfcon executables scaffold, and validates them the same way (origin
hand).

With --repository URL, each commit is drafted as a repository task: the
function runs in its repository's own tree (cloned once into the
repository cache), the prompt shows it in its file with the import that
reaches it, and the model writes the harness alone: no prelude of
stand-ins. The executables row names the repository and the package.`,
		Example: `  perfcon executables draft --models models.toml --model codeqwen1.5-7b-chat --attempts 3 --repo ~/src/fasthttp
  perfcon executables scaffold --commits mined.parquet fasthttp-3f2a91c-appendquotedarg-1b2c
  perfcon executables draft --from harnesses/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := sf.settings()
			if err != nil {
				return err
			}
			o.Commits = e.orDefault(o.Commits, "commits")
			o.Executables = e.orDefault(o.Executables, "executables")
			o.Drafts = e.orDefault(o.Drafts, "drafts")
			o.Reviews = e.table("reviews")
			o.Validate.Settings, o.Validate.Log = s, e.stderr
			o.Log, o.Progress = e.stderr, e.stderr
			if len(from) > 0 {
				if model != "" {
					return fmt.Errorf("--from and --model: harnesses come from one or the other")
				}
				_, err := executables.DraftByHand(cmd.Context(), o, from)
				return err
			}
			if model == "" {
				return fmt.Errorf("no model: name one with --model (a model of the models file), or give --from DIR")
			}
			if o.Model, err = lf.endpoint("model", model); err != nil {
				return err
			}
			o.Sampling = lf.sampling(cmd)
			o.Cache, o.Refresh = lf.cache(), lf.refresh
			sum, err := executables.Draft(cmd.Context(), o)
			if err != nil {
				return err
			}
			if sum.Tasks > 0 && sum.Passed == 0 && sum.Attempts > 0 {
				return fmt.Errorf("no draft of %s passed validation (see validation_reason in %s)", model, o.Drafts)
			}
			return nil
		},
	}
	lf.registerEndpoints(c)
	sf.register(c)
	c.Flags().StringVar(&model, "model", "", "the model that drafts (a name from --models)")
	c.Flags().StringSliceVar(&from, "from", nil, "read hand-written harness folders (perfcon executables scaffold) instead of asking a model (repeatable)")
	c.Flags().IntVar(&o.Attempts, "attempts", 3, "tries per task, each after the last failed validation (earlier runs' tries count)")
	c.Flags().StringSliceVar(&o.Tasks, "task", nil, "draft only this task (repeatable)")
	c.Flags().StringSliceVar(&o.Repos, "repo", nil, "a local clone of the commits' repository (repeatable): the prompt shows the changed file as it was before the commit")
	c.Flags().StringVar(&o.Repository, "repository", "", "the commits' repository (URL or path): draft repository tasks, whose harness alone the model writes and which run in the repository's own tree")
	c.Flags().StringVar(&o.Dataset, "dataset", "datasets/core", "task set whose harnesses are shown as examples")
	c.Flags().Float64Var(&o.Validate.Alpha, "alpha", 0.05, "significance level of the test that code after is faster")
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Executables, "executables", "", "executables table, read and rewritten (default <tables>/executables.parquet)")
	c.Flags().StringVar(&o.Drafts, "drafts", "", "drafts table, every attempt (default <tables>/drafts.parquet)")
	return c
}

func scaffoldCommand(e *env) *cobra.Command {
	var o executables.ScaffoldOptions
	c := &cobra.Command{
		Use:   "scaffold TASK...",
		Short: "Write a harness folder to fill in by hand for a commit",
		Long: `scaffold writes, for each task id of the commits table, a folder
OUT/<task>/ to edit by hand: harness.toml (language, symbol, starting
scale, stubs), a prelude (what the function needs to build on its own,
put ahead of it in its source file) and a harness with the contract in
place (see datasets/README.md), beside the commit's message and its
function before and after, for reading. perfcon executables draft --from
OUT then validates the folders as it validates a model's drafts.

With --repository URL, each folder is a repository task of a task set
instead: task.toml names the repository, the commit, its parent, the
file, the function and its package, and the harness imports the function
from the repository's own package and calls it in the repository's tree.
There is no prelude of stand-ins: only the workload and the call are
written. make DATASET=OUT then fetches the repository, validates and
measures them.`,
		Example: `  perfcon executables scaffold --commits mined.parquet fasthttp-3f2a91c-appendquotedarg-1b2c
  $EDITOR harnesses/fasthttp-3f2a91c-appendquotedarg-1b2c/harness.go
  perfcon executables draft --from harnesses/
  perfcon executables scaffold --commits mined.parquet --repository https://github.com/valyala/fasthttp --out datasets/mine fasthttp-3f2a91c-appendquotedarg-1b2c`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Commits, o.Tasks, o.Log = e.orDefault(o.Commits, "commits"), args, e.stderr
			return executables.Scaffold(o)
		},
	}
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Out, "out", "harnesses", "folder the task folders go in")
	c.Flags().BoolVar(&o.Force, "force", false, "write over an existing folder's files")
	c.Flags().StringVar(&o.Repository, "repository", "", "the commits' repository (URL or path): write repository tasks of a task set instead, whose harness calls the function in the repository's own tree")
	return c
}

func reviewCommand(e *env) *cobra.Command {
	o := executables.ReviewOptions{Reviewer: executables.DefaultReviewer()}
	var all, interactive bool
	var so executables.SessionOptions
	var pf profileFlags
	c := &cobra.Command{
		Use:   "review",
		Short: "Approve or reject harnesses, or list those awaiting a decision",
		Long: `review records a person's decision on a task's harness in the reviews
table (<tables>/reviews.parquet: task, the harness's SHA-256, verdict,
reason, reviewer, time) and sets review_status in the executables table.
Only approved executables are measured.

A decision holds for the harness it was made on: a harness that changes
afterwards is pending again. Harnesses authored with a task set are
approved as written unless a decision says otherwise; any other harness
is pending until approved. Only a harness that passed validation can be
approved; a rejection needs a reason. Decisions are kept across rebuilds
of the executables table (perfcon executables, make).

Without --approve or --reject, review lists the executables awaiting a
decision (--all: every one).

--interactive goes through the validated ones that await a decision, one
at a time in the terminal: the commit and its change, the prelude and
harness, the verdict with the measured speedup. Approve, reject with a
reason, or edit the prelude and harness in $VISUAL or $EDITOR: an edit is
validated again (at --profile), kept in the drafts table as a draft by
hand, and shown anew.`,
		Example: `  perfcon executables review
  perfcon executables review --interactive
  perfcon executables review --approve py-algo-sum --approve go-io-copy
  perfcon executables review --reject cpp-mem-pool --reason "harness times the allocator, not the pool"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Executables = e.orDefault(o.Executables, "executables")
			o.Reviews = e.orDefault(o.Reviews, "reviews")
			o.Log = e.stderr
			if interactive {
				if len(o.Approve)+len(o.Reject) > 0 {
					return fmt.Errorf("--interactive decides in the terminal: leave out --approve and --reject")
				}
				p, err := pf.profile()
				if err != nil {
					return err
				}
				so.Executables, so.Reviews, so.Reviewer = o.Executables, o.Reviews, o.Reviewer
				so.Commits, so.Drafts = e.orDefault(so.Commits, "commits"), e.orDefault(so.Drafts, "drafts")
				so.Editor = cmp.Or(os.Getenv("VISUAL"), os.Getenv("EDITOR"))
				so.Validate.Profile, so.Validate.Alpha, so.Validate.CPU = p, 0.05, defaultCPU()
				so.In, so.Out = e.stdin, e.stdout
				return executables.ReviewSession(cmd.Context(), so)
			}
			if len(o.Approve) == 0 && len(o.Reject) == 0 {
				return executables.ListReviews(e.stdout, o.Executables, all)
			}
			return executables.Review(o)
		},
	}
	c.Flags().StringSliceVar(&o.Approve, "approve", nil, "approve this task's harness (repeatable)")
	c.Flags().StringSliceVar(&o.Reject, "reject", nil, "reject this task's harness (repeatable; needs --reason)")
	c.Flags().StringVar(&o.Reason, "reason", "", "why the rejected harnesses are rejected")
	c.Flags().StringVar(&o.Reviewer, "reviewer", o.Reviewer, "who decides (default $USER)")
	c.Flags().BoolVar(&all, "all", false, "list every executable, not only those awaiting a decision")
	c.Flags().StringVar(&o.Executables, "executables", "", "executables table (default <tables>/executables.parquet)")
	c.Flags().StringVar(&o.Reviews, "reviews", "", "decisions table (default <tables>/reviews.parquet)")
	c.Flags().BoolVarP(&interactive, "interactive", "i", false, "decide one validated executable at a time in the terminal")
	c.Flags().StringVar(&so.Commits, "commits", "", "with --interactive: commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&so.Drafts, "drafts", "", "with --interactive: drafts table, where edits are kept (default <tables>/drafts.parquet)")
	c.Flags().StringVar(&so.Validate.CacheDir, "cache", ".cache/builds", "with --interactive: build cache folder")
	pf.register(c) // with --interactive: how an edited harness is validated
	return c
}

func validateCommand(e *env) *cobra.Command {
	var o executables.ValidateOptions
	var sf settingsFlags
	var allowFailures bool
	var shardFlag string
	var merge int
	c := &cobra.Command{
		Use:   "validate",
		Short: "Check that every task builds, agrees on output and is really faster after",
		Long: fmt.Sprintf(`validate runs every task's code before and code after with its harness and
writes the verdict into the executables table (validation, validation_reason
and the validated_* columns):

  1. both build;
  2. a scale is found by doubling the declared one, as EvalPerf does, until
     one iteration of code before takes about the profile's scale time
     (quick: %v, paper: %v; the doubling nearest it) without passing the
     time or memory wall; scale becomes that value and declared_scale
     keeps the task's own;
  3. both print the same, non-empty digest at that scale;
  4. at iterations calibrated as measure does, code after is faster than
     code before, by a two-sided Mann-Whitney U test at --alpha/2 over the
     repeats or, when that is not yet significant, at --alpha/2 over twice
     as many (two looks, so a false pass stays under --alpha).

Times are the task's cost kind (cost_kind, recorded in the table): CPU time
with each run pinned to one CPU, or, for parallelization,
poor_concurrency_control and network_bottleneck tasks and any task whose
task.toml says cost = "wall", elapsed time with each run given the same k
CPUs (--cpus, default the profile's: quick 2, paper 4, fewer when the
machine has fewer).

A task that fails stays in the table with validation=failed and its reason;
measure skips it. validate exits with status 1 when any task failed, unless
--allow-failures.

--shard i/n validates one shard of the tasks (sorted by id, every n-th
from the i-th) into a part of its own; --merge n checks that all n parts
are there, each task in one, and writes the table.`, measure.Profiles["quick"].ScaleTime, measure.Profiles["paper"].ScaleTime),
		Example: `  perfcon executables validate
  perfcon executables validate --task py-io-artifact-checksums --profile paper`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := sf.settings()
			if err != nil {
				return err
			}
			o.Settings, o.Log = s, e.stderr
			o.Commits = e.orDefault(o.Commits, "commits")
			o.Executables = e.orDefault(o.Executables, "executables")
			o.Out = cmp.Or(o.Out, o.Executables)
			var sum executables.Summary
			switch {
			case merge > 0:
				sum, err = executables.MergeValidation(o.Executables, o.Out, merge, o.Tasks)
				if err == nil {
					fmt.Fprintf(e.stderr, "validate: merged %d shards: %d of %d tasks passed -> %s\n", merge, sum.Passed, sum.Checked, o.Out)
				}
			case shardFlag != "":
				if o.Shard, err = shard.Parse(shardFlag); err != nil {
					return fmt.Errorf("--shard: %w", err)
				}
				o.Out = o.Shard.Path(o.Out)
				sum, err = executables.Validate(cmd.Context(), o)
			default:
				sum, err = executables.Validate(cmd.Context(), o)
			}
			if err != nil {
				return err
			}
			if n := len(sum.Failures); n > 0 {
				fmt.Fprintf(e.stderr, "\n%d of %d tasks failed validation:\n", n, sum.Checked)
				for _, f := range sum.Failures {
					fmt.Fprintf(e.stderr, "  %s\n", f)
				}
				if !allowFailures {
					return fmt.Errorf("%d of %d tasks failed validation (kept in %s with validation=failed)", n, sum.Checked, o.Out)
				}
			}
			return nil
		},
	}
	sf.register(c)
	c.Flags().Float64Var(&o.Alpha, "alpha", 0.05, "significance level of the test that code after is faster")
	c.Flags().IntVar(&o.Jobs, "jobs", 2, "CPU-time tasks validated at once, each pinned to a CPU of its own (wall-time tasks run alone; 1: one at a time)")
	c.Flags().StringSliceVar(&o.Tasks, "task", nil, "validate only this task (repeatable); other rows are kept as they are")
	c.Flags().BoolVar(&allowFailures, "allow-failures", false, "exit 0 even when tasks fail (they are still marked failed)")
	c.Flags().StringVar(&shardFlag, "shard", "", "validate only shard i/n of the tasks (0 <= i < n), into <out>.shards/i-of-n.parquet")
	c.Flags().IntVar(&merge, "merge", 0, "put the n shards' parts together with --executables' other rows into --out")
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Executables, "executables", "", "executables table to validate (default <tables>/executables.parquet)")
	c.Flags().StringVar(&o.Out, "out", "", "where the validated table goes (default: replace --executables)")
	return c
}

// settingsFlags are how a command that runs programs runs them
// (measure.Settings): the profile and its overrides, the CPU, the
// sandbox's requirement and the build cache.
type settingsFlags struct {
	profileFlags
	s measure.Settings
}

func (f *settingsFlags) register(c *cobra.Command) {
	f.profileFlags.register(c)
	c.Flags().IntVar(&f.s.CPU, "cpu", defaultCPU(), "CPU to pin runs to (-1: unpinned)")
	c.Flags().BoolVar(&f.s.RequireSandbox, "require-sandbox", false, "refuse to run unless every layer of the sandbox holds here (see the sandbox column)")
	c.Flags().StringVar(&f.s.CacheDir, "cache", ".cache/builds", "build cache folder")
}

// settings resolves the flags.
func (f *settingsFlags) settings() (measure.Settings, error) {
	p, err := f.profile()
	f.s.Profile = p
	return f.s, err
}

// profileFlags select a measurement profile and override its parts.
type profileFlags struct {
	name       string
	minTime    time.Duration
	repeats    int
	maxRepeats int
	width      float64
	scaleTime  time.Duration
	cpus       int
}

func (f *profileFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.name, "profile", "quick", "measurement protocol: "+measure.ProfileNames())
	c.Flags().DurationVar(&f.minTime, "min-time", 0, "override the profile's minimum run time of code before")
	c.Flags().IntVar(&f.repeats, "repeats", 0, "override the profile's repeats")
	c.Flags().IntVar(&f.cpus, "cpus", 0, "override the profile's k, the CPUs each run of a wall-time task is given (parallelization, poor_concurrency_control, network_bottleneck, or cost = \"wall\" in task.toml)")
	if c.Name() == "measure" {
		c.Flags().IntVar(&f.maxRepeats, "max-repeats", 0, "override the profile's bound on adaptive repeats (at or under --repeats: none)")
		c.Flags().Float64Var(&f.width, "width", 0, "override the profile's target width of a median's 95% confidence interval, relative to the median (0.04: 4%)")
	}
	if c.Name() == "validate" || c.Name() == "draft" {
		c.Flags().DurationVar(&f.scaleTime, "scale-time", 0, "override the profile's time of one iteration of code before at the chosen scale")
	}
}

func (f *profileFlags) profile() (measure.Profile, error) {
	p, err := measure.LookupProfile(f.name)
	if err != nil {
		return p, err
	}
	if f.minTime > 0 {
		p.MinTime = f.minTime
	}
	if f.repeats > 0 {
		p.Repeats = f.repeats
	}
	if f.maxRepeats > 0 {
		p.MaxRepeats = f.maxRepeats
	}
	if f.width > 0 {
		p.Width = f.width
	}
	if f.scaleTime > 0 {
		p.ScaleTime = f.scaleTime
	}
	switch {
	case f.cpus < 0:
		return p, fmt.Errorf("--cpus %d: want 1 or more", f.cpus)
	case f.cpus > 0:
		// Asked for by name: more than the machine has is an error (the
		// profile's own k is lowered to what there is, with a note).
		if cpus, err := measure.AllowedCPUs(); err == nil && f.cpus > len(cpus) {
			return p, fmt.Errorf("--cpus %d: perfcon may use only %d CPUs here", f.cpus, len(cpus))
		}
		p.CPUs = f.cpus
	}
	return p, nil
}

func describeCommand(e *env) *cobra.Command {
	var o descriptions.Options
	var lf llmFlags
	var sf shardFlags
	var samples int
	c := &cobra.Command{
		Use:   "describe",
		Short: "PL→NL: ask models to explain each performance change",
		Long: `describe shows each model code before, code after and the commit message,
and asks what was inefficient, how it was fixed and why the fix is faster,
ending in a category line. It writes one descriptions row per model, task
and sample; a failed call is a row with its error.

Calls run concurrently (each model within its concurrency and rate limit
from the models file) and every answer is cached by a hash of the model,
the messages and the parameters: a rerun asks only what was not answered,
even after a crash. Endpoints are retried on 429, 5xx and timeouts with
backoff, honouring Retry-After.

Built-in models: identity (describes with the commit message; the floor),
oracle (adds the true category; the ceiling) and replay:NAME (NAME's
answers recorded in the tables).`,
		Example: `  perfcon describe --model identity --model oracle
  perfcon describe --models models.toml --model codeqwen1.5-7b-chat --samples 5 --temperature 0.8`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ms, err := lf.models(e)
			if err != nil {
				return err
			}
			o.Models, o.Log, o.Progress = ms, e.stderr, e.stderr
			o.Sampling = lf.sampling(cmd)
			if cmd.Flags().Changed("samples") {
				o.Sampling.Samples = samples
			}
			o.Cache, o.Refresh, o.Replace = lf.cache(), lf.refresh, lf.replace
			if o.Tasks, err = selectTasks(lf.tasks); err != nil {
				return err
			}
			o.Commits, o.Out = e.orDefault(o.Commits, "commits"), e.orDefault(o.Out, "descriptions")
			if sf.merge > 0 {
				return sf.merged(e, "describe", func() (int, error) { return descriptions.Merge(o.Commits, o.Out, sf.merge) }, o.Out)
			}
			if o.Shard, o.Out, err = sf.spec(o.Out); err != nil {
				return err
			}
			return lf.tolerate(e, descriptions.Run(cmd.Context(), o))
		},
	}
	sf.register(c, "describe")
	lf.register(c)
	lf.registerRows(c, true)
	lf.registerAllowErrors(c)
	c.Flags().IntVar(&samples, "samples", 1, "descriptions per task and model (default: the model's, else 1)")
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Out, "out", "", "descriptions table (default <tables>/descriptions.parquet)")
	c.AddCommand(describeJudgeCommand(e))
	return c
}

func describeJudgeCommand(e *env) *cobra.Command {
	var o descriptions.JudgeOptions
	var lf llmFlags
	var judge string
	c := &cobra.Command{
		Use:   "judge --judge MODEL",
		Short: "Score each description beside the human change, by a judge model",
		Long: `judge shows a judge model (--judge, a model of the models file) each
description without an error beside the change it describes: the commit
message, code before and code after. The judge gives brief reasons, then
scores three criteria from 1 to 5 (prompt ` + prompt.ScoreVersion + `):

  names_inefficiency  does it name the actual inefficiency of code before?
  names_fix           does it name the change code after makes?
  invents_nothing     5: every claim is supported by the code; 1: it claims
                      things the change does not do

It writes one description_scores row per description and judge (task,
describer model, round and sample name the description). A score the
answer does not give as a whole number from 1 to 5 is NULL, and
parse_status says why: ok, partial, out_of_range, none, or truncated (cut
short at --max-tokens: the model's, else ` + fmt.Sprint(descriptions.JudgeDefaults.MaxTokens) + `). A failed call is a row
with its error.

The scores are optional: no stage reads them; the report shows them
(19_description_scores). Calls are concurrent and cached as in describe,
at temperature 0 unless the models file or --temperature says otherwise;
a rerun asks only what was not answered. The rows of other judges, and of tasks --tasks leaves out, are
kept (--replace: this run's rows alone).`,
		Example: `  perfcon describe judge --models models.toml --judge gpt-4o
  perfcon describe judge --judge qwen2.5-72b --tasks 'py-*' --out judged.parquet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if judge == "" {
				return fmt.Errorf("no judge: name one with --judge (a model of the models file)")
			}
			m, err := lf.endpoint("judge", judge)
			if err != nil {
				return err
			}
			if o.Tasks, err = selectTasks(lf.tasks); err != nil {
				return err
			}
			o.Judge, o.Sampling = m, lf.sampling(cmd)
			o.Cache, o.Refresh, o.Replace = lf.cache(), lf.refresh, lf.replace
			o.Log, o.Progress = e.stderr, e.stderr
			o.Commits = e.orDefault(o.Commits, "commits")
			o.Descriptions = e.orDefault(o.Descriptions, "descriptions")
			o.Out = e.orDefault(o.Out, "description_scores")
			return lf.tolerate(e, descriptions.Judge(cmd.Context(), o))
		},
	}
	c.Flags().StringVar(&judge, "judge", "", "the model that scores (a name from --models)")
	lf.registerEndpoints(c)
	lf.registerRows(c, true)
	lf.registerAllowErrors(c)
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Descriptions, "descriptions", "", "descriptions table (default <tables>/descriptions.parquet)")
	c.Flags().StringVar(&o.Out, "out", "", "description scores table (default <tables>/description_scores.parquet)")
	return c
}

func generateCommand(e *env) *cobra.Command {
	var o generations.Options
	var lf llmFlags
	var sf shardFlags
	c := &cobra.Command{
		Use:   "generate",
		Short: "NL→PL: ask models to rewrite code before from their own descriptions",
		Long: `generate shows each model code before and the description it wrote itself,
asks for the optimised file with the same interface, and extracts the code
from the answer (extract_status says how). It writes one generations row
per description. With --describer, each model generates from that model's
descriptions instead (cross pairs: A describes, B generates).

--rounds n > 1 makes IdentityChain chains: in each further round the model
describes the change from code before to its own last generation, without
the commit message, then generates again from that description. Every
round is a generations row (round 1..n); the descriptions of rounds 2..n
are added to the descriptions table, replacing the model's earlier chain.
A generation with no code ends its chain with an error row.

Calls are concurrent and cached as in describe.`,
		Example: `  perfcon generate --model identity --model oracle
  perfcon generate --models models.toml --model nxcode-cq-7b --describer codeqwen1.5-7b-chat
  perfcon generate --models models.toml --model codeqwen1.5-7b-chat --rounds 5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ms, err := lf.models(e)
			if err != nil {
				return err
			}
			o.Models, o.Log, o.Progress = ms, e.stderr, e.stderr
			o.Sampling = lf.sampling(cmd)
			o.Cache, o.Refresh, o.Replace = lf.cache(), lf.refresh, lf.replace
			if o.Tasks, err = selectTasks(lf.tasks); err != nil {
				return err
			}
			o.Commits = e.orDefault(o.Commits, "commits")
			o.Descriptions = e.orDefault(o.Descriptions, "descriptions")
			o.Out = e.orDefault(o.Out, "generations")
			if o.Rounds < 1 {
				return fmt.Errorf("--rounds %d: a chain has at least 1 round", o.Rounds)
			}
			if sf.merge > 0 {
				return sf.merged(e, "generate", func() (int, error) { return generations.Merge(o.Commits, o.Out, sf.merge) }, o.Out)
			}
			if o.Shard, o.Out, err = sf.spec(o.Out); err != nil {
				return err
			}
			return lf.tolerate(e, generations.Run(cmd.Context(), o))
		},
	}
	sf.register(c, "generate for")
	lf.register(c)
	lf.registerRows(c, true)
	lf.registerAllowErrors(c)
	c.Flags().BoolVar(&o.AllowTruncated, "allow-truncated", false, "generate from descriptions that were cut short too (finish_reason length, or reasoning that never closed)")
	c.Flags().StringSliceVar(&o.Describers, "describer", nil, "generate from this model's descriptions (repeatable; default: each model's own)")
	c.Flags().IntVar(&o.Rounds, "rounds", 1, "chain rounds: describe and regenerate from each generation n-1 more times")
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Descriptions, "descriptions", "", "descriptions table (default <tables>/descriptions.parquet)")
	c.Flags().StringVar(&o.Out, "out", "", "generations table (default <tables>/generations.parquet)")
	return c
}

func measureCommand(e *env) *cobra.Command {
	var o measurements.Options
	var pf settingsFlags
	var noGenerations bool
	var reuse time.Duration
	var sf shardFlags
	c := &cobra.Command{
		Use:   "measure",
		Short: "Build and run code before, after and generated, and record every run",
		Long: `measure builds each task's code before, code after and every distinct
generated answer (of generate, refine and orchestrate) with the task's harness (once, cached by source hash),
runs every variant with the iteration count validation calibrated under the
same profile (or calibrates it anew, by doubling until code before runs at
least the profile's minimum time): one warm-up, then the repeats,
interleaved in an order of their own each round. A task is costed in its
cost kind (the executables table's cost_kind): cpu, each run pinned to one
CPU (--cpu) and costed in CPU time; or wall, each run given the same k CPUs
(--cpus, default the profile's) and costed in elapsed time, for fixes that
add parallelism or remove waiting (parallelization,
poor_concurrency_control and network_bottleneck by default; cost in
task.toml overrides). The repeats are adaptive: after --repeats rounds,
more rounds run (up to --max-repeats) while the median cost of code after
or of a generation has a 95% confidence interval wider than --width of it;
each extra round runs those and code after, and code before only while
its median is imprecise and its interval still meets code after's.

Code before is not measured again when validation's speed test ran it on
this host, at the same profile, iterations, scale and build, within
--reuse-before (default 1h), and two fresh runs of it (not counted) cost
what those did: its counted runs there are its rows, with the times they
started. make validates and then measures, so a fresh make takes code
before's counted runs once; a measure hours later, or one where the fresh
runs cost otherwise (the log says the kept runs do not hold now), runs it
anew.
Each run is a measurements row with its status (ok, wrong_output,
build_error, runtime_error, timeout, oom), wall, user and system time,
peak and mean RSS, its cost kind and CPUs, and how it was sandboxed.

Every build and run is sandboxed: limits on CPU time, memory, processes,
open files, file size and the bytes it writes in all, and, where the
kernel allows (as root, or through a user namespace), no network, a root
of its own holding only a private copy of its folder, its language's
toolchain read-only, a minimal /dev and its own /proc, in a pid namespace.
The first log line and the sandbox column say what held; with
--require-sandbox a machine where any layer is missing is refused. The
helper that does it is built once with the C compiler into the --cache
folder.

Each task's runs are kept as soon as the task is done: a measure stopped
halfway, run again, measures only the tasks it had not finished.

--shard i/n measures one shard of the tasks (sorted by id, every n-th from
the i-th), so n processes or nodes can share the work; every program of a
task is measured in its shard, interleaved as always, and a stopped shard
resumes as a whole measure does. --merge n then checks that all n parts
are there and no task is in two, and writes the table.

--meter cachegrind counts instructions under valgrind instead (after the
same calibration): one run a variant, the same count on any machine, for
machines without hardware counters; about 50 times slower.

` + measure.ProfilesHelp(),
		Example: "  perfcon measure --profile quick\n  perfcon measure --profile paper --cpu 1\n  perfcon measure --meter cachegrind",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := pf.settings()
			if err != nil {
				return err
			}
			o.Settings, o.Log = s, e.stderr
			if reuse < 0 {
				return fmt.Errorf("--reuse-before %v: a duration of 0 or more", reuse)
			}
			o.ReuseBefore = reuse
			o.Commits = e.orDefault(o.Commits, "commits")
			o.Executables = e.orDefault(o.Executables, "executables")
			o.Generations = e.orDefault(o.Generations, "generations")
			if o.Refinements != "" && !table.Exists(o.Refinements) {
				return fmt.Errorf("--refinements %s: no such table", o.Refinements)
			}
			o.Refinements = e.orDefault(o.Refinements, "refinements")
			if noGenerations {
				o.Generations, o.Refinements = "", ""
			}
			o.Out = e.orDefault(o.Out, "measurements")
			if sf.merge > 0 {
				return sf.merged(e, "measure", func() (int, error) { return measurements.Merge(o.Commits, o.Executables, o.Out, sf.merge) }, o.Out)
			}
			if o.Shard, o.Out, err = sf.spec(o.Out); err != nil {
				return err
			}
			switch o.Meter {
			case measure.MeterRusage, measure.MeterCachegrind:
			default:
				return fmt.Errorf("--meter %q: rusage or cachegrind", o.Meter)
			}
			if o.Meter == measure.MeterCachegrind {
				if _, err := exec.LookPath("valgrind"); err != nil {
					return fmt.Errorf("--meter cachegrind needs valgrind: %w", err)
				}
			}
			return measurements.Run(cmd.Context(), o)
		},
	}
	pf.register(c)
	c.Flags().StringVar(&o.Meter, "meter", measure.MeterRusage, "rusage (CPU time) or cachegrind (instructions under valgrind: deterministic, about 50x slower)")
	c.Flags().IntVar(&o.Jobs, "jobs", 1, "CPU-time tasks measured at once, each pinned to a CPU of its own (wall-time tasks run alone). On a 2-core VM two at a time halved the time and doubled the noise floor of CPU time: keep 1 unless the meter is cachegrind or the CPUs share nothing")
	c.Flags().BoolVar(&noGenerations, "no-generations", false, "measure only code before and after")
	c.Flags().DurationVar(&reuse, "reuse-before", time.Hour, "reuse code before's runs that validation's speed test took on this host within this long, rather than run it again (0: always run it)")
	sf.register(c, "measure")
	c.Flags().StringVar(&o.Commits, "commits", "", "commits table (default <tables>/commits.parquet)")
	c.Flags().StringVar(&o.Executables, "executables", "", "executables table (default <tables>/executables.parquet)")
	c.Flags().StringVar(&o.Generations, "generations", "", "generations table (default <tables>/generations.parquet)")
	c.Flags().StringVar(&o.Refinements, "refinements", "", "refinements table, when there is one (default <tables>/refinements.parquet)")
	c.Flags().StringVar(&o.Out, "out", "", "measurements table (default <tables>/measurements.parquet)")
	return c
}

// defaultCPU is the last CPU this process may run on: away from CPU 0,
// where interrupts and the rest of the machine mostly land.
func defaultCPU() int {
	cpus, err := measure.AllowedCPUs()
	if err != nil || len(cpus) == 0 {
		return -1
	}
	return cpus[len(cpus)-1]
}

// shardFlags are --shard and --merge of a stage that runs in shards.
type shardFlags struct {
	shard string
	merge int
}

func (f *shardFlags) register(c *cobra.Command, verb string) {
	c.Flags().StringVar(&f.shard, "shard", "", verb+" only shard i/n of the tasks (0 <= i < n), into <out>.shards/i-of-n.parquet")
	c.Flags().IntVar(&f.merge, "merge", 0, "put the n shards' parts together into --out, checking none is missing and no task is in two")
}

// spec parses --shard; a shard writes its part of the table at out.
func (f *shardFlags) spec(out string) (shard.Spec, string, error) {
	if f.shard == "" {
		return shard.Spec{}, out, nil
	}
	s, err := shard.Parse(f.shard)
	if err != nil {
		return s, out, fmt.Errorf("--shard: %w", err)
	}
	return s, s.Path(out), nil
}

// merged runs a merge and says what it wrote.
func (f *shardFlags) merged(e *env, stage string, merge func() (int, error), out string) error {
	rows, err := merge()
	if err == nil {
		fmt.Fprintf(e.stderr, "%s: merged %d shards, %d rows -> %s\n", stage, f.merge, rows, out)
	}
	return err
}
