package mining

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"gonum.org/v1/gonum/optimize"

	"github.com/perfcon/perfcon/internal/gitlog"
	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/progress"
	"github.com/perfcon/perfcon/internal/table"
)

// Example is a labelled commit as the learner sees it.
type Example struct {
	Repo, SHA, Subject string
	Perf               bool   // the label: performance work
	Category           string // the label's category, for performance work
	// Passed is why the miner passes over the commit whatever is
	// decided (no source file, formatting only, ...); "" when it
	// reaches the decision.
	Passed string
	// Rules and RulesCategory are what the rules decide.
	Rules         bool
	RulesCategory string
	Score         float64 // the rules' score
	// Vetoed says why the rules and the classifier never keep the
	// commit (a revert, a faster test suite; a judge decides for
	// itself), "" for most.
	Vetoed string
	// Judge is a judge's verdict, "yes" or "no", where one was asked
	// and answered (see Judging), and JudgeCategory the category it
	// named with a yes.
	Judge, JudgeCategory string
	perf, cat            map[string]float64
}

// Judging asks a model of the models file whether commits are
// performance work, as commits mine --judge does: every commit that
// changed functions and scores at least From.
type Judging struct {
	Model    llm.Model
	From     float64
	Sampling llm.Sampling
	Cache    *llm.Cache
	Refresh  bool
	Progress io.Writer
}

// ByJudge, to Score and Decide, is a judge's decision where it gave
// one and the rules' elsewhere, with the default category.
const ByJudge = "judge"

// Examples reads the listed commits of the clone at dir as the miner
// does, with what the rules decide and the features the classifier
// reads. Labels are the caller's to fill in.
func Examples(ctx context.Context, dir string, shas []string, workers int, judge *Judging) ([]Example, error) {
	o := Options{Repos: []string{dir}, Commits: map[string][]string{dir: shas}, Workers: workers, features: true, Decide: ByRules, CategoryBy: ByRules}
	o.MinScore, o.JudgeFrom, o.LargeCommit = DefaultMinScore, DefaultJudgeFrom, DefaultLargeCommit
	o.Workers = max(o.Workers, 1)
	var kept atomic.Int64
	name := gitlog.Name(ctx, dir)
	all, err := mineRepo(ctx, dir, name, o, progress.New(nil, "", 0, nil), &kept)
	if err != nil {
		return nil, err
	}
	out := make([]Example, 0, len(all))
	for _, s := range all {
		e := Example{Repo: name, SHA: s.commit.SHA, Subject: s.commit.Subject(), Passed: s.skip, perf: s.perf, cat: s.cat, Score: s.score, Vetoed: s.vetoed}
		if s.commit.Merge() {
			e.Passed = skipMerge
		}
		if e.Passed == "" {
			e.Rules = s.score >= DefaultMinScore && s.vetoed == ""
			e.RulesCategory = s.category
		}
		out = append(out, e)
	}
	if judge != nil {
		o.Judge, o.JudgeFrom, o.Sampling, o.Cache, o.Refresh, o.Progress = judge.Model, judge.From, judge.Sampling, judge.Cache, judge.Refresh, judge.Progress
		verdicts, _, err := o.askModels(ctx, all)
		if err != nil {
			return nil, err
		}
		for i, v := range verdicts {
			switch {
			case !v.judged || out[i].Passed != "":
			case all[i].skip == skipJudged:
				out[i].Judge = "no"
			default:
				out[i].Judge, out[i].JudgeCategory = "yes", v.judgeCategory
			}
		}
	}
	return out, nil
}

// LearnOptions tune Learn.
type LearnOptions struct {
	// Lambdas are the L2 penalties tried; each fold picks the one with
	// the least log loss on the repositories it leaves out.
	Lambdas []float64
	// MinCount: a feature is kept when this many training commits have
	// it, and a subject word when commits of two repositories do.
	MinCount int
	Log      func(format string, args ...any)
}

