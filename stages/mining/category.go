package mining

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
)

// A categoryCue is a sign of one category: a pattern of the cleaned
// message, or of the lines a change added (+) or removed (-).
type categoryCue struct {
	category string
	where    byte // 'm' message, '+' added lines, '-' removed lines
	weight   float64
	re       *regexp.Regexp
}

func cat(category string, where byte, weight float64, pattern string) categoryCue {
	return categoryCue{category, where, weight, regexp.MustCompile(`(?i)` + pattern)}
}

const (
	apiMisuse   = "api_misuse"
	memory      = "memory_inefficiency"
	concurrency = "poor_concurrency_control"
	ioBound     = "inefficient_io"
	network     = "network_bottleneck"
	algorithm   = "inefficient_algorithm"
	parallel    = "parallelization"
	microArch   = "micro_architectural"
)

// categoryCues: the message speaks loudest; the code's added and removed
// lines confirm. The code cues are the idioms of each category's fixes in
// Go, Python, C and C++.
var categoryCues = []categoryCue{
	// Memory: allocations, copies, garbage, footprint, pools of buffers.
	cat(memory, 'm', 3, `\b(alloc\w*|garbage|gc|heap|footprint|memory|ram|rss|copy|copies|copying|zero[- ]copy|escape\w*|preallocat\w*|pre-allocat\w*|fragmentation|bytes? (from|off)|struct(ure)? sizes?|object sizes?|padding|shaves?)\b`),
	cat(memory, 'm', 1.5, `\b(pool(s|ed|ing)?|re-?use[sd]?|recycl\w*|buffers?)\b`),
	cat(memory, 'm', 2, `\b(pool\w*|re-?us\w*|recycl\w*|shar\w*)\b[\w\s,-]{0,30}\b(buffers?|objects?|memory|slices?|allocations?|bodies|body|arrays?|vectors?|strings?)\b`),
	cat(memory, '+', 1, `sync\.Pool|bytebufferpool|\bAcquire[A-Z]\w*\(|\.Reset\(\)|make\(\[\][^,()]+,\s*0\s*,|\[:0\]|\.reserve\(|std::move\(|\.shrink_to_fit\(|emplace_back\(|__slots__|memoryview\(|\bstring_view\b|strings\.Builder|bytes\.Buffer|\.Grow\(|append\([a-z]\w*\[:0\]|unsafe\.(String|Slice|Pointer)|b2s\(|s2b\(`),
	cat(memory, '-', 0.5, `\bnew\(|make\(\[\]|\.copy\(\)|list\(|strdup\(|malloc\(|std::string\(|\bcopy\.deepcopy\(`),

	// API misuse: a slow call where a fast one exists.
	cat(apiMisuse, 'm', 2.5, `\b(api|library|std(lib)?|standard library|builtin|built-in|function call|instead of (the )?(standard|std|builtin)|deprecated|sprintf|strconv|regexp?|regular expressions?|string (concatenation|formatting|builder)|join|reflection|reflect|json|encoding|serializ\w*|klauspost|compress)\b`),
	cat(apiMisuse, 'm', 1, `\buse \w+(\.\w+)? (instead|rather)\b|\binstead of \w+(\.\w+)?\b`),
	cat(apiMisuse, '-', 1, `fmt\.Sprintf|fmt\.Sprint\(|regexp\.(MustCompile|Compile|Match)|re\.(compile|match|search|sub)\(|\.format\(|\bstr\(|\breflect\.|json\.(Marshal|Unmarshal|dumps|loads)|std::regex|std::endl|\bsscanf\(|\bsprintf\(|strings\.Split|\.split\(|\+= ?["']|io\.ReadAll|ioutil\.ReadAll`),
	cat(apiMisuse, '+', 1, `strconv\.|\.join\(|strings\.(Index|Cut|HasPrefix)|bytes\.(Index|Equal)|append[A-Z]\w*\(|\bstd::string_view\b|std::from_chars|std::to_chars|\bG\._adj\b`),

	// Concurrency control: locks, atomics, contention.
	cat(concurrency, 'm', 3, `\b(lock(s|ed|ing)?|mutex\w*|contention|contended|atomic\w*|lock[- ]free|lockless|wait[- ]free|synchroni[sz]\w*|semaphore|critical section|spin\w*|busy[- ]wait\w*|deadline calls?|sleep\w*|backoff|scalab(le|ility)|per[- ](cpu|thread|core|server|worker)|sharded?|sharding)\b`),
	cat(concurrency, '+', 1, `sync\.RWMutex|\.RLock\(|atomic\.|std::atomic|std::shared_mutex|shared_lock|threading\.RLock|\bsync\.Map\b|\bCompareAndSwap\b|\bmemory_order_`),
	cat(concurrency, '-', 0.5, `\.Lock\(\)|std::lock_guard|std::unique_lock|mutex\.lock\(|\bwith self\._?lock\b|pthread_mutex_lock|time\.Sleep\(|\bsleep\(`),

	// I/O: files, streams, syscalls, flushing, buffering.
	cat(ioBound, 'm', 3, `\b(i/o|io|disk|files?|filesystem|reads?|writes?|syscalls?|system calls?|flush\w*|fsync|sync_with_stdio|buffered|bufio|sendfile|mmap|stdout|stderr|logging|printf?|stream\w*|open\w*|seek\w*|readdir|stat)\b`),
	cat(ioBound, '+', 1, `bufio\.|io\.Copy(Buffer)?\(|BufferedWriter|BufferedReader|\bbuffering=|sendfile|\bmmap\b|readinto\(|writelines\(|sync_with_stdio|\bsetvbuf\(|\bfwrite\(|\bfread\(|os\.ReadFile|WriteTo\(|ReadFrom\(|\\n'|"\\n"`),
	cat(ioBound, '-', 0.5, `std::endl|\.flush\(\)|Flush\(\)|fsync\(|os\.Stat\(|\bfputc\(|\bgetc\(|\.read\(1\)|ReadByte\(\)`),

	// Network: connections, round trips, protocols.
	cat(network, 'm', 3, `\b(network\w*|keep[- ]?alive|round[- ]?trips?|rtt|tcp\w*|udp|http/?2|tls|ssl|handshakes?|sessions? (cache|resumption|reuse)|dial\w*|sockets?|connection (pool\w*|reuse|setup|establishment)|re-?us\w* connections?|requests? (batch\w*|pipelin\w*)|pipelin\w*|n\+1|dns|nagle|nodelay|fast ?open|packets?|bandwidth|rpc|grpc|websockets?|reuseport|batch delay)\b`),
	cat(network, 'm', 0.5, `\b(connections?|conns?|client|server|upstream|downstream|listener|proxy|requests?)\b`),
	cat(network, '+', 1, `http\.Transport|MaxIdleConns|\bKeepAlive|keep_alive|requests\.Session\(|TCP_NODELAY|TCP_FASTOPEN|TCP_DEFER_ACCEPT|SO_REUSEPORT|ClientSessionCache|\bHTTP2\b|http2|SetNoDelay|\bpipelin`),

	// Algorithms and data structures: complexity, lookups, recomputation.
	cat(algorithm, 'm', 3, `\b(algorithm\w*|o\(|complexity|quadratic|linear|logarithmic|search\w*|lookups?|look[- ]up|hash ?(map|table|set)s?|dicts?|dictionar(y|ies)|sets? of|index\w*|sort\w*|binary search|tree|graph|heap|queue|traversal|bfs|dfs|dijkstra|recursion|recursive|iterat\w*|loops?|nested|memoi[sz]\w*|cache[sd]?|caching|recomput\w*|redundant|repeated|short[- ]circuit\w*|early (exit|return)|don'?t loop|only (for|when|if)|skip\w*|avoid\w* re-?\w+|data structures?|computation|compute|calculat\w*)\b`),
	cat(algorithm, 'm', 3, `\b(vectori[sz]\w*|numpy|broadcast\w*|array operations?)\b`), // Python's alone: see misleading
	cat(algorithm, '+', 1, `\bset\(|\bdict\(|\bfrozenset\(|map\[[^\]]+\](struct\{\}|bool|int)|\bbisect\b|sort\.Search|\bheapq\b|lru_cache|functools\.cache|@cache\b|std::unordered_(map|set)|std::set|std::map|\bbreak\b|\bcontinue\b|\bdeque\(|collections\.|\bin \w+_set\b|std::lower_bound|std::binary_search`),
	cat(algorithm, '-', 0.5, `\bfor .* in .*:\s*$|\.index\(|\.count\(|\bin \w+_list\b|std::find\(|\blist\.remove\(|\.insert\(0,`),

	// Parallelism: independent work spread over threads, processes, cores.
	cat(parallel, 'm', 3.5, `\b(paralleli[sz]\w*|in parallel|parallel|concurrently|multi[- ]?thread\w*|multi[- ]?core|thread ?pool|multiprocess\w*|process pool|simultaneous\w*|openmp|omp|fan[- ]out|spread (the )?work|across (cores|cpus|threads))\b`),
	cat(parallel, 'm', 1, `\b(threads?|goroutines?|workers?|async\w*|concurrent)\b`),
	cat(parallel, '+', 1.5, `\bgo func\(|\bgo [a-zA-Z_]\w*\(|sync\.WaitGroup|errgroup\.|std::thread|std::async|std::jthread|#pragma omp|ThreadPoolExecutor|ProcessPoolExecutor|multiprocessing|asyncio\.gather|concurrent\.futures|pthread_create|std::execution::par|tbb::|\bjoblib\b`),

	// Micro-architecture: what the CPU does with the code.
	cat(microArch, 'm', 3, `\bmicro-?optimi[sz]\w*|\b(simd|vectori[sz]\w*|sse\d*|avx\d*|avx-?512|neon|intrinsics?|branch\w*|likely|unlikely|cache[- ]?(lines?|miss\w*|friendly|locality|efficient)|locality|false sharing|align\w*|prefetch\w*|inlin\w*|unroll\w*|bounds[- ]checks?|bce|cpu|instructions?|pipeline stalls?|endian\w*|word[- ](size|sized|at a time)|64[- ]bit|32[- ]bit|bit(wise| tricks?| manipulation)|popcount|clz|ctz|jump table|switch|defer|division|multiply|shifts?|registers?|stack|compiler|gcc|clang|msvc|x86|arm|arm64|aarch64|hardware|assembly|asm|loop unrolling)\b`),
	cat(microArch, '+', 1, `__builtin_expect|\bLIKELY\(|\bUNLIKELY\(|\blikely\(|\bunlikely\(|_mm\d*_\w+\(|__m128|__m256|__m512|alignas\(|__attribute__\(\(aligned|__restrict|\brestrict\b|#pragma (GCC )?unroll|__builtin_prefetch|FORCE_INLINE|__forceinline|always_inline|\bnoinline\b|_ = \w+\[\w+\]|\bbits\.(OnesCount|LeadingZeros|TrailingZeros)|__builtin_(clz|ctz|popcount)|switch string\(|std::bit_cast|\bmemcpy\(`),
	cat(microArch, '-', 0.5, `\bdefer\b|%\s*\d|/\s*\d`),
}

