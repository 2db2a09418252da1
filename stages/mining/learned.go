package mining

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
)

// Learned is the miner's learned classifier: a logistic regression that
// says whether a commit is performance work, and a multinomial one that
// names its category, both over the cues the rules read (message cues in
// subject and body, the code's idioms, the rules' own score and
// category) and the subject's words. `perfcon commits learn` fits them
// on the labelled histories of datasets/labels and writes them
// here, with how each did on repositories it was not trained on.
type Learned struct {
	Perf     *Linear `json:"perf"`
	Category *Linear `json:"category"`
	// Default and CategoryDefault are what mining uses unless told:
	// "learned" or "rules", whichever did better on held-out
	// repositories when it was fitted (F1 of the decision; agreement
	// of the category on every performance commit reached): on the
	// held-out histories when there are some (ChooseOn), else leaving
	// one training repository out.
	Default         string `json:"default"`
	CategoryDefault string `json:"category_default"`
	// CategoryFrom is, for CategoryDefault ByBoth, the probability of
	// the classifier's category from which it names the category; below
	// it, the rules do.
	CategoryFrom     float64            `json:"category_from,omitempty"`
	CategoryAccuracy map[string]float64 `json:"category_accuracy"`
	// CategoryGates are how ByBoth did at each CategoryFrom it was
	// tried with.
	CategoryGates   []Gate `json:"category_gates,omitempty"`
	CategoryCommits int    `json:"category_commits"`
	// Evaluation is how the classifier and the rules did, leaving each
	// training repository out in turn.
	Evaluation []Figures `json:"evaluation"`
	// HeldOut and HeldOutCategory are how both did on histories kept
	// out of writing the rules and of fitting (see ChooseOn).
	HeldOut                []Figures          `json:"held_out,omitempty"`
	HeldOutCategory        map[string]float64 `json:"held_out_category,omitempty"`
	HeldOutCategoryCommits int                `json:"held_out_category_commits,omitempty"`
	Trained                string             `json:"trained"` // what it was fitted on
}

// Linear is a softmax regression over named features.
type Linear struct {
	Classes  []string    `json:"classes"`
	Features []string    `json:"features"`
	Weights  [][]float64 `json:"weights"` // per class, one per feature
	Bias     []float64   `json:"bias"`
	// Threshold (of Perf) is the probability of performance work from
	// which a commit is kept.
	Threshold float64 `json:"threshold,omitempty"`

	once  sync.Once
	index map[string]int
}

// Figures are a decision's precision, recall and category agreement on
// labelled commits.
type Figures struct {
	Name        string  `json:"name"` // the repository left out, or "all"
	By          string  `json:"by"`   // rules or learned
	Labelled    int     `json:"labelled"`
	Performance int     `json:"performance"`
	Kept        int     `json:"kept"`
	KeptPerf    int     `json:"kept_performance"`
	CategoryOK  int     `json:"category_agreed"`
	Precision   float64 `json:"precision"`
	Recall      float64 `json:"recall"`
	Category    float64 `json:"category"`
}

//go:embed learned.json
var learnedJSON []byte

// Decisions a mining run may be made by, as perf_source and
// category_source name them.
const (
	ByRules   = table.PerfRules
	ByLearned = table.PerfLearned
	// ByBoth names a category by the classifier where it is sure (its
	// probability at least CategoryFrom), by the rules elsewhere.
	ByBoth = "both"
)

// categoryGates are the CategoryFrom values learning chooses among for
// ByBoth.
var categoryGates = []float64{0.4, 0.5, 0.6, 0.7, 0.8, 0.9}

// DefaultLearned is the classifier shipped with perfcon.
var DefaultLearned = sync.OnceValue(func() *Learned {
	var l Learned
	if err := json.Unmarshal(learnedJSON, &l); err != nil {
		panic(fmt.Sprintf("stages/mining/learned.json: %v", err))
	}
	return &l
})

// indexOf is each feature's place among m.Features.
func (m *Linear) indexOf() map[string]int {
	m.once.Do(func() {
		m.index = make(map[string]int, len(m.Features))
		for i, f := range m.Features {
			m.index[f] = i
		}
	})
	return m.index
}

// scores are the model's per-class linear scores of x.
func (m *Linear) scores(x map[string]float64) []float64 {
	index := m.indexOf()
	z := slices.Clone(m.Bias)
	for f, v := range x {
		if i, ok := index[f]; ok {
			for k := range z {
				z[k] += m.Weights[k][i] * v
			}
		}
	}
	return z
}

// Probs are the class probabilities of x.
func (m *Linear) Probs(x map[string]float64) []float64 {
	return softmax(m.scores(x))
}