// Learn fits the classifier to examples and evaluates it and the rules
// leaving one repository out at a time: the classifier of each fold is
// fitted, its penalty and threshold chosen, without the repository it
// is scored on. The default decision is the one with the higher F1 over
// all folds, for performance work and for the category apart.
func Learn(ctx context.Context, examples []Example, o LearnOptions) (*Learned, error) {
	if len(o.Lambdas) == 0 {
		o.Lambdas = []float64{0.003, 0.01, 0.03}
	}
	o.MinCount = max(o.MinCount, 1)
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	repos := reposOf(examples)
	if len(repos) < 3 {
		return nil, fmt.Errorf("learning needs labelled commits of at least 3 repositories to leave one out, have %d", len(repos))
	}
	prob, cat, catP, thresholds, err := outOfFold(ctx, examples, repos, o)
	if err != nil {
		return nil, err
	}
	l := &Learned{}
	rules := scoreEach(examples, ByRules, func(i int) bool { return examples[i].Rules }, func(i int) string { return examples[i].RulesCategory })
	learned := scoreEach(examples, ByLearned, func(i int) bool {
		return prob[i] >= thresholdOf(thresholds, repos, examples[i].Repo) && examples[i].Vetoed == ""
	}, func(i int) string { return cat[i] })
	l.Evaluation = append(rules, learned...)
	// The categories apart: of every performance commit the miner
	// reaches, whichever decision keeps it.
	l.CategoryAccuracy = map[string]float64{}
	l.CategoryAccuracy[ByRules], l.CategoryCommits = agreement(examples, func(i int) string { return examples[i].RulesCategory })
	l.CategoryAccuracy[ByLearned], _ = agreement(examples, func(i int) string { return cat[i] })
	for _, from := range categoryGates {
		a, _ := agreement(examples, func(i int) string {
			return pickCategory(ByBoth, from, examples[i].RulesCategory, cat[i], catP[i])
		})
		l.CategoryGates = append(l.CategoryGates, Gate{From: from, LeftOut: a})
	}
	final, err := choose(ctx, examples, o, perfTask)
	if err != nil {
		return nil, err
	}
	finalCat, err := choose(ctx, examples, o, catTask)
	if err != nil {
		return nil, err
	}
	l.Perf, l.Category = final.Linear, finalCat.Linear
	l.Default = ByRules
	if f1(learned[len(learned)-1]) > f1(rules[len(rules)-1]) {
		l.Default = ByLearned
	}
	l.chooseCategory(func(by string, from float64) float64 { return l.agreement(by, from, false) })
	l.Trained = fmt.Sprintf("%d labelled commits of %d repositories (%s)", len(examples), len(repos), strings.Join(repos, ", "))
	return l, nil
}

// ChooseOn scores the rules and l on held-out examples, commits of
// repositories neither was written or fitted on, and makes the better of
// each the default: the decision with the higher F1 on them, the
// category that agrees with more performance commits, held out or left
// out. l.HeldOut keeps the
// figures; the left-one-out ones choose when there is no held-out set.
func (l *Learned) ChooseOn(heldout []Example) {
	rules, learned := Score(heldout, ByRules, l), Score(heldout, ByLearned, l)
	l.HeldOut = append(rules, learned...)
	l.Default = ByRules
	if f1(learned[len(learned)-1]) > f1(rules[len(rules)-1]) {
		l.Default = ByLearned
	}
	l.HeldOutCategory = map[string]float64{}
	for _, by := range []string{ByRules, ByLearned} {
		l.HeldOutCategory[by], l.HeldOutCategoryCommits = agreement(heldout, func(i int) string {
			return heldout[i].categoryBy(by, l)
		})
	}
	for k, g := range l.CategoryGates {
		l.CategoryGates[k].HeldOut, _ = agreement(heldout, func(i int) string {
			c, p := l.Category.best(heldout[i].cat)
			return pickCategory(ByBoth, g.From, heldout[i].RulesCategory, c, p)
		})
	}
	// The categories are told apart on fewer commits than the
	// decision: the held-out ones and those left out in turn count
	// together.
	l.chooseCategory(func(by string, from float64) float64 {
		return l.agreement(by, from, false)*float64(l.CategoryCommits) + l.agreement(by, from, true)*float64(l.HeldOutCategoryCommits)
	})
}