// categorize picks the category with the most weight among the cues of
// message (cleaned) and of the changed lines, and says why. Ties go to
// the order of table.Categories; with no cue at all the change is taken
// for the commonest kind of its language (inefficient_algorithm, or
// micro_architectural for C and C++), and the evidence says so.
func categorize(message, lang string, code []cueHit) (category string, evidence []string, hits []cueHit) {
	fallback := algorithm
	if lang == source.C || lang == source.CPP {
		// C and C++ performance commits are most often about what the
		// CPU does; Go and Python ones about the algorithm.
		fallback = microArch
	}
	score := map[string]float64{}
	why := map[string][]string{}
	// The message's hits, then the code's.
	for i, q := range categoryCues {
		if q.where == 'm' {
			if words := misleading(q, lang, message, distinct(q.re.FindAllString(message, -1))); len(words) > 0 {
				hits = append(hits, cueHit{q, i, words})
			}
		}
	}
	hits = append(hits, code...)
	for _, h := range hits {
		q, words := h.cue, h.words
		// Each distinct word counts, with diminishing weight.
		w := q.weight * min(float64(len(words)), 3) / (1 + 0.5*float64(min(len(words), 3)-1))
		score[q.category] += w
		why[q.category] = append(why[q.category], fmt.Sprintf("%s %q %+.1f", whereName(q.where), strings.Join(words[:min(len(words), 4)], ", "), w))
	}
	best, top := "", 0.0
	for _, c := range table.Categories {
		if score[c] > top {
			best, top = c, score[c]
		}
	}
	if best == "" {
		return fallback, []string{"no category cue: " + fallback + ", the commonest kind in the language"}, hits
	}
	ev := why[best]
	// Say what came second, so a reader sees how close the call was.
	var others []string
	for c, s := range score {
		if c != best {
			others = append(others, fmt.Sprintf("%s %.1f", c, s))
		}
	}
	sort.Strings(others)
	if len(others) > 0 {
		ev = append(ev, fmt.Sprintf("%s %.1f over %s", best, top, strings.Join(others, ", ")))
	}
	return best, ev, hits
}

