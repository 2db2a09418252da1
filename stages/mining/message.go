package mining

import (
	"fmt"
	"regexp"
	"strings"
)

// A cue is a pattern in a commit message or diff that speaks for (weight
// above 0) or against a performance change.
type cue struct {
	name   string
	re     *regexp.Regexp
	weight float64
	// soft against-cues (a fix, a feature, a refactor) say nothing when
	// the subject names performance work outright: "fix slow parsing",
	// "optimize and simplify".
	soft bool
	need []string // see needed
}

// c makes a cue of a pattern in lower case: messages are matched in
// lower case, which is several times faster than matching ignoring case.
func c(name string, weight float64, pattern string) cue {
	return cue{name: name, re: regexp.MustCompile(pattern), weight: weight, need: needed(pattern)}
}

func soft(name string, weight float64, pattern string) cue {
	q := c(name, weight, pattern)
	q.soft = true
	return q
}

// strong is the subject weight from which soft against-cues are ignored.
const strong = 2.5

// notTheProduct is speed that is not the product's: faster builds, CI,
// tests (a cue against, and a veto of the classifier's keeping it).
const notTheProduct = `\b(faster|speed ?up|quicker|slow|optimi[sz]e)\b[\w\s,-]{0,20}\b(builds?|compil\w+|ci|tests?|test suite|linters?|checks|installs?|docker|pipeline|workflows?|ci runs?)\b|\b(builds?|tests?|ci|compilation|linting)\b[\w\s,-]{0,12}\b(faster|speed ?up|quicker|slow)\b`

