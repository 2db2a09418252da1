package mining

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	gitcmd "github.com/perfcon/perfcon/internal/git"
	"github.com/perfcon/perfcon/internal/gitlog"
	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/commits"
)

// Why a commit is not mined: the first check it fails, in this order.
const (
	skipMerge      = "merge"
	skipNoSource   = "no_source"       // no Python, Go, C or C++ file changed (docs, build, data)
	skipNotPerf    = "not_performance" // its message, or its score, says it is other work
	skipFormatting = "formatting_only" // functions changed only in layout, comments or docstrings
	skipNoFunction = "no_changed_function"
	skipJudged     = "judged_not_performance"
	skipUnreadable = "unreadable" // a file's contents are missing from the clone (partial or shallow)
	skipOnlyPrefix = "only_"      // + a file reason: only_test, only_vendored, ...
)

// file is a changed source file worth reading.
type file struct {
	gitlog.File
	lang string
}

// function is a changed function of a commit.
type function struct {
	path           string
	lang           string
	change         source.Change
	patch          string
	added, removed int32
	ordinal        int // among functions of the commit with the same path, symbol and signature
}

// scanned is what mining found in one commit.
type scanned struct {
	commit   gitlog.Commit
	skip     string // why the commit is not kept; "" when it is
	score    float64
	evidence []string
	// subjectCue: the subject has a sign of performance work.
	subjectCue bool
	// vetoed says why no rule or classifier keeps the commit, whatever
	// its words (see vetoOf); "" for most.
	vetoed    string
	functions []function
	category  string
	catWhy    []string
	// perf and cat are the learned classifier's features; by and
	// catBy say who decided.
	perf, cat map[string]float64
	by, catBy string
}

// decider is how a mining run decides: by the rules' score from
// minScore, or by the learned classifier; keepAll keeps every commit
// that changed a function (a study's list). bar is the lowest score a
// message may have, with the most its code could add, to be read on.
type decider struct {
	minScore, bar float64
	learned       *Learned // decides performance work when set
	category      *Learned // names the category when set, as categoryBy
	categoryBy    string   // ByLearned, or ByBoth from categoryFrom
	categoryFrom  float64
	keepAll       bool
	judge         bool // a judge decides: it reads even vetoed commits
	features      bool // keep the features (to learn from)
}

// vetoes are subjects (cleaned, lower case) of work that is never
// performance work by the labels' guide, however much speed it speaks
// of: a revert (what it says of speed is the reverted commit's), undoing
// an optimisation, making tests, CI or builds faster, fixing a
// performance test.
var vetoes = []struct {
	why string
	re  *regexp.Regexp
}{
	{"a revert", regexp.MustCompile(`^\s*revert\b`)},
	{"undoes an optimisation", regexp.MustCompile(`\b(remov\w*|drop\w*|disabl\w*|revert\w*|undo\w*|back out)\b[^.;:!?\n]{0,45}\boptimi[sz]ations?\b`)},
	{"not the product's speed", regexp.MustCompile(notTheProduct)},
	{"a performance test", regexp.MustCompile(`\b(perf|performance|benchmark|speed)[- ]?(tests?|test suite|harness|dashboard|bot)\b`)},
}

// vetoOf says why a commit is never performance work by the rules or
// the classifier, or "".
func vetoOf(subject, body string) string {
	if strings.Contains(body, "this reverts commit") {
		return "a revert"
	}
	for _, v := range vetoes {
		if v.re.MatchString(subject) {
			return v.why
		}
	}
	return ""
}

// maxCode is the most a change's code adds to its message's score.
const maxCode = 2

