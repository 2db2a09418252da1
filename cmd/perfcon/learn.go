package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/stats"
	"github.com/perfcon/perfcon/stages/mining"
)

// labelFlags are the flags that find labelled commits and their clones.
type labelFlags struct {
	labels, mirrors string
	workers         int
}

func (lf *labelFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&lf.labels, "labels", "datasets/labels", "folder of labelled commits with their index.csv")
	c.Flags().StringVar(&lf.mirrors, "mirrors", os.Getenv("PERFCON_MIRRORS"), "folder of local clones (OWNER+NAME, OWNER/NAME or NAME, bare or not) looked in before a repository's URL")
	c.Flags().IntVar(&lf.workers, "workers", 0, "commits read and parsed at once (default: one per CPU)")
}

// examples reads the labelled commits of the files of split.
func (lf *labelFlags) examples(ctx context.Context, split string, log io.Writer, judge *mining.Judging) ([]mining.Example, error) {
	index, err := mining.ReadLabelIndex(lf.labels)
	if err != nil {
		return nil, err
	}
	var files []mining.LabelFile
	for _, f := range index {
		if f.Split == split {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no label file of split %s", lf.labels, split)
	}
	cache := repo.Default()
	if lf.mirrors != "" {
		cache.Mirrors = lf.mirrors
	}
	cache.Log = log
	clone := func(ctx context.Context, r string, shas []string) (string, error) {
		if err := cache.Fetch(ctx, "https://"+r, shas...); err != nil {
			return "", err
		}
		return cache.Clone("https://" + r)
	}
	return mining.Labelled(ctx, files, clone, lf.workers, log, judge)
}

func learnCommand(e *env) *cobra.Command {
	var lf labelFlags
	var out string
	var penalties []float64
	var minCount int
	var noHeldOut bool
	c := &cobra.Command{
		Use:   "learn",
		Short: "Fit the miner's classifier to the labelled histories",
		Long: `learn fits the miner's learned classifier to the "train" label files of
--labels (see datasets/labels/index.csv): a logistic regression of
performance work over the cues the rules read, the code's idioms, the
rules' score and the subject's words, and a multinomial one of the
category. The repositories are cloned into the repository cache (from
--mirrors when they are there).

It evaluates the classifier and the rules leaving one repository out at a
time (the classifier of each fold is fitted, its penalty and threshold
chosen, without the repository it is scored on), then scores both on the
"heldout" label files, histories never used to write the rules nor to fit
the classifier: the decision with the higher F1 there becomes the default
of commits mine, and the category that agrees with more performance
commits. It writes the classifier with its figures to --out; rebuild
perfcon (make) to ship a new one.`,
		Example: `  perfcon commits learn --mirrors ~/mirrors
  perfcon commits evaluate --mirrors ~/mirrors --split heldout`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			examples, err := lf.examples(cmd.Context(), mining.SplitTrain, e.stderr, nil)
			if err != nil {
				return err
			}
			l, err := mining.Learn(cmd.Context(), examples, mining.LearnOptions{Lambdas: penalties, MinCount: minCount, Log: func(f string, a ...any) { fmt.Fprintf(e.stderr, "learn: "+f+"\n", a...) }})
			if err != nil {
				return fmt.Errorf("learn: %w", err)
			}
			passed := map[string]int{}
			for _, x := range examples {
				if x.Perf && x.Passed != "" {
					passed[x.Passed]++
				}
			}
			if len(passed) > 0 {
				fmt.Fprintf(e.stdout, "performance commits no decision reaches: %v\n", passed)
			}
			fmt.Fprintln(e.stdout, "leaving one training repository out:")
			printFigures(e.stdout, l.Evaluation)
			fmt.Fprintf(e.stdout, "category agreement on every performance commit reached: rules %.3f, learned %.3f, both %s\n", l.CategoryAccuracy[mining.ByRules], l.CategoryAccuracy[mining.ByLearned], gates(l, false))
			if !noHeldOut {
				heldout, err := lf.examples(cmd.Context(), mining.SplitHeldOut, e.stderr, nil)
				if err != nil {
					return fmt.Errorf("held-out labels (--no-held-out to choose without them): %w", err)
				}
				l.ChooseOn(heldout)
				fmt.Fprintln(e.stdout, "\non the held-out histories, which choose the defaults:")
				printFigures(e.stdout, append(l.HeldOut, mining.Score(heldout, mining.ByDefault, l)...))
				fmt.Fprintf(e.stdout, "category agreement on every performance commit reached: rules %.3f, learned %.3f, both %s\n", l.HeldOutCategory[mining.ByRules], l.HeldOutCategory[mining.ByLearned], gates(l, true))
			}
			fmt.Fprintf(e.stdout, "default: %s decides, %s\n", l.Default, namesCategory(l))
			if err := cmd.Context().Err(); err != nil {
				return fmt.Errorf("learn: %w", err) // the classifier file stays as it was
			}
			b, err := json.MarshalIndent(l, "", " ")
			if err != nil {
				return err
			}
			tmp := out + ".tmp"
			if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
				return err
			}
			if err := os.Rename(tmp, out); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "learn: %d labelled commits -> %s\n", len(examples), out)
			return nil
		},
	}
	lf.register(c)
	c.Flags().StringVar(&out, "out", "stages/mining/learned.json", "where to write the classifier")
	c.Flags().Float64SliceVar(&penalties, "penalties", []float64{0.003, 0.01, 0.03, 0.1}, "L2 penalties to choose from, fold by fold")
	c.Flags().IntVar(&minCount, "min-count", 10, "keep a feature that this many training commits have")
	c.Flags().BoolVar(&noHeldOut, "no-held-out", false, "choose the defaults leaving one training repository out, without the held-out histories")
	return c
}