// messageCues are matched against a message's subject at full weight and
// its body at half weight, once each. The message is cleaned first: code
// spans, identifiers (snake_case, camelCase, dotted), URLs and the
// repository's own name become placeholders, so "fasthttp", "FastPath()"
// or `optimize_edit_paths` say nothing.
var messageCues = [...]cue{
	// What performance work says of itself.
	c("perf prefix", 4, `^\s*(perf|performance|opt|optim|optimi[sz]ation|speed|speedup)(\([^)]*\))?!?\s*:`),
	c("optimize", 3, `\b(optimi[sz](e|es|ed|ing|ation|ations)|optmi[sz]\w*|optimz\w*|opitmi[sz]\w*|otpimi[sz]\w*|re-?optimi[sz]\w*|de-?pessimi[sz]\w*)\b`),
	c("speed up", 3, `\b(speed(s|ed|ing)?[- ]?ups?|sped[- ]up)\b`),
	c("accelerate", 1.5, `\baccelerat(e|es|ed|ing|ion)\b`),
	c("faster", 3, `\b(faster|quicker|fastest)\b`),
	c("performance", 2.5, `\b(performance|perf|perfomance|peformance|performace|perfromance|preformance)\b`),
	c("more speed", 3, `\b(increas\w*|improv\w*|boost\w*|higher|better|doubl\w*|rais\w*|gain\w*)\b[\w\s,-]{0,25}\b(speed|performance)\b`),
	c("measured gain", 3, `\b\d+(\.\d+)?\s*(ns|us|µs|ms|s|sec|secs|seconds|mins?|minutes|[kmg]i?b|bytes|%)\s*(->|→|=>|to)\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s|sec|secs|seconds|mins?|minutes|[kmg]i?b|bytes|%)|\b\d+(\.\d+)?\s*(x|×|times|%)\s*(faster|speed|speedup|quicker|less|fewer|smaller|improvement|reduction|lower|better|throughput)|\b(from|by) \d+(\.\d+)?\s*(x|%) to \d|\b\d+(\.\d+)?x\b|\b(gives?|gain(s|ed)?( of)?|sav(es|ed|ing)|improv\w*( by)?|faster by|speed-?up of|up to|about|around|roughly|approx\w*)\s+[~+]?\d+(\.\d+)?\s*(%|x|×)`),
	c("benchmark figures", 3, `\b(ns/op|allocs/op|b/op|mb/s|ops/s|op/s|qps|rps|req/s|μs|µs)\b|\bbenchstat\b|old time/op`),
	c("allocations", 3, `\b(zero|no|fewer|less|smaller|lower|shrink\w*|tighter|avoid\w*|eliminat\w*|remov\w*|reduc\w*|sav\w*|skip\w*|prevent\w*|without|cut\w*|minimi[sz]\w*|unnecessary|extra|redundant|don'?t|do not|never|no longer|stop\w*)\b[^.;:!?\n]{0,30}\b(allocs?|allocations?|allocat(e|ed|es|ing)|garbage|gc)\b|\b(alloc|allocation)[- ]?free\b|\bzero[- ]alloc\w*`),
	c("memory use", 3, `\b(reduc\w*|lower\w*|less|sav\w*|cut\w*|decreas\w*|shrink\w*|smaller|minimi[sz]\w*|improv\w*)\b[^.;:!?\n]{0,25}\b(memory|ram|heap|footprint|rss)\b|\bmemory[- ](usage|footprint|consumption|efficien\w*|waste|fragmentation|pressure)\b|\b(object|struct|structure)s? sizes?\b|\bshaves? off\b`),
	c("copies", 2.5, `\b(avoid\w*|eliminat\w*|remov\w*|skip\w*|fewer|no|without|reduc\w*|unnecessary|redundant|extra)\b[^.;:!?\n]{0,20}\b(cop(y|ies|ying))\b|\bzero[- ]copy\b|\bin[- ]place\b|\b(rather than|instead of)\b[\w\s'-]{0,12}\b(cop(y|ying|ies)|memcpy\w*|clon\w*|duplicat\w*|allocat\w*)|\b(pass\w*|tak(e|es|ing)|return\w*|captur\w*)\b[\w\s,-]{0,25}\bby (const )?(ref|reference|pointer)\b`),
	c("less work", 2.5, `\b(avoid\w*|reduc\w*|fewer|less|eliminat\w*|remov\w*|minimi[sz]\w*|cut\w*|sav\w*|skip\w*|don'?t|do not|no longer)\b[^.;:!?\n]{0,15}\b(syscalls?|system calls?|round[- ]?trips?|context[- ]switch\w*|lock(s|ing)?|contention|overhead|(re)?computations?|recomput\w*|conversions?|lookups?|scans?|passes|iterations|hash(es|ing)|reallocations?|loops? over|work)\b`),
	c("skip work", 3, `\b(avoid\w*|skip\w*|don'?t bother|do not bother|no need to)\b[^.;:!?\n]{0,25}\b(reset\w*|clear\w*|zeroing|memset\w*|init(iali[sz]\w*)?|cop(y|ies|ying)|memcpy\w*|checks?|calls?|lookups?|scans?|search\w*|hash(es|ing)?|flush\w*|locks?|locking|sorts?|sorting|allocations?|computations?|copies|passes|traversals?|writes|reads)\b|\b(unnecessary|unneeded|redundant|needless|superfluous|drop\w*|remov\w*|eliminat\w*)\b[^.;:!?\n]{0,25}\b(reset\w*|clear\w*|zeroing|memset\w*|cop(y|ies|ying)|memcpy\w*|(sys)?calls?|stat|lookups?|scans?|hash(es|ing)?|flush\w*|locks?|locking|sorts?|sorting|allocations?|computations?|passes|traversals?)\b`),
	c("hoist", 3, `\bhoist\w*|\b(out of|outside( of)?) (the |a |an )?(inner |hot |main )?loops?\b|\bloop[- ]invariant\b`),
	c("only when needed", 1.5, `\bonly\b[\w\s,'-]{1,40}\b(if|when|once|as needed|on demand|where needed)\b`),
	c("redundant work", 1.5, `\b(unnecessary|unneeded|redundant|needless|superfluous|repeated|wasted|wasteful|excessive|duplicate[d]?)\b`),
	c("complexity", 3, `\bo\((1|n|log ?n|n ?log ?n|n\^?2|n²|n\*n|n\*\*2|v\+e|m\+n)\)|\b(quadratic|exponential (time|complexity|blow-?up)|linear[- ]time|logarithmic|complexity|asymptotic)\b`),
	c("performance regression", 3, `\b(perf(ormance)?|speed|throughput|latency)[ \t\w-]{0,15}\bregress\w*|\bregress\w*[ \t\w-]{0,25}\b(perf(ormance)?|speed|slow\w*|throughput|latency)\b`),
	c("efficiency", 2, `\b(more efficient\w*|efficien(t|cy|tly)|inefficien(t|cy))\b`),
	c("slow", 1.5, `\b(slow(er|ness|ly|down|downs|est)?|sluggish|expensive|costly|cheap(er|ly)?|hot[- ]?(path|spot|loop)|bottleneck|scalab(le|ility)|scales? (better|well))\b`),
	c("throughput", 2, `\b(throughput|latency|latencies|response times?|qps|rps)\b`),
	c("more throughput", 3, `\b(increas\w*|improv\w*|boost\w*|higher|better|doubl\w*|rais\w*|reduc\w*|lower\w*|cut\w*|decreas\w*)\b[\w\s,-]{0,25}\b(throughput|latency|latencies|response times?)\b`),
	c("avoid redoing", 2.5, `\b(avoid\w*|skip\w*|prevent\w*|don'?t|do not|no longer|without|stop\w*|never)\b[\w\s,-]{0,10}\bre-?(comput|calculat|evaluat|explor|visit|travers|pars|read|scan|alloc|build|creat|sort|hash|check|fetch|load|render|encod|decod|copy|copie|process|run|iterat|initiali[sz]|compil)\w*`),
	c("run time", 3, `\b(improv\w*|reduc\w*|speed\w*|faster|lower\w*|decreas\w*|cut\w*|shorter|halv\w*|better)\b[\w\s,-]{0,20}\b(run ?times?|running times?|execution times?|comput\w* times?|wall[- ]?(clock )?times?|cpu (time|usage|load|cycles)|startup time|load times?)\b|\b(get rid of|remov\w*|avoid\w*|replac\w*|drop\w*|eliminat\w*)\b[\w\s,-]{0,25}\bslow\w*`),
	c("fast path", 3, `\bfast[- ]?(path|paths|track)\b|\bshort[- ]?cuts?\b|\b(common|hot|happy|likely) (case|path)s?\b`),
	c("fast thing", 1.5, `\b(fast|quick|cheap)(er)? (reset|case|lookup|copy|check|variant|version|implementation|routine|loop|scan|search|hash|parse|parser|parsing|decod\w*|encod\w*|compar\w*|clear\w*|conversion)s?\b`),
	c("add a cache", 3, `\b(add\w*|introduc\w*|implement\w*|us(e|es|ing)|enabl\w*|turn(s|ed)? on)\b[^.;:!?\n]{0,20}\bcach(e|es|ing)\b|\bmemoi[sz]\w*`),
	c("no need", 2, `\bno (need|reason) (to|for)\b|\bneedlessly\b`),
	c("caching", 1.5, `\b(cache[sd]?|caching|memoi[sz]\w*|memo)\b`),
	c("lazy", 1.5, `\b(lazy|lazily|on[- ]demand|short[- ]circuit\w*|early (exit|return|out|termination)|bail (out )?early|preallocat\w*|pre-allocat\w*|pre-?comput\w*|pre-?siz\w*|reserve)\b`),
	c("reuse", 1.5, `\b(re-?us(e|es|ed|ing)|recycl\w*|pool(s|ed|ing)?|batch(es|ed|ing)?|buffer(ed|ing)|coalesc\w*|amortiz\w*|pipelin\w*|keep-?alive|zero-?cost)\b`),
	c("concurrency", 1.5, `\b(lock[- ]free|lockless|wait[- ]free|contention|contended|fine[- ]grained lock\w*|(rw|read[- ]write) ?(lock|mutex)|atomics?|spin[- ]?lock|busy[- ]wait\w*)\b`),
	c("parallelize", 3, `\b(paralleli[sz](e|es|ed|ing|ation)|in parallel)\b`),
	c("parallel", 1.5, `\b(concurrent(ly)?|multi[- ]?thread\w*|multi[- ]?core|multiprocess\w*)\b`),
	c("cpu work", 3, `\b(simd|vectori[sz]\w*|sse\d*|avx\d*|neon|intrinsics?|branch(less|[- ]free)|branch (predict\w*|mispredict\w*)|mispredict\w*|cache[- ](line|miss\w*|friendly|locality|efficient)|prefetch\w*|unroll\w*|false sharing|bmi2?|popcnt|lzcnt|tzcnt|no-?escape|escape analysis|escap(e|es|ing) to (the )?heap|force[ds]? inlin\w*|always[_ ]inline|inlin(e|ed|ing) (hints?|chain)|swar)\b|\b(\d+|two|four|eight|sixteen|several|multiple) (bytes|words|chars|characters|digits|elements|items|values|bits|lanes)( at (a|one) time| at once| per (loop|iteration|step|cycle|round))\b|\b(a|one) (word|machine word|register|vector|block|chunk|cache line) at a time\b`),
	c("fewer bounds checks", 3, `\b(remov\w*|elimin\w*|avoid\w*|skip\w*|drop\w*|hoist\w*|fewer|reduc\w*|no|without|optimi[sz]\w*)\b[^.;:!?\n]{0,20}\b(bounds?|boundary)[- ]checks?\b|\b(bce|bounds?[- ]check(ing)? elimination|boundary[- ]check(ing)? elimination)\b`),
	c("inline", 1.5, `\binlin(e|ed|es|ing)\b`),
	c("speed", 1.5, `\b(speed|quick(ly)?|rapid(ly)?|snappier|responsive)\b`),
	c("improve", 0.5, `\b(improv\w*|enhanc\w*|better|tun(e|ed|ing)|streamlin\w*)\b`),
	c("avoid", 0.5, `\b(avoid\w*|reduc\w*|instead of|rather than|replac(e|es|ed|ing)\b|switch(ed)? (to|from)|use \w+ (instead|rather))\b`),

	// What other work says of itself.
	c("housekeeping prefix", -5, `^\s*(docs?|doc|documentation|readme|ci|build|tests?|tst|testing|chore|style|lint|format|fmt|release|bump|version|changelog|typo|deps|dependabot|revert|merge|ci/cd|github|workflow|example|examples)(\([^)]*\))?!?\s*[:/]`),
	c("undo optimization", -4, `\b(remov\w*|drop\w*|disabl\w*|revert\w*|undo\w*|back out|deprecat\w*)\b[^.;:!?\n]{0,45}\boptimi[sz]ations?\b`),
	c("revert", -4, `^\s*revert\b|\bthis reverts commit\b`),
	c("merge", -4, `^\s*merge (branch|pull request|remote|tag)\b`),
	c("release", -4, `^\s*(release|bump(ed)?|version|prepare|update version|v?\d+\.\d+(\.\d+)?)\b`),
	c("tests", -2, `\b(tests?|testing|unit[- ]?tests?|test suite|testcases?|benchmarks?|bench|fuzz\w*|coverage|ci|flak\w+)\b`),
	c("docs", -2.5, `\b(docs?|documentation|docstrings?|comments?|readme|typos?|spelling|grammar|wording|changelog|license|copyright|example|examples|tutorial)\b`),
	c("not the product", -4, notTheProduct),
	c("perf test", -4, `\b(perf|performance|benchmark|speed)[- ]?(tests?|suite|harness|numbers|results|report|dashboard|ci|job|bot)\b`),
	c("warnings", -3, `\b(compiler |compile |build |lint |msvc |gcc |clang )?warnings?\b|\bsilenc\w*|\bwerror\b|\bsanitizer\b|\b[amt]san\b|\bubsan\b|\bvalgrind\b`),
	c("fast-forward", -3, `\bfast[- ]forward\w*\b|\bff[- ]only\b`),
	c("cache housekeeping", -3, `\b(clear\w*|flush\w*|invalidat\w*|disabl\w*|purg\w*|bust\w*|clean\w*|remov\w*|fix\w*|reset\w*|stale|wrong|incorrect|evict\w*)\b[\w\s,-]{0,20}\bcaches?\b|\bcache(d)? (key|dir\w*|folder|path|docker|deps|dependencies|pip|npm|layers?|action|artifacts?)\b|\b(docker|pip|npm|go mod|ci|actions?|gradle|maven) cach\w*`),
	c("portability", -3, `\b(make|makes|made|making|get|gets|let|lets)\b[^.;:!?\n]{0,50}\b(work|build|compile|run)s?\b (with|on|under|for|in) (msvc|visual studio|visual c\+\+|gcc|clang|icc|mingw|cygwin|windows|win32|win64|macos|mac|osx|ios|android|freebsd|openbsd|bsd|arm\w*|aarch64|powerpc|ppc\w*|s390x?|mips\w*|risc-?v|wasm|32[- ]bit|big[- ]endian|older|old)\b|\bportab(le|ility)\b|\b(detect\w*|check\w*|query\w*)\b[^.;:!?\n]{0,20}\b(cpu|hardware|processor)\b[^.;:!?\n]{0,15}\b(features?|capabilit\w*|support)\b`),
	soft("bug fix", -1.5, `\b(fix(es|ed|ing)?|bug\w*|crash\w*|panic\w*|segfault\w*|race|data race|deadlock\w*|leak\w*|overflow\w*|underflow|use[- ]after[- ]free|cve|security|vulnerab\w*|regression test|error message|warnings?|typo)\b`),
	soft("feature", -1, `\b(add(s|ed)?|support(s|ed)?|implement(s|ed)?|introduc\w*|new)\b[\w\s,-]{0,25}\b(options?|flags?|parameters?|settings?|config\w*|features?|apis?|methods?|functions?|commands?|support|endpoints?|algorithms?|generators?)\b`),
	soft("refactor", -1, `\b(refactor\w*|clean[- ]?up|cleanup|renam\w*|mov(e|ed|ing) \w+ (to|into)|reorgani[sz]\w*|simplif\w*|tidy|lint\w*|deprecat\w*|re-?format\w*|clang-format|gofmt|code style|whitespace)\b`),
}