// prefilter does what needs no file contents: merges, the files worth
// reading, and the message's score. A commit it does not skip goes on to
// scan: one whose message, with the most its code could add, reaches
// d.bar; with the learned classifier deciding, one whose message can
// reach its threshold, whatever its code says.
func prefilter(c gitlog.Commit, repoWord string, d decider) (*scanned, []file) {
	s := &scanned{commit: c}
	if c.Merge() {
		s.skip = skipMerge
		return s, nil
	}
	var files []file
	reasons := map[string]int{}
	changed, added, deleted := 0, 0, 0
	for _, f := range c.Files {
		lang := source.Language(f.Path, nil)
		if lang == "" || !f.Regular() {
			continue
		}
		if why := skipPath(f.Path); why != "" {
			reasons[why]++
			continue
		}
		if (f.Status == 'R' || f.Status == 'C') && f.Similarity == 100 || f.OldBlob == f.NewBlob {
			reasons[fileRename]++
			continue
		}
		switch f.Status {
		case 'A':
			added++
		case 'D':
			deleted++
		default:
			changed++
		}
		files = append(files, file{File: f, lang: lang})
	}
	if changed == 0 && (added == 0 || deleted == 0) {
		// A file added or removed whole has no function on both sides,
		// unless another file lost the function: then it moved.
		if added+deleted > 0 {
			reasons[fileWhole] += added + deleted
		}
		s.skip = onlyReason(reasons)
		return s, nil
	}
	subject, body := subjectAndBody(c.Message, repoWord)
	s.score, s.evidence, s.subjectCue = scoreMessage(subject, body)
	s.vetoed = vetoOf(subject, body)
	if s.vetoed != "" && !d.keepAll && !d.judge {
		// Whatever the classifier makes of the words; a judge reads the
		// diff and decides for itself.
		s.skip, s.evidence = skipNotPerf, append(s.evidence, "never performance work: "+s.vetoed)
		return s, nil
	}
	most := s.score
	if s.subjectCue {
		most += maxCode
	}
	if (s.score <= 0 && !math.IsInf(d.bar, -1)) || most < d.bar {
		s.skip = skipNotPerf
		return s, nil
	}
	if d.learned != nil || d.features {
		s.perf = messageFeatures(subject, body) // perfFeatures adds the code's
	}
	if d.learned != nil && !d.keepAll &&
		d.learned.Perf.mostProb(s.perf, messageFeature, rulesFeature(s.score), rulesFeature(most)) < d.learned.Perf.Threshold {
		s.skip = skipNotPerf
		return s, nil
	}
	return s, files
}

// onlyReason names why none of a commit's files is mined: the commonest
// reason among its source files, or no_source.
func onlyReason(reasons map[string]int) string {
	best, n := "", 0
	for r, k := range reasons {
		if k > n || k == n && r < best {
			best, n = r, k
		}
	}
	if best == "" {
		return skipNoSource
	}
	return skipOnlyPrefix + best
}

// blobReader reads file contents by object id.
type blobReader interface {
	Read(id string) ([]byte, error)
}

// scan reads the files of a commit that passed prefilter, finds the
// functions it changed, and scores the commit with its code.
func scan(s *scanned, files []file, blobs blobReader, parsed *source.Cache, d decider, repoWord string) error {
	reasons, layout, compared, err := s.compare(files, blobs, parsed)
	if errors.Is(err, gitcmd.ErrMissing) {
		s.skip = skipUnreadable
		return nil
	}
	if err != nil {
		return err
	}
	switch {
	case len(s.functions) > 0:
	case layout > 0:
		s.skip = skipFormatting
		return nil
	case compared == 0:
		s.skip = onlyReason(reasons)
		return nil
	default:
		s.skip = skipNoFunction
		return nil
	}
	numberOverloads(s.functions)
	var plus, minus []string
	for _, fn := range s.functions {
		p, m := commits.PatchLines(fn.patch)
		plus, minus = append(plus, p...), append(minus, m...)
	}
	code := codeHits(plus, minus)
	if s.subjectCue {
		// Code tips the balance of a subject that hints at performance;
		// it does not make a case on its own.
		ds, dev := scoreCode(code)
		s.score += ds
		s.evidence = append(s.evidence, dev...)
	}
	lang := s.functions[0].lang
	var hits []cueHit
	s.category, s.catWhy, hits = categorize(messageText(s.commit.Message, repoWord, true), lang, code)
	s.by, s.catBy = table.PerfRules, table.CategoryRules
	if s.perf != nil {
		addCodeFeatures(s.perf, s, code)
	}
	if d.features || d.category != nil {
		s.cat = catFeatures(hits, lang, s.category)
	}
	switch {
	case d.keepAll:
	case d.learned != nil:
		m := d.learned.Perf
		keep, p := m.keeps(s.perf)
		s.by = table.PerfLearned
		s.evidence = append(s.evidence, fmt.Sprintf("learned %.2f (keeps from %.2f): %s", p, m.Threshold, strings.Join(m.why(s.perf, 1, 5), ", ")))
		if !keep {
			s.skip = skipNotPerf
		}
	case s.score < d.minScore:
		s.skip = skipNotPerf
	}
	if d.category != nil {
		m := d.category.Category
		c, p := m.best(s.cat)
		k := slices.Index(m.Classes, c)
		why := fmt.Sprintf("learned %s %.2f (rules: %s): %s", c, p, s.category, strings.Join(m.why(s.cat, k, 4), ", "))
		if classifierNames(d.categoryBy, d.categoryFrom, p) {
			s.catWhy = append([]string{why}, s.catWhy...)
			s.category, s.catBy = c, table.CategoryLearned
		} else {
			s.catWhy = append(s.catWhy, fmt.Sprintf("%s; below %.2f, the rules name it", why, d.categoryFrom))
		}
	}
	return nil
}