func evaluateCommand(e *env) *cobra.Command {
	var lf labelFlags
	var lm llmFlags
	var split, judge string
	var from float64
	var judgeAll bool
	var list bool
	c := &cobra.Command{
		Use:   "evaluate",
		Short: "Score the miner's rules and its classifier on labelled histories",
		Long: `evaluate reads the label files of --split (heldout by default: histories
never used to write the rules or fit the classifier, though they choose the
defaults; unseen: histories labelled after the miner's last change and used
for nothing else) and scores how the
rules and the shipped classifier decide on their commits, as mining their
ranges would: per repository and all together, precision (kept commits
that are performance work), recall (performance commits kept) and category
agreement (kept performance commits whose category matches the label),
with their 95% Wilson intervals.

--judge MODEL scores a model of the models file as commits mine --judge
uses it: asked about every commit that changed functions and scores at
least --judge-from (every one with --judge-all), its verdict decides (the
rules' where it gives none) and the category it names counts. Its answers
are cached like any stage's.`,
		Example: `  perfcon commits evaluate --mirrors ~/mirrors --split unseen
  perfcon commits evaluate --mirrors ~/mirrors --split unseen --models models.toml --judge qwen --judge-all`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !slices.Contains(mining.Splits, split) {
				return fmt.Errorf("--split %q: must be one of %s", split, strings.Join(mining.Splits, ", "))
			}
			var judging *mining.Judging
			from, err := judgeFrom(cmd, judge, judgeAll, from)
			if err != nil {
				return err
			}
			if judge != "" {
				m, err := lm.endpoint("judge", judge)
				if err != nil {
					return err
				}
				judging = &mining.Judging{Model: m, From: from, Sampling: lm.sampling(cmd), Cache: lm.cache(), Refresh: lm.refresh, Progress: e.stderr}
			}
			examples, err := lf.examples(cmd.Context(), split, e.stderr, judging)
			if err != nil {
				return err
			}
			l := mining.DefaultLearned()
			var figs []mining.Figures
			bys := []string{mining.ByRules, mining.ByLearned, mining.ByDefault}
			if judging != nil {
				bys = append(bys, mining.ByJudge)
			}
			for _, by := range bys {
				figs = append(figs, mining.Score(examples, by, l)...)
			}
			printFigures(e.stdout, figs)
			if list {
				listDisagreements(e.stdout, examples, l, judging != nil)
			}
			fmt.Fprintf(e.stdout, "\ndefault: %s decides, %s\n", l.Default, namesCategory(l))
			return nil
		},
	}
	lf.register(c)
	c.Flags().StringVar(&split, "split", mining.SplitHeldOut, "which label files: heldout, unseen or train")
	c.Flags().StringVar(&judge, "judge", "", "also score a model of the models file as the judge of commits mine --judge")
	c.Flags().BoolVar(&judgeAll, "judge-all", false, "ask --judge about every commit that changes a function, whatever its score")
	c.Flags().Float64Var(&from, "judge-from", mining.DefaultJudgeFrom, "the lowest rules' score of a commit --judge is asked about")
	lm.registerEndpoints(c)
	c.Flags().BoolVar(&list, "list", false, "also list every commit a decision gets wrong: missed, kept wrongly, or another category")
	return c
}