// alsoTests is a subject's mention of tests or docs that come with the
// change.
var alsoTests = regexp.MustCompile(`(?i)[,;+&]?\s*\b(and|with|plus|\+|&|add(s|ed)?|adds?|incl(uding)?\.?)\s+(add(s|ed)?\s+)?(a |an |some |more |new )?(unit )?(tests?|benchmarks?|docs?|documentation|comments?)\b`)

// maxBody is the most a message's body adds to its score.
const maxBody = 2.5

var (
	codeSpan   = regexp.MustCompile("`[^`\n]*`")
	url        = regexp.MustCompile(`(?i)\b(https?|ftp)://\S+|\bwww\.\S+`)
	identifier = regexp.MustCompile(`\b[A-Za-z_]\w*\(\)|\b[A-Za-z_][A-Za-z0-9]*(_[A-Za-z0-9_]*|[a-z0-9][A-Z][A-Za-z0-9]*|\.[A-Za-z_][\w.]*)+\b|\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\b|\b[A-Z]{2,}[a-z][A-Za-z0-9]*\b`)
	// neutral is what says a change leaves performance alone, which no
	// cue must read as a claim of it.
	neutral = regexp.MustCompile(`(?i)\b(perf(ormance)?|speed|runtime|throughput)[- ](neutral|unchanged|unaffected|(impact|cost|overhead|penalty|difference|change|effect) (is |was |should be )?(negligible|minimal|none|nil|zero|small))\b|\b(no|without( any)?|negligible|minimal|little|zero) (measurable |noticeable |significant |visible |observable )?(perf(ormance)?|speed|runtime|throughput) (change|difference|impact|effect|regression|penalty|cost|hit|loss)s?\b|\b(does ?n[o']t|should ?n[o']t|will ?n[o']t|won'?t|did ?n[o']t|not) (affect|change|impact|hurt|matter for) (the )?(perf(ormance)?|speed|runtime)\b|\b(not|no|isn'?t|wasn'?t) (a |an )?(perf(ormance)?|speed|optimi[sz]ation)[- ]?(fix|change|issue|problem|improvement|concern|critical|sensitive|related)?\b`)
	trailer = regexp.MustCompile(`(?im)^(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|cc|change-id|reviewed-on|bug|fixes|closes|refs?|git-svn-id|pr-url|pr-close)\s*:.*$`)
)