// Gate is how the categories of ByBoth agreed with the labels with the
// classifier's from a probability of From: leaving each training
// repository out, and on the held-out histories.
type Gate struct {
	From    float64 `json:"from"`
	LeftOut float64 `json:"left_out"`
	HeldOut float64 `json:"held_out,omitempty"`
}

// agreement is the agreement of by's categories (with from, for
// ByBoth) leaving each training repository out, or held out.
func (l *Learned) agreement(by string, from float64, heldOut bool) float64 {
	if by != ByBoth {
		if heldOut {
			return l.HeldOutCategory[by]
		}
		return l.CategoryAccuracy[by]
	}
	for _, g := range l.CategoryGates {
		if g.From == from {
			return g.Agreement(heldOut)
		}
	}
	return 0
}

// Agreement is g's agreement held out, or left out.
func (g Gate) Agreement(heldOut bool) float64 {
	if heldOut {
		return g.HeldOut
	}
	return g.LeftOut
}

// chooseCategory makes the way of naming categories that agrees best
// (by agreement) the default: the rules, the classifier, or both with
// the classifier's where it is sure enough; a tie goes to the simpler.
func (l *Learned) chooseCategory(agreement func(by string, from float64) float64) {
	l.CategoryDefault, l.CategoryFrom = ByRules, 0
	best := agreement(ByRules, 0)
	if a := agreement(ByLearned, 0); a > best {
		l.CategoryDefault, best = ByLearned, a
	}
	for _, g := range l.CategoryGates {
		if a := agreement(ByBoth, g.From); a > best {
			l.CategoryDefault, l.CategoryFrom, best = ByBoth, g.From, a
		}
	}
}

// categoryBy is by's category of e, whether or not it is kept.
func (e Example) categoryBy(by string, l *Learned) string {
	c, p := l.Category.best(e.cat)
	return pickCategory(by, l.CategoryFrom, e.RulesCategory, c, p)
}

// pickCategory is by's category of a commit the rules put in rules and
// the classifier in learned with probability p: ByBoth takes the
// classifier's from probability from.
func pickCategory(by string, from float64, rules, learned string, p float64) string {
	if classifierNames(by, from, p) {
		return learned
	}
	return rules
}

// classifierNames says whether by names a commit's category by the
// classifier's pick, of probability p: always for ByLearned, from
// probability from for ByBoth. Mining and its evaluation both ask it.
func classifierNames(by string, from, p float64) bool {
	return by == ByLearned || by == ByBoth && p >= from
}

// outOfFold fits the classifier leaving each repository out and
// predicts that repository's commits: the probability of performance
// work, the category, and the threshold of each fold.
func outOfFold(ctx context.Context, examples []Example, repos []string, o LearnOptions) (prob []float64, cat []string, catP []float64, thresholds []float64, err error) {
	prob = make([]float64, len(examples))
	cat = make([]string, len(examples))
	catP = make([]float64, len(examples))
	for _, r := range repos {
		train, test := split(examples, r)
		pm, err := choose(ctx, train, o, perfTask)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		cm, err := choose(ctx, train, o, catTask)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		thresholds = append(thresholds, pm.Threshold)
		for _, i := range test {
			if e := examples[i]; e.Passed == "" {
				prob[i] = pm.perfProb(e.perf)
				cat[i], catP[i] = cm.best(e.cat)
			}
		}
		o.Log("left out %s: penalty %g, threshold %.2f", r, pm.lambda, pm.Threshold)
	}
	return prob, cat, catP, thresholds, nil
}