// compare finds the functions a commit changed in files (and those it
// moved between them), into s.functions: with why files were not
// compared, how many layout-only changes were seen, and how many files
// were compared.
func (s *scanned) compare(files []file, blobs blobReader, parsed *source.Cache) (reasons map[string]int, layout, compared int, err error) {
	reasons = map[string]int{}
	// Functions only on one side of their file: a function moved to
	// another file pairs with itself across them.
	var gone, come []placed
	for _, f := range files {
		var before, after []byte
		var err error
		if f.OldBlob != "" {
			if before, err = blobs.Read(f.OldBlob); err != nil {
				return nil, 0, 0, err
			}
		}
		if f.NewBlob != "" {
			if after, err = blobs.Read(f.NewBlob); err != nil {
				return nil, 0, 0, err
			}
		}
		why := skipContents(before)
		if why == "" {
			why = skipContents(after)
		}
		if why != "" {
			reasons[why]++
			continue
		}
		if f.OldBlob == "" || f.NewBlob == "" {
			side, contents := &come, after
			if f.NewBlob == "" {
				side, contents = &gone, before
			}
			lang := fileLang(f, before, after)
			fs, err := parsed.Sides(lang, contents)
			if err != nil {
				reasons[fileUnparsed]++
				continue
			}
			compared++
			for _, fn := range fs {
				*side = append(*side, placed{f.Path, lang, fn})
			}
			continue
		}
		lang := fileLang(f, before, after)
		d, err := parsed.Compare(lang, before, after)
		if err != nil {
			reasons[fileUnparsed]++
			continue
		}
		compared++
		layout += d.Layout
		for _, ch := range d.Changed {
			fn := function{path: f.Path, lang: lang, change: ch}
			helpers := newHelpers(ch, d.Added)
			for _, h := range helpers {
				fn.change.CodeAfter += "\n\n" + h.Code
			}
			fn.patch, fn.added, fn.removed = functionPatch(f.OldPath, f.Path, ch)
			for _, h := range helpers {
				fn.patch += helperPatch(h)
				fn.added += int32(strings.Count(h.Code, "\n") + 1)
			}
			s.functions = append(s.functions, fn)
		}
		for _, fn := range d.Removed {
			gone = append(gone, placed{f.Path, lang, fn})
		}
		for _, fn := range d.Added {
			come = append(come, placed{f.Path, lang, fn})
		}
	}
	s.functions = append(s.functions, moved(gone, come)...)
	return reasons, layout, compared, nil
}

// newHelpers are the functions a commit added to a file that a changed
// function of it now calls and did not before: the body moved into a
// helper. They join the function's code after, so that the row holds
// the whole change.
func newHelpers(ch source.Change, added []source.Side) []source.Side {
	var out []source.Side
	for _, a := range added {
		name := a.Symbol[strings.LastIndexAny(a.Symbol, ".:")+1:]
		if name == "" || name == ch.Symbol[strings.LastIndexAny(ch.Symbol, ".:")+1:] {
			continue
		}
		if callsName(ch.CodeAfter, name) && !callsName(ch.CodeBefore, name) {
			out = append(out, a)
		}
	}
	return out
}