// messageText is a message in lower case as cues read it: without
// trailers, addresses and the repository's name ("fasthttp"). Without
// names, code spans and identifiers (snake_case, camelCase, dotted) go
// too: the performance cues must not read `optimize_edit_paths()` or
// FastPath; the category cues keep them, since "sync.Pool" tells a
// category. Placeholders end in '_', a word character, so no cue's word
// matches them.
func messageText(msg, repoWord string, names bool) string {
	s := trailer.ReplaceAllString(msg, "")
	s = neutral.ReplaceAllString(s, " neutral_ ")
	s = url.ReplaceAllString(s, " url_ ")
	if !names {
		s = codeSpan.ReplaceAllString(s, " code_ ")
		s = identifier.ReplaceAllString(s, " ident_ ")
	}
	s = strings.ToLower(s)
	if repoWord != "" {
		s = strings.ReplaceAll(s, repoWord, " repo_ ")
	}
	return s
}

// subjectAndBody are a message's subject and body as the cues read
// them (see messageText). A change that also adds tests or docs is not
// test or doc work: the subject loses "and add tests"; a subject that
// starts with adding them keeps it.
func subjectAndBody(msg, repoWord string) (subject, body string) {
	clean := messageText(msg, repoWord, false)
	subject, body, _ = strings.Cut(strings.TrimLeft(clean, "\n "), "\n")
	subject = strings.TrimSpace(subject)
	if loc := alsoTests.FindAllStringIndex(subject, -1); len(loc) > 0 {
		var b strings.Builder
		last := 0
		for _, l := range loc {
			if l[0] > 0 {
				b.WriteString(subject[last:l[0]])
				b.WriteByte(' ')
				last = l[1]
			}
		}
		subject = b.String() + subject[last:]
	}
	return subject, body
}