// printFigures prints a table of figures, one line each.
func printFigures(w io.Writer, figs []mining.Figures) {
	fmt.Fprintf(w, "%-8s %-26s %9s %6s %5s %9s %7s %8s\n", "by", "repository", "labelled", "perf", "kept", "precision", "recall", "category")
	var all []mining.Figures
	for _, f := range figs {
		name := strings.TrimPrefix(f.Name, "github.com/")
		fmt.Fprintf(w, "%-8s %-26s %9d %6d %5d %9.3f %7.3f %8.3f\n", f.By, name, f.Labelled, f.Performance, f.Kept, f.Precision, f.Recall, f.Category)
		if f.Name == "all" {
			all = append(all, f)
		}
	}
	// The shares are of few commits: their 95% Wilson intervals.
	fmt.Fprintf(w, "\n95%% intervals (Wilson) of all:\n%-8s %-14s %-14s %s\n", "by", "precision", "recall", "category")
	for _, f := range all {
		interval := func(k, n int) string {
			if n == 0 {
				return "-"
			}
			lo, hi := stats.Wilson(float64(k), float64(n), 0.95)
			return fmt.Sprintf("[%.2f, %.2f]", lo, hi)
		}
		fmt.Fprintf(w, "%-8s %-14s %-14s %s\n", f.By, interval(f.KeptPerf, f.Kept), interval(f.KeptPerf, f.Performance), interval(f.CategoryOK, f.KeptPerf))
	}
}

// listDisagreements prints each labelled commit the rules or the
// classifier (or the judge, when one was asked) decide otherwise than its
// label.
func listDisagreements(w io.Writer, examples []mining.Example, l *mining.Learned, judged bool) {
	judgeHead := ""
	if judged {
		judgeHead = fmt.Sprintf("%-24s ", "judge")
	}
	fmt.Fprintf(w, "\n%-10s %-22s %-16s %-24s %-24s %s%s\n", "sha", "label", "passed over", "rules (score)", "learned (probability)", judgeHead, "subject")
	listed := 0
	for _, x := range examples {
		rk, rc, rs := x.Decide(mining.ByRules, l)
		lk, lc, lp := x.Decide(mining.ByLearned, l)
		jk, jc, _ := x.Decide(mining.ByJudge, l)
		wrong := func(k bool, c string) bool { return k != x.Perf || x.Perf && c != x.Category }
		if !wrong(rk, rc) && !wrong(lk, lc) && !(judged && wrong(jk, jc)) {
			continue
		}
		said := func(k bool, c string, v float64) string {
			if !k {
				return fmt.Sprintf("no (%.2f)", v)
			}
			return fmt.Sprintf("%s (%.2f)", c, v)
		}
		label := "no"
		if x.Perf {
			label = x.Category
		}
		subject := x.Subject
		if len(subject) > 70 {
			subject = subject[:67] + "..."
		}
		judge := ""
		if judged {
			// What decided with a judge: its verdict, or the rules' where
			// it gave none ("rules: ...").
			j := map[bool]string{true: jc, false: "no"}[jk]
			if x.Judge == "" {
				j = "rules: " + j
			}
			judge = fmt.Sprintf("%-24s ", j)
		}
		listed++
		fmt.Fprintf(w, "%-10s %-22s %-16s %-24s %-24s %s%s\n", x.SHA[:min(10, len(x.SHA))], label, x.Passed, said(rk, rc, rs), said(lk, lc, lp), judge, subject)
	}
	if listed == 0 {
		fmt.Fprintln(w, "(none: every decider decides every commit as labelled)")
	}
}

// gates is how the categories of both agreed at each bar: left out, or
// held out.
func gates(l *mining.Learned, heldOut bool) string {
	var parts []string
	for _, g := range l.CategoryGates {
		parts = append(parts, fmt.Sprintf("%.3f (from %.1f)", g.Agreement(heldOut), g.From))
	}
	return strings.Join(parts, ", ")
}

// namesCategory says what names the category by default.
func namesCategory(l *mining.Learned) string {
	if l.CategoryDefault == mining.ByBoth {
		return fmt.Sprintf("the classifier names the category where its probability is %.1f or more, the rules elsewhere", l.CategoryFrom)
	}
	return l.CategoryDefault + " names the category"
}
