package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/stages/mining"
)

func mineCommand(e *env) *cobra.Command {
	var o mining.Options
	var lf llmFlags
	var reposFile, commitsFile, judge, classifier string
	var judgeAll bool
	c := &cobra.Command{
		Use:   "mine",
		Short: "Mine performance commits from git histories into the commits table",
		Long: fmt.Sprintf(`mine walks the history of local clones (work trees or bare repositories)
with git and keeps the commits that improve performance, one commits row
per function each one changed, with the function before and after, its
patch, the commit's message and a category.

Each commit goes through these checks, and is counted under the first it
fails:
  merge                    merges are not mined
  no_source, only_*        no Python, Go, C or C++ file changed outside
                           tests, benchmarks, examples, docs, vendored,
                           generated, binary and very large files
                           (only_test, only_vendored, ...), or files were
                           renamed without a change
  not_performance          the message can't reach --min-score even with
                           the most its code could add: its files are not
                           read
  unreadable               a changed file's contents are missing from the
                           clone (a partial or shallow clone)
  formatting_only          functions changed only in layout, comments or
                           docstrings
  no_changed_function      the change is outside functions, or only adds
                           or removes whole ones
  not_performance          message and code together score under
                           --min-score
  judged_not_performance   --judge said no

Whether a commit is performance work is decided by perfcon's learned
classifier or by its rules (--decide), whichever did better on
labelled histories kept out of writing the rules and fitting the
classifier (see perfcon commits learn; now: %s); --min-score and --judge
work with the rules' score. The classifier is a logistic regression over
the rules' cues, the code's idioms, the rules' score and the subject's
words; perf_evidence ends with its probability and the features that
weighed most. The category is named the same way (--category-by; now:
%s): by the rules, the classifier, or both, the classifier's where its
probability reaches the bar learning chose.

The score adds up cues of the message (subject at full weight, body at
half: "optimize", "faster", "fewer allocations", "O(n^2)", benchmark
figures; against: tests, docs, CI, reverts, "fast-forward", "fix perf
test", "clear the cache") and of the changed code (performance idioms such
as sync.Pool, reserve(), lru_cache, bufio), which count only when the
subject hints at performance work. perf_score and perf_evidence keep
both. The category comes from cues of the same kinds
(category_evidence says which), or from --classifier.

--commits FILE mines exactly the commits a study lists, from the clones
given with --repo or --repos: a CSV whose header has repo and sha columns
(or repository, commit, commit_sha, hash), or lines of REPO SHA, commit
URLs (GitHub's, GitLab's, ...) or REPO@SHA, or SHAs alone when there is
one clone. Each listed repository is matched to a clone by the clone's
origin (github.com/OWNER/NAME) or folder name. The listed commits are
scored and categorised as any other and kept whatever their score (the
list says they are performance work), unless they change no function.

Functions are found with a real parser (go/parser for Go, tree-sitter for
Python, C and C++). A function whose code changed (not only its layout) is
a row; its task id is made of the repository, the commit and the symbol,
so mining the same commit again gives the same ids. A commit that changed
more than --large-commit functions is kept, every function a row, and
marked large_commit.

--judge MODEL asks a model of the models file, for every commit scoring at
least --judge-from, whether it is performance work and, if so, of which
category; its answer decides (perf_source and category_source =
model:MODEL). --judge-all asks it about every commit that changes a
function, whatever its message says: one call each, but the only way to
find performance work whose message doesn't tell. --classifier MODEL asks
for the category of every kept commit (category_source = model:MODEL),
over the judge's. Both go through the answer cache and retries, as
describe does.

Defaults: --min-score %d, --judge-from %d, --large-commit %d.`, mining.DefaultLearned().Default, mining.DefaultLearned().CategoryDefault, mining.DefaultMinScore, mining.DefaultJudgeFrom, mining.DefaultLargeCommit),
		Example: `  perfcon commits mine --repo ~/src/numpy --since 2020-01-01 --out mined.parquet
  perfcon commits mine --repo a --repo b --rev v1.0..v2.0 --max-commits 5000
  perfcon commits mine --repos repos.txt --models models.toml --judge qwen --classifier qwen
  perfcon commits mine --repo ~/src/pandas --commits swe-fficiency-commits.csv --out listed.parquet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if reposFile != "" {
				more, err := readRepos(reposFile)
				if err != nil {
					return err
				}
				o.Repos = append(o.Repos, more...)
			}
			if len(o.Repos) == 0 {
				return fmt.Errorf("no repository: name one or more with --repo, or a file of them with --repos")
			}
			for _, r := range o.Repos {
				if st, err := os.Stat(r); err != nil {
					return fmt.Errorf("--repo %s: %w", r, err)
				} else if !st.IsDir() {
					return fmt.Errorf("--repo %s: not a folder", r)
				}
			}
			if commitsFile != "" {
				if judge != "" || o.Rev != "" || o.Since != "" || o.Until != "" {
					return fmt.Errorf("--commits: the list says which commits to mine, and that they are performance work: --rev, --since, --until and --judge don't apply")
				}
				list, err := readCommitList(commitsFile)
				if err != nil {
					return err
				}
				if o.Commits, o.Repos, err = assignCommits(cmd.Context(), list, o.Repos); err != nil {
					return err
				}
			}
			if o.Decide != "" && o.Decide != mining.ByRules && o.Decide != mining.ByLearned {
				return fmt.Errorf("--decide %q: must be %s or %s", o.Decide, mining.ByRules, mining.ByLearned)
			}
			if o.CategoryBy != "" && !slices.Contains([]string{mining.ByRules, mining.ByLearned, mining.ByBoth}, o.CategoryBy) {
				return fmt.Errorf("--category-by %q: must be %s, %s or %s", o.CategoryBy, mining.ByRules, mining.ByLearned, mining.ByBoth)
			}
			if cmd.Flags().Changed("min-score") && o.Decide == "" {
				o.Decide = mining.ByRules // a bar is the rules'
			}
			switch {
			case o.MinScore <= 0:
				return fmt.Errorf("--min-score %v: must be above 0", o.MinScore)
			case o.LargeCommit < 1:
				return fmt.Errorf("--large-commit %d: must be 1 or more", o.LargeCommit)
			case o.MaxCommits < 0:
				return fmt.Errorf("--max-commits %d: can't be negative", o.MaxCommits)
			}
			var err error
			if o.JudgeFrom, err = judgeFrom(cmd, judge, judgeAll, o.JudgeFrom); err != nil {
				return err
			}
			if judge != "" {
				if o.Judge, err = lf.endpoint("judge", judge); err != nil {
					return err
				}
			}
			if classifier != "" {
				if o.Classifier, err = lf.endpoint("classifier", classifier); err != nil {
					return err
				}
			}
			o.Sampling = lf.sampling(cmd)
			o.Cache, o.Refresh = lf.cache(), lf.refresh
			o.Out = e.orDefault(o.Out, "commits")
			o.Progress = e.stderr
			sum, err := mining.Mine(cmd.Context(), o)
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stderr, sum)
			fmt.Fprintf(e.stderr, "commits: %d rows -> %s\n", sum.Rows, o.Out)
			return nil
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.Repos, "repo", nil, "a local clone to mine (repeatable)")
	f.StringVar(&reposFile, "repos", "", "a file listing clones to mine, one path a line (# starts a comment)")
	f.StringVar(&commitsFile, "commits", "", "mine only the commits this file lists (REPO SHA a line, commit URLs, or a CSV with repo and sha columns), each kept whatever its score")
	f.StringVar(&o.Rev, "rev", "", "revision range, as git log takes it (default HEAD)")
	f.StringVar(&o.Since, "since", "", "only commits after this date (git's --since: 2020-01-01, \"2 years ago\")")
	f.StringVar(&o.Until, "until", "", "only commits before this date (git's --until)")
	f.IntVar(&o.MaxCommits, "max-commits", 0, "read at most this many commits a repository, newest first, merges not counted (0: all)")
	f.Float64Var(&o.MinScore, "min-score", mining.DefaultMinScore, "the score from which the rules take a commit for performance work (implies --decide rules)")
	f.StringVar(&o.Decide, "decide", "", "what decides performance work: rules or learned (default: the better on held-out histories)")
	f.StringVar(&o.CategoryBy, "category-by", "", "what names the category: rules, learned, or both (the classifier's where it is sure, the rules' elsewhere; default: the best on held-out histories)")
	f.Float64Var(&o.JudgeFrom, "judge-from", mining.DefaultJudgeFrom, "the lowest score of a commit --judge is asked about")
	f.BoolVar(&judgeAll, "judge-all", false, "ask --judge about every commit that changes a function, whatever its score")
	f.IntVar(&o.LargeCommit, "large-commit", mining.DefaultLargeCommit, "mark commits changing more functions than this as large")
	f.StringVar(&judge, "judge", "", "a model of the models file that decides which commits are performance work")
	f.StringVar(&classifier, "classifier", "", "a model of the models file that names each kept commit's category")
	f.IntVar(&o.Workers, "workers", 0, "commits read and parsed at once (default: one per CPU)")
	f.StringVar(&o.Out, "out", "", "commits table (default <tables>/commits.parquet)")
	f.StringVar(&o.Skipped, "skipped", "", "also write every commit not kept, with its reason, score and evidence, to this JSON Lines file")
	lf.registerEndpoints(c)
	return c
}

// readRepos reads a file of repository paths, one a line; relative paths
// are relative to the file.
func readRepos(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("--repos: %w", err)
	}
	defer f.Close()
	var repos []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if !filepath.IsAbs(line) {
			line = filepath.Join(filepath.Dir(file), line)
		}
		repos = append(repos, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--repos %s: %w", file, err)
	}
	return repos, nil
}

// judgeFrom is the lowest score of a commit the judge is asked about:
// --judge-from, or every score with --judge-all.
func judgeFrom(cmd *cobra.Command, judge string, all bool, from float64) (float64, error) {
	switch {
	case all && judge == "":
		return 0, errors.New("--judge-all: name the judge with --judge MODEL")
	case all && cmd.Flags().Changed("judge-from"):
		return 0, errors.New("--judge-all asks about every commit: --judge-from doesn't apply")
	case all:
		return math.Inf(-1), nil
	case from <= 0:
		return 0, fmt.Errorf("--judge-from %v: must be above 0 (--judge-all asks about every commit)", from)
	}
	return from, nil
}