// scoreMessage weighs the cues of a commit message's subject and body
// (as subjectAndBody gives them): each cue counts once, at full weight in
// the subject or half weight in the body, whichever is more. It returns
// the score, the evidence, and whether the subject has a cue for
// performance work.
func scoreMessage(subject, body string) (score float64, evidence []string, subjectCue bool) {
	// Most messages match no cue: a match is tested first, and found
	// (which costs more) only when there is one.
	var inSubject [len(messageCues)]bool
	outright := false
	for i, q := range messageCues {
		inSubject[i] = mayMatch(q.need, subject) && q.re.MatchString(subject)
		outright = outright || inSubject[i] && q.weight >= strong
	}
	var bodyScore float64
	for i, q := range messageCues {
		if q.soft && outright {
			continue
		}
		w := 0.0
		where := ""
		switch {
		case inSubject[i]:
			w, where = q.weight, fmt.Sprintf("subject %q", strings.TrimSpace(q.re.FindString(subject)))
			subjectCue = subjectCue || q.weight > 0
		case q.weight > 0 && bodyScore < maxBody && mayMatch(q.need, body) && q.re.MatchString(body):
			// Against-cues speak of the subject only: a body that
			// mentions tests, docs or a fix describes the rest of the
			// change, not its purpose. The subject states a commit's
			// purpose; the body, at half weight, adds at most maxBody.
			w = min(q.weight/2, maxBody-bodyScore)
			bodyScore += w
			where = fmt.Sprintf("body %q", strings.TrimSpace(q.re.FindString(body)))
		}
		if w != 0 {
			score += w
			evidence = append(evidence, fmt.Sprintf("%s %+.1f: %s", q.name, w, where))
		}
	}
	return score, evidence, subjectCue
}