// callsName says whether code calls name: the name, whole, then "(" or "<"
// (a template's arguments), white space allowed between.
func callsName(code, name string) bool {
	for i := 0; ; {
		j := strings.Index(code[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		i = end
		if start > 0 && isWordByte(code[start-1]) || end < len(code) && isWordByte(code[end]) {
			continue
		}
		rest := strings.TrimLeft(code[end:], " \t\r\n\f\v")
		if strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "<") {
			return true
		}
	}
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// helperPatch is the hunk that adds a helper, with its line in the file.
func helperPatch(h source.Side) string {
	lines := strings.Split(h.Code, "\n")
	var b strings.Builder
	fmt.Fprintf(&b, "@@ -%d,0 +%d,%d @@\n", h.Line-1, h.Line, len(lines))
	for _, l := range lines {
		b.WriteString("+" + l + "\n")
	}
	return b.String()
}

// fileLang is a changed file's language: a C header is C++ when either
// side of it reads as C++.
func fileLang(f file, before, after []byte) string {
	if f.lang == source.C && (source.Language(f.Path, before) == source.CPP || source.Language(f.Path, after) == source.CPP) {
		return source.CPP
	}
	return f.lang
}

// numberOverloads gives each function its place among the commit's
// functions with the same path, symbol and signature (the same function
// defined under different #if branches), so that their task ids differ.
func numberOverloads(fs []function) {
	seen := map[string]int{}
	for i := range fs {
		k := fs[i].path + "\x00" + fs[i].change.Symbol + "\x00" + fs[i].change.After.Signature
		fs[i].ordinal = seen[k]
		seen[k]++
	}
}

var hunkHeader = regexp.MustCompile(`(?m)^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@`)

// placed is a function on one side of a change, and its file.
type placed struct {
	path, lang string
	source.Side
}

// moved pairs the functions that left one file with those that came to
// another by language and symbol, where each side has one of that name,
// and keeps those whose code changed on the way.
func moved(gone, come []placed) []function {
	key := func(p placed) string { return p.lang + "\x00" + p.Symbol }
	count := map[string]int{}
	for _, p := range gone {
		count["-"+key(p)]++
	}
	for _, p := range come {
		count["+"+key(p)]++
	}
	from := map[string]placed{}
	for _, p := range gone {
		if count["-"+key(p)] == 1 && count["+"+key(p)] == 1 {
			from[key(p)] = p
		}
	}
	var out []function
	for _, to := range come {
		g, ok := from[key(to)]
		if !ok || g.path == to.path {
			continue
		}
		ch, changed := source.Pair(g.Side, to.Side)
		if !changed {
			continue
		}
		fn := function{path: to.path, lang: to.lang, change: ch}
		fn.patch, fn.added, fn.removed = functionPatch(g.path, to.path, ch)
		out = append(out, fn)
	}
	return out
}

// functionPatch is the unified diff of one function, with the file's
// line numbers, and its added and removed line counts.
func functionPatch(oldPath, path string, ch source.Change) (patch string, added, removed int32) {
	old := cmp.Or(oldPath, path)
	p := udiff.Unified("a/"+old, "b/"+path, ch.CodeBefore+"\n", ch.CodeAfter+"\n")
	shift := func(s string, by int) string {
		n, _ := strconv.Atoi(s)
		return strconv.Itoa(n + by)
	}
	p = hunkHeader.ReplaceAllStringFunc(p, func(h string) string {
		m := hunkHeader.FindStringSubmatch(h)
		return fmt.Sprintf("@@ -%s%s +%s%s @@", shift(m[1], ch.Before.Line-1), m[2], shift(m[3], ch.After.Line-1), m[4])
	})
	plus, minus := commits.PatchLines(p)
	return p, int32(len(plus)), int32(len(minus))
}

// scoreCode weighs the performance idioms among a change's added and
// removed lines: half a point for each distinct one, at most 2. Code
// alone never makes a commit performance work; it tips the balance of a
// message that only hints at it.
func scoreCode(code []cueHit) (float64, []string) {
	var hits []string
	for _, h := range code {
		for _, w := range h.words {
			hits = append(hits, fmt.Sprintf("%s %q", whereName(h.cue.where), w))
		}
	}
	if len(hits) == 0 {
		return 0, nil
	}
	sort.Strings(hits)
	hits = distinct(hits)
	score := min(0.5*float64(len(hits)), maxCode)
	return score, []string{fmt.Sprintf("code idioms %+.1f: %s", score, strings.Join(hits[:min(len(hits), 6)], ", "))}
}
