package mining

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gitcmd "github.com/perfcon/perfcon/internal/git"
	"github.com/perfcon/perfcon/internal/gitlog"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/progress"
	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/commits"
)

// Options says which histories to mine and how to judge them.
type Options struct {
	Repos []string // local clones: work trees or bare repositories
	// Rev, Since and Until select commits as git log does; MaxCommits
	// bounds the commits read per repository (merges included; 0: all).
	Rev, Since, Until string
	MaxCommits        int
	// MinScore is the score from which the rules take a commit for
	// performance work (DefaultMinScore when 0).
	MinScore float64
	// LargeCommit: a commit that changes more functions than this is
	// kept, every function a row, and marked large (DefaultLargeCommit
	// when 0).
	LargeCommit int
	// Judge, when set, decides instead of the rules for every commit
	// scoring at least JudgeFrom; Classifier, when set, names the
	// category of every kept commit. Both are asked through the answer
	// cache, as describe is.
	Judge      llm.Model
	JudgeFrom  float64
	Classifier llm.Model
	Sampling   llm.Sampling
	Cache      *llm.Cache
	Refresh    bool
	Out        string
	// Skipped, when set, is a JSON Lines file of every commit scanned
	// and not kept: its reason, score and evidence, to audit recall.
	Skipped  string
	Workers  int // 0: one per CPU
	Progress io.Writer
	// Commits, when set, lists the commits to mine of each repository
	// (by its folder, as in Repos): a study's list of performance
	// commits. Only they are read, each scored and categorised as
	// always, and kept whatever its score: the list says they are
	// performance work.
	Commits map[string][]string
	// Decide and CategoryBy say what decides performance work and names
	// the category: ByRules or ByLearned, or for the category ByBoth
	// ("" for the classifier's own default, the better on held-out
	// repositories). A judge decides from the rules' scores.
	Decide, CategoryBy string
	// Learned is the classifier (DefaultLearned when nil).
	Learned *Learned

	features bool // keep every commit's features, to learn from
}

// decider is how o decides.
func (o Options) decider() decider {
	l := o.Learned
	if l == nil {
		l = DefaultLearned()
	}
	d := decider{minScore: o.MinScore, bar: o.MinScore, keepAll: o.Commits != nil, features: o.features}
	if cmp.Or(o.Decide, l.Default) == ByLearned && o.Judge == nil {
		d.learned = l
	}
	if by := cmp.Or(o.CategoryBy, l.CategoryDefault); o.Classifier == nil && (by == ByLearned || by == ByBoth) {
		d.category, d.categoryBy, d.categoryFrom = l, by, l.CategoryFrom // a --classifier model names it otherwise
	}
	if o.Judge != nil {
		d.bar = min(d.bar, o.JudgeFrom) // the judge is asked from there
		d.judge = true
	}
	if d.keepAll || d.learned != nil {
		d.bar = math.Inf(-1) // listed, or the classifier bounds instead
	}
	if d.keepAll {
		d.minScore = math.Inf(-1) // listed: kept whatever their score
	}
	return d
}

// Defaults of Options.
const (
	DefaultMinScore    = 3
	DefaultJudgeFrom   = 1
	DefaultLargeCommit = 10
)

// Summary is what a mining run found.
type Summary struct {
	Repos                 int
	Scanned, Kept, Rows   int
	Large                 int
	Categories, Languages map[string]int // of kept commits, each once: one of several languages counts as "mixed"
	Skipped               map[string]int // commits, by the first check they failed
	Calls                 llm.Stats
	Elapsed               time.Duration
}