// agreement is the share of the performance commits the miner reaches
// whose category is as labelled, and their number.
func agreement(examples []Example, category func(i int) string) (float64, int) {
	n, ok := 0, 0
	for i, e := range examples {
		if catTask.use(e) {
			n++
			if category(i) == e.Category {
				ok++
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return math.Round(1000*float64(ok)/float64(n)) / 1000, n
}

// thresholdOf is the threshold chosen in the fold that left repo out.
func thresholdOf(ts []float64, repos []string, repo string) float64 {
	return ts[slices.Index(repos, repo)]
}

func f1(f Figures) float64 {
	if f.Precision+f.Recall == 0 {
		return 0
	}
	return 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
}

func reposOf(examples []Example) []string {
	var repos []string
	for _, e := range examples {
		if !slices.Contains(repos, e.Repo) {
			repos = append(repos, e.Repo)
		}
	}
	sort.Strings(repos)
	return repos
}

// split is the examples of the other repositories, and the indices of
// repo's.
func split(examples []Example, repo string) (train []Example, test []int) {
	for i, e := range examples {
		if e.Repo == repo {
			test = append(test, i)
		} else {
			train = append(train, e)
		}
	}
	return train, test
}

// figures scores a decision (keep) and its category on one repository's
// examples: a performance commit passed over counts as missed.
func figures(examples []Example, repo string, keep func(int) bool, category func(int) string, by string) Figures {
	f := Figures{Name: repo, By: by}
	for i, e := range examples {
		if e.Repo != repo {
			continue
		}
		f.Labelled++
		if e.Perf {
			f.Performance++
		}
		if e.Passed != "" || !keep(i) {
			continue
		}
		f.Kept++
		if e.Perf {
			f.KeptPerf++
			if category(i) == e.Category {
				f.CategoryOK++
			}
		}
	}
	f.finish()
	return f
}

// ByDefault, to Score and Decide, is what mining does unless told: the
// classifier's default decision with its default category.
const ByDefault = "default"

// Decide is what by (ByRules, ByLearned or ByDefault) decides of e:
// whether it is kept, its category, and the rules' score or the
// classifier's probability.
func (e Example) Decide(by string, l *Learned) (keep bool, category string, value float64) {
	if e.Passed != "" {
		return false, "", 0
	}
	perfBy, catBy := by, by
	if by == ByDefault {
		perfBy, catBy = l.Default, l.CategoryDefault
	}
	keep, value = e.Rules, e.Score
	switch perfBy {
	case ByLearned:
		keep, value = l.Perf.keeps(e.perf)
		keep = keep && e.Vetoed == ""
	case ByJudge:
		if e.Judge != "" {
			keep = e.Judge == "yes"
		}
		if e.JudgeCategory != "" {
			return keep, e.JudgeCategory, value
		}
		catBy = l.CategoryDefault
	}
	return keep, e.categoryBy(catBy, l), value
}

// Score scores a decision already made: the rules' or the shipped
// classifier's on labelled examples, repository by repository, then all
// together.
func Score(examples []Example, by string, l *Learned) []Figures {
	keep := func(i int) bool { k, _, _ := examples[i].Decide(by, l); return k }
	category := func(i int) string { _, c, _ := examples[i].Decide(by, l); return c }
	return scoreEach(examples, by, keep, category)
}

// scoreEach scores a decision (keep) and its category on each
// repository's examples, then on all of them (the last Figures).
func scoreEach(examples []Example, by string, keep func(int) bool, category func(int) string) []Figures {
	var out []Figures
	all := Figures{Name: "all", By: by}
	for _, r := range reposOf(examples) {
		f := figures(examples, r, keep, category, by)
		out = append(out, f)
		all = all.add(f)
	}
	all.finish()
	return append(out, all)
}

func (f Figures) add(g Figures) Figures {
	f.Labelled += g.Labelled
	f.Performance += g.Performance
	f.Kept += g.Kept
	f.KeptPerf += g.KeptPerf
	f.CategoryOK += g.CategoryOK
	return f
}

func (f *Figures) finish() {
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return math.Round(1000*float64(a)/float64(b)) / 1000
	}
	f.Precision = ratio(f.KeptPerf, f.Kept)
	f.Recall = ratio(f.KeptPerf, f.Performance)
	f.Category = ratio(f.CategoryOK, f.KeptPerf)
}

// A task is what a model learns: which examples it learns from, their
// classes, and their features.
type task struct {
	classes []string
	use     func(e Example) bool
	class   func(e Example) int
	x       func(e Example) map[string]float64
}

var (
	perfTask = task{
		classes: []string{"other", "performance"},
		use:     func(e Example) bool { return e.Passed == "" },
		class: func(e Example) int {
			if e.Perf {
				return 1
			}
			return 0
		},
		x: func(e Example) map[string]float64 { return e.perf },
	}
	catTask = task{
		classes: table.Categories,
		use:     func(e Example) bool { return e.Passed == "" && e.Perf && slices.Contains(table.Categories, e.Category) },
		class:   func(e Example) int { return slices.Index(table.Categories, e.Category) },
		x:       func(e Example) map[string]float64 { return e.cat },
	}
)

// fitted is a model with the penalty it was fitted with.
type fitted struct {
	*Linear
	lambda float64
}

// choose fits t's model to examples with the penalty that predicts best
// leaving each of their repositories out, and, for performance, the
// threshold with the highest F1 on those predictions.
func choose(ctx context.Context, examples []Example, o LearnOptions, t task) (fitted, error) {
	repos := reposOf(examples)
	best, bestLoss := 0.0, math.Inf(1)
	var bestProbs [][]float64
	for _, lambda := range o.Lambdas {
		loss := 0.0
		probs := make([][]float64, len(examples))
		for _, r := range repos {
			if err := ctx.Err(); err != nil {
				return fitted{}, err
			}
			train, test := split(examples, r)
			m, err := fit(train, t, lambda, o.MinCount)
			if err != nil {
				return fitted{}, err
			}
			for _, i := range test {
				if e := examples[i]; t.use(e) {
					probs[i] = m.Probs(t.x(e))
					loss -= math.Log(max(probs[i][t.class(e)], 1e-9))
				}
			}
		}
		if loss < bestLoss {
			best, bestLoss, bestProbs = lambda, loss, probs
		}
	}
	m, err := fit(examples, t, best, o.MinCount)
	if err != nil {
		return fitted{}, err
	}
	if len(t.classes) == 2 {
		m.Threshold = bestThreshold(examples, bestProbs, t)
	}
	return fitted{m, best}, nil
}

// bestThreshold is the probability of class 1 from which keeping gives
// the highest F1 on out-of-fold predictions.
func bestThreshold(examples []Example, probs [][]float64, t task) float64 {
	type pred struct {
		p   float64
		yes bool
	}
	var ps []pred
	positives := 0
	for i, e := range examples {
		if t.use(e) && probs[i] != nil {
			ps = append(ps, pred{probs[i][1], t.class(e) == 1})
		}
		if t.class(e) == 1 {
			positives++
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].p > ps[j].p })
	best, threshold := -1.0, 0.5
	tp := 0
	for k, p := range ps {
		if p.yes {
			tp++
		}
		if k+1 < len(ps) && ps[k+1].p == p.p {
			continue
		}
		f := 2 * float64(tp) / float64(k+1+positives)
		if f > best {
			best = f
			threshold = p.p
			if k+1 < len(ps) {
				threshold = (p.p + ps[k+1].p) / 2
			}
		}
	}
	return math.Round(threshold*1000) / 1000
}

// fit fits a softmax regression of t with L2 penalty lambda (the bias
// unpenalised) to the examples t uses, over the features at least
// minCount of them have (subject words: in two repositories too).
func fit(examples []Example, t task, lambda float64, minCount int) (*Linear, error) {
	features, rows, ys := design(examples, t, minCount)
	if len(rows) == 0 {
		return nil, fmt.Errorf("no labelled commit to learn from")
	}
	K, D := len(t.classes), len(features)
	res, err := optimize.Minimize(objective(rows, ys, K, D, lambda), make([]float64, K*(D+1)),
		&optimize.Settings{MajorIterations: 1000, GradientThreshold: 1e-6}, &optimize.LBFGS{})
	if err != nil && res == nil {
		return nil, fmt.Errorf("fitting: %w", err)
	}
	m := &Linear{Classes: t.classes, Features: features, Weights: make([][]float64, K), Bias: make([]float64, K)}
	for k := range K {
		m.Weights[k] = make([]float64, D)
		for i := range D {
			m.Weights[k][i] = round(res.X[k*(D+1)+i])
		}
		m.Bias[k] = round(res.X[k*(D+1)+D])
	}
	return m, nil
}

// entry is a feature's index and value in a row.
type entry struct {
	i int
	v float64
}

// design is the features fit keeps, and the examples t uses as sparse
// rows of them with their classes.
func design(examples []Example, t task, minCount int) (features []string, rows [][]entry, ys []int) {
	var xs []map[string]float64
	count := map[string]int{}
	wordRepos := map[string]map[string]bool{}
	for _, e := range examples {
		if !t.use(e) {
			continue
		}
		x := t.x(e)
		xs, ys = append(xs, x), append(ys, t.class(e))
		for f := range x {
			count[f]++
			if strings.HasPrefix(f, "word:") {
				if wordRepos[f] == nil {
					wordRepos[f] = map[string]bool{}
				}
				wordRepos[f][e.Repo] = true
			}
		}
	}
	for f, n := range count {
		if n >= minCount && (!strings.HasPrefix(f, "word:") || len(wordRepos[f]) >= 2) {
			features = append(features, f)
		}
	}
	sort.Strings(features)
	index := map[string]int{}
	for i, f := range features {
		index[f] = i
	}
	rows = make([][]entry, len(xs))
	for r, x := range xs {
		for f, v := range x {
			if i, ok := index[f]; ok {
				rows[r] = append(rows[r], entry{i, v})
			}
		}
	}
	return features, rows, ys
}

// objective is the mean log loss of a softmax regression of K classes
// over D features on rows, plus lambda/2 times its squared weights (not
// its biases): parameters are K runs of D weights and a bias.
func objective(rows [][]entry, ys []int, K, D int, lambda float64) optimize.Problem {
	N := float64(len(rows))
	z := make([]float64, K)
	probs := func(w []float64, row []entry) []float64 {
		for k := range K {
			z[k] = w[k*(D+1)+D]
			for _, e := range row {
				z[k] += w[k*(D+1)+e.i] * e.v
			}
		}
		return softmax(z)
	}
	return optimize.Problem{
		Func: func(w []float64) float64 {
			loss := 0.0
			for r, row := range rows {
				loss -= math.Log(max(probs(w, row)[ys[r]], 1e-300))
			}
			loss /= N
			for k := range K {
				for i := range D {
					loss += lambda / 2 * w[k*(D+1)+i] * w[k*(D+1)+i]
				}
			}
			return loss
		},
		Grad: func(g, w []float64) {
			clear(g)
			for r, row := range rows {
				p := probs(w, row)
				for k := range K {
					d := p[k]
					if k == ys[r] {
						d--
					}
					d /= N
					g[k*(D+1)+D] += d
					for _, e := range row {
						g[k*(D+1)+e.i] += d * e.v
					}
				}
			}
			for k := range K {
				for i := range D {
					g[k*(D+1)+i] += lambda * w[k*(D+1)+i]
				}
			}
		},
	}
}

func round(v float64) float64 { return math.Round(v*1e5) / 1e5 }