func softmax(z []float64) []float64 {
	top := slices.Max(z)
	sum := 0.0
	p := make([]float64, len(z))
	for k, v := range z {
		p[k] = math.Exp(v - top)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

// best is the likeliest class and its probability.
func (m *Linear) best(x map[string]float64) (string, float64) {
	p := m.Probs(x)
	k := 0
	for i := range p {
		if p[i] > p[k] {
			k = i
		}
	}
	return m.Classes[k], p[k]
}

// perfProb is the probability that a commit is performance work (class
// 1 of Perf).
func (m *Linear) perfProb(x map[string]float64) float64 { return m.Probs(x)[1] }

// keeps says whether Perf keeps a commit of features x, and its
// probability of performance work.
func (m *Linear) keeps(x map[string]float64) (bool, float64) {
	p := m.perfProb(x)
	return p >= m.Threshold, p
}

// mostProb bounds perfProb over every value the features not in known
// may take: each in [0, 1], but "rules" (the rules' score), in
// [rulesLo, rulesHi]. A commit whose message cannot reach the threshold
// whatever its code says is passed over without reading its files.
func (m *Linear) mostProb(x map[string]float64, known func(string) bool, rulesLo, rulesHi float64) float64 {
	z := m.scores(x)
	margin := z[1] - z[0]
	for i, f := range m.Features {
		if known(f) {
			continue
		}
		d := m.Weights[1][i] - m.Weights[0][i]
		lo, hi := 0.0, 1.0
		if f == "rules" {
			lo, hi = rulesLo, rulesHi
		}
		margin += max(d*lo, d*hi)
	}
	return 1 / (1 + math.Exp(-margin))
}

// rulesFeature is the rules' score as the classifier reads it.
func rulesFeature(score float64) float64 { return max(-1, min(1, score/6)) }

// why lists the features that pushed x towards class k most.
func (m *Linear) why(x map[string]float64, k, n int) []string {
	type part struct {
		f string
		w float64
	}
	var parts []part
	index := m.indexOf()
	for f, v := range x {
		if i, ok := index[f]; ok && v != 0 {
			w := (m.Weights[k][i] - meanOther(m.Weights, k, i)) * v
			parts = append(parts, part{f, w})
		}
	}
	sort.Slice(parts, func(i, j int) bool {
		if math.Abs(parts[i].w) != math.Abs(parts[j].w) {
			return math.Abs(parts[i].w) > math.Abs(parts[j].w)
		}
		return parts[i].f < parts[j].f
	})
	var out []string
	for _, p := range parts[:min(n, len(parts))] {
		out = append(out, fmt.Sprintf("%s %+.2f", p.f, p.w))
	}
	return out
}

func meanOther(w [][]float64, k, i int) float64 {
	s := 0.0
	for j := range w {
		if j != k {
			s += w[j][i]
		}
	}
	return s / float64(len(w)-1)
}

// Features of the performance decision. Those read from the message
// alone are known before a commit's files are: messageFeature says which.
var (
	word     = regexp.MustCompile(`[a-z][a-z']+`)
	stopWord = map[string]bool{"the": true, "and": true, "for": true, "with": true, "from": true, "that": true,
		"this": true, "into": true, "when": true, "its": true, "are": true, "was": true, "not": true,
		"but": true, "than": true, "all": true, "some": true, "code": true, "use": true, "ident": true, "repo": true, "url": true}
)

// stem folds a word's commonest English endings, so "allocations",
// "allocating" and "allocate" are one word.
func stem(w string) string {
	for _, suf := range []string{"ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "e"} {
		if len(w)-len(suf) >= 3 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// messageFeatures are the performance features of a message's subject
// and body (as subjectAndBody gives them): each cue of each, and the
// subject's words.
func messageFeatures(subject, body string) map[string]float64 {
	x := map[string]float64{}
	for _, q := range messageCues {
		if mayMatch(q.need, subject) && q.re.MatchString(subject) {
			x["subject:"+q.name] = 1
		}
		if mayMatch(q.need, body) && q.re.MatchString(body) {
			x["body:"+q.name] = 1
		}
	}
	for _, w := range word.FindAllString(subject, -1) {
		if len(w) >= 3 && !stopWord[w] {
			x["word:"+stem(w)] = 1
		}
	}
	if strings.TrimSpace(body) == "" {
		x["no body"] = 1
	}
	return x
}

func messageFeature(f string) bool {
	return strings.HasPrefix(f, "subject:") || strings.HasPrefix(f, "body:") || strings.HasPrefix(f, "word:") || f == "no body"
}

// addCodeFeatures adds to a commit's message features (x) those of
// its code: its idioms, its size, its language, and the rules' score.
func addCodeFeatures(x map[string]float64, s *scanned, code []cueHit) {
	for _, h := range code {
		x["code:"+h.cue.category+string(h.cue.where)] = 1
	}
	added, removed := 0, 0
	for _, fn := range s.functions {
		added += int(fn.added)
		removed += int(fn.removed)
	}
	x["functions"] = min(math.Log1p(float64(len(s.functions)))/4, 1)
	x["lines"] = min(math.Log1p(float64(added+removed))/8, 1)
	if added+removed > 0 {
		x["share removed"] = float64(removed) / float64(added+removed)
	}
	if len(s.functions) > 0 {
		x["lang:"+langGroup(s.functions[0].lang)] = 1
	}
	x["rules"] = rulesFeature(s.score)
}

func langGroup(lang string) string {
	if lang == source.C {
		return source.CPP
	}
	return lang
}

// catFeatures are the category decision's features: each category cue's
// hits (message and code, as categorize found them), the language, and
// the rules' pick.
func catFeatures(hits []cueHit, lang string, rules string) map[string]float64 {
	x := map[string]float64{"rules:" + rules: 1, "lang:" + langGroup(lang): 1}
	for _, h := range hits {
		q := categoryCues[h.index]
		x[fmt.Sprintf("cue:%s%c%d", q.category, q.where, h.index)] = min(float64(len(h.words)), 3) / 3
	}
	return x
}