// compression is a message about a codec, whose "copy" is the
// algorithm's (a match or literal copy), not a copy of memory to avoid.
var compression = regexp.MustCompile(`(?i)\b(compress\w*|decompress\w*|codec|decod\w*|encod\w*|lz\w*|deflate|inflate|literals?|huffman|entropy|zstd|snappy|brotli|gzip|zlib)\b`)

// cpuOnly are the micro-architectural words that speak of the CPU in
// Python too.
var cpuOnly = regexp.MustCompile(`^(simd|sse\d*|avx\S*|neon|intrinsics?|cache[- ]?(lines?|miss\w*|friendly|locality|efficient)|locality|false sharing|prefetch\w*|popcount|clz|ctz|bit(wise| tricks?| manipulation)|word[- ](size|sized|at a time)|micro-?optimi[sz]\w*)$`)

// misleading drops the words of a message cue that say something else
// in their context: Python's "vectorize" is NumPy's array operations,
// not SIMD, and its "inline" or "branch" rarely the CPU's; a codec's
// "copy" is its algorithm's.
func misleading(q categoryCue, lang, message string, words []string) []string {
	drop := func(bad func(string) bool) []string {
		return slices.DeleteFunc(words, bad)
	}
	switch {
	case q.category == microArch && lang == source.Python:
		// Python's "branch", "inline", "switch", "stack" or "compiler"
		// are an AST's, a template's or an interpreter's: only words
		// that can't mean anything but the CPU's work count.
		return drop(func(w string) bool { return !cpuOnly.MatchString(w) })
	case q.category == algorithm && lang != source.Python && strings.Contains(q.re.String(), "numpy"):
		return nil
	case q.category == memory && compression.MatchString(message):
		return drop(func(w string) bool { return strings.HasPrefix(w, "cop") })
	}
	return words
}

// cueHit is a cue, its place in categoryCues, and the distinct words it
// found.
type cueHit struct {
	cue   categoryCue
	index int
	words []string
}

// codeHits matches the code cues to a change's added and removed lines.
func codeHits(plus, minus []string) []cueHit {
	p, m := strings.Join(plus, "\n"), strings.Join(minus, "\n")
	var hits []cueHit
	for i, q := range categoryCues {
		text := p
		switch q.where {
		case 'm':
			continue
		case '-':
			text = m
		}
		if words := distinct(q.re.FindAllString(text, -1)); len(words) > 0 {
			hits = append(hits, cueHit{q, i, words})
		}
	}
	return hits
}

func whereName(w byte) string {
	switch w {
	case '+':
		return "added code"
	case '-':
		return "removed code"
	}
	return "message"
}

func distinct(ms []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		k := strings.ToLower(strings.TrimSpace(m))
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