// String is the summary a user reads at the end.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mine: %d %s, %d commits scanned in %s, %d kept as %d functions (%d large commits)\n",
		s.Repos, plural(s.Repos, "repository", "repositories"), s.Scanned, s.Elapsed.Round(time.Millisecond), s.Kept, s.Rows, s.Large)
	fmt.Fprintf(&b, "  per category: %s\n", counts(s.Categories))
	fmt.Fprintf(&b, "  per language: %s\n", counts(s.Languages))
	fmt.Fprintf(&b, "  skipped: %s", counts(s.Skipped))
	if s.Calls.Calls > 0 {
		fmt.Fprintf(&b, "\n  model calls: %s", s.Calls)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// counts is "a 3, b 2" by count, largest first.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.Collect(maps.Keys(m))
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// Mine walks the histories, keeps the commits that improve performance
// and writes one commits row per function each one changed. The table is
// written only when every repository was read.
func Mine(ctx context.Context, o Options) (Summary, error) {
	start := time.Now()
	o.MinScore = cmp.Or(o.MinScore, DefaultMinScore)
	o.JudgeFrom = cmp.Or(o.JudgeFrom, DefaultJudgeFrom)
	o.LargeCommit = cmp.Or(o.LargeCommit, DefaultLargeCommit)
	o.Workers = cmp.Or(o.Workers, runtime.GOMAXPROCS(0))
	sum := Summary{Repos: len(o.Repos), Categories: map[string]int{}, Languages: map[string]int{}, Skipped: map[string]int{}}
	if len(o.Repos) == 0 {
		return sum, errors.New("no repository to mine")
	}
	if o.Cache != nil {
		o.Cache.Preload()
	}
	repos, total, err := o.count(ctx)
	if err != nil {
		return sum, err
	}
	var kept atomic.Int64
	meter := progress.New(o.Progress, "mine", total, func() string { return fmt.Sprintf("%d kept", kept.Load()) })
	var found []*scanned
	var names []string // the repository of each of found
	var skipped []skippedCommit
	for _, r := range repos {
		got, err := mineRepo(ctx, r.dir, r.name, o, meter, &kept)
		if err != nil {
			meter.Done()
			return sum, fmt.Errorf("%s: %w", r.dir, err)
		}
		for _, s := range got {
			if !s.commit.Merge() {
				sum.Scanned++
			} else {
				sum.Skipped[skipMerge]++
				continue
			}
			if s.skip != "" && !(o.Judge != nil && candidate(s, o)) {
				sum.Skipped[s.skip]++
				skipped = append(skipped, skippedOf(s, r.name))
				continue
			}
			found = append(found, s)
			names = append(names, r.name)
		}
	}
	meter.Done()

	judged, stats, err := o.askModels(ctx, found)
	sum.Calls = stats
	if err != nil {
		return sum, err
	}
	rows, skipped := sum.keep(found, names, judged, skipped, o)
	sum.Rows = len(rows)
	if o.Skipped != "" {
		if err := writeSkipped(o.Skipped, skipped); err != nil {
			return sum, err
		}
	}
	if err := table.WriteFile(o.Out, rows); err != nil {
		return sum, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// minedRepo is a repository to mine, with the commits it has to go
// through.
type minedRepo struct {
	dir, name string
	total     int
}

// count counts the commits of each repository to go through.
func (o Options) count(ctx context.Context) ([]minedRepo, int, error) {
	repos := make([]minedRepo, len(o.Repos))
	total := 0
	for i, dir := range o.Repos {
		n, err := gitlog.Count(ctx, dir, o.gitOptionsOf(dir))
		if err != nil {
			if cerr := gitlog.Check(ctx, dir); cerr != nil {
				return nil, 0, cerr
			}
			return nil, 0, fmt.Errorf("%s: %w", dir, err)
		}
		if o.MaxCommits > 0 {
			n = min(n, o.MaxCommits)
		}
		repos[i] = minedRepo{dir, gitlog.Name(ctx, dir), n}
		total += n
	}
	return repos, total, nil
}

// keep makes the rows of the commits the rules (and the models) kept, and
// counts them; the others join skipped.
func (sum *Summary) keep(found []*scanned, names []string, judged []verdict, skipped []skippedCommit, o Options) ([]table.Commit, []skippedCommit) {
	var rows []table.Commit
	for i, s := range found {
		if s.skip != "" {
			sum.Skipped[s.skip]++
			sk := skippedOf(s, names[i])
			if why := judged[i].judgeWhy; why != "" {
				sk.Evidence = append(sk.Evidence, why)
			}
			skipped = append(skipped, sk)
			continue
		}
		sum.Kept++
		langs := map[string]bool{}
		for _, fn := range s.functions {
			langs[fn.lang] = true
		}
		lang := "mixed"
		for l := range langs {
			if len(langs) == 1 {
				lang = l
			}
		}
		sum.Languages[lang]++
		category, _, _ := categoryOf(s, judged[i], o)
		sum.Categories[category]++
		if len(s.functions) > o.LargeCommit {
			sum.Large++
		}
		rows = append(rows, commitRows(s, names[i], judged[i], o)...)
	}
	return rows, skipped
}

func (o Options) gitOptions() gitlog.Options {
	return gitlog.Options{Rev: o.Rev, Since: o.Since, Until: o.Until}
}

// gitOptionsOf are the walk's options for the repository at dir: its
// listed commits alone when there is a list.
func (o Options) gitOptionsOf(dir string) gitlog.Options {
	g := o.gitOptions()
	if o.Commits != nil {
		g = gitlog.Options{Commits: o.Commits[dir]}
	}
	return g
}

// mineRepo scans one repository's commits: the walk on this goroutine,
// file contents and parsing on Workers others, each with its own reader
// of objects. It returns every commit scanned, in the walk's order.
func mineRepo(parent context.Context, dir, name string, o Options, meter *progress.Meter, kept *atomic.Int64) ([]*scanned, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	w, err := gitlog.Walk(ctx, dir, o.gitOptionsOf(dir))
	if err != nil {
		return nil, err
	}
	defer w.Close()
	word := repoWord(name)
	d := o.decider()

	var firstErr error
	var errOnce sync.Once
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	jobs, wait := scanners(ctx, dir, o.Workers, d, word, meter, kept, fail)
	var all []*scanned
	read := 0
	for ctx.Err() == nil && (o.MaxCommits == 0 || read < o.MaxCommits) && w.Next() {
		c := w.Commit()
		if !c.Merge() {
			read++
		}
		s, files := prefilter(c, word, d)
		all = append(all, s)
		if files == nil {
			if !c.Merge() {
				meter.Add(1)
			}
			continue
		}
		select {
		case jobs <- scanJob{s, files}:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wait()
	if err := parent.Err(); err != nil {
		return nil, err // stopped: what failed on the way down says nothing
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return all, nil
}

// scanJob is a commit for a scanner, with the files it changed.
type scanJob struct {
	s     *scanned
	files []file
}

// scanners starts o.Workers scanners of the commits sent on jobs, each
// with its own reader of dir's blobs, sharing one cache of parsed files;
// wait waits for them once jobs is closed. A scanner's error goes to fail.
func scanners(ctx context.Context, dir string, workers int, d decider, word string, meter *progress.Meter, kept *atomic.Int64, fail func(error)) (jobs chan scanJob, wait func()) {
	// Each version of a file is parsed once, whichever commits show it.
	parsed := source.NewCache(2048)
	jobs = make(chan scanJob, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		blobs, err := gitcmd.OpenBlobs(ctx, dir)
		if err != nil {
			fail(err)
			break
		}
		wg.Go(func() {
			defer blobs.Close()
			for j := range jobs {
				if ctx.Err() != nil {
					continue
				}
				if err := scan(j.s, j.files, blobs, parsed, d, word); err != nil {
					fail(fmt.Errorf("commit %s: %w", j.s.commit.SHA, err))
					continue
				}
				if j.s.skip == "" {
					kept.Add(1)
				}
				meter.Add(1)
			}
		})
	}
	return jobs, wg.Wait
}

// repoWord is the repository's own name as it may appear in messages
// ("fasthttp"), which then says nothing about speed.
func repoWord(name string) string {
	w := strings.ToLower(path.Base(name))
	if len(w) < 4 {
		return ""
	}
	return w
}

// taskID names a mined function: the repository, the commit and the
// symbol, readable, and a hash of the path, symbol, signature and place
// among same-named definitions, so the same commit mined twice gives the
// same ids and two functions of one commit never share one.
func taskID(repo, sha string, fn function) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", fn.path, fn.change.Symbol, fn.change.After.Signature, fn.ordinal)))
	parts := []string{commits.Slug(path.Base(repo), 24), sha[:min(len(sha), 10)]}
	if s := commits.Slug(fn.change.Symbol, 40); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(append(parts, hex.EncodeToString(h[:3])), "-")
}

// commitRows turns a kept commit into its rows, one per function.
func commitRows(s *scanned, repo string, v verdict, o Options) []table.Commit {
	c := s.commit
	when := c.CommitTime
	score := s.score
	perfSource := cmp.Or(s.by, table.PerfRules)
	evidence := slices.Clone(s.evidence)
	if v.judged {
		perfSource = "model:" + o.Judge.Name()
	}
	if v.judgeWhy != "" {
		evidence = append(evidence, v.judgeWhy)
	}
	category, catSource, catWhy := categoryOf(s, v, o)
	rows := make([]table.Commit, 0, len(s.functions))
	for _, fn := range s.functions {
		rows = append(rows, table.Commit{
			TaskID:            taskID(repo, c.SHA, fn),
			Source:            table.SourceMined,
			TaskSet:           table.SourceMined,
			Repo:              repo,
			CommitSHA:         c.SHA,
			ParentSHA:         c.Parent(),
			Language:          fn.lang,
			Category:          category,
			CategorySource:    catSource,
			CommitMessage:     strings.TrimSpace(c.Message) + "\n",
			FilePath:          fn.path,
			Symbol:            fn.change.Symbol,
			CodeBefore:        fn.change.CodeBefore + "\n",
			CodeAfter:         fn.change.CodeAfter + "\n",
			Patch:             fn.patch,
			LinesAdded:        fn.added,
			LinesRemoved:      fn.removed,
			CommittedAt:       &when,
			PerfScore:         &score,
			PerfSource:        perfSource,
			PerfEvidence:      evidence,
			CategoryEvidence:  catWhy,
			FunctionsInCommit: int32(len(s.functions)),
			LargeCommit:       len(s.functions) > o.LargeCommit,
		})
	}
	return rows
}

// skippedCommit is a line of the --skipped file.
type skippedCommit struct {
	Repo     string   `json:"repo"`
	SHA      string   `json:"sha"`
	Subject  string   `json:"subject"`
	Reason   string   `json:"reason"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence"`
}

func skippedOf(s *scanned, repo string) skippedCommit {
	return skippedCommit{Repo: repo, SHA: s.commit.SHA, Subject: s.commit.Subject(), Reason: s.skip,
		Score: s.score, Evidence: s.evidence}
}

// writeSkipped writes the skipped commits as JSON Lines, whole or not at
// all.
func writeSkipped(path string, ss []skippedCommit) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, s := range ss {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
