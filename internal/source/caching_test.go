package source

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each rewrite of a function is flagged with the caching it adds over
// code before, and only that: constants, tables only read, state of one
// call and the caching code before had are not.
func TestAddsCaching(t *testing.T) {
	const (
		pyBefore = "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
		goBefore = "func Fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn Fib(n-1) + Fib(n-2)\n}\n"
		cBefore  = "long fib(int n) {\n    return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\n"
	)
	for _, tc := range []struct {
		name, lang, before, generated string
		want                          []string
	}{
		// Python: added caching.
		{"lru_cache", Python, pyBefore, `from functools import lru_cache

@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
`, []string{"functools.lru_cache"}},
		{"functools.lru_cache with arguments", Python, pyBefore, `import functools

@functools.lru_cache(maxsize=1024, typed=False)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
`, []string{"functools.lru_cache"}},
		{"functools.cache", Python, pyBefore, "import functools\n\n@functools.cache\ndef fib(n):\n    return n\n", []string{"functools.cache"}},
		{"cache", Python, pyBefore, "from functools import cache\n\n@cache\ndef fib(n):\n    return n\n", []string{"functools.cache"}},
		{"cached_property on a method", Python, "def area(self):\n        return self.w * self.h\n",
			"class Box:\n    @cached_property\n    def area(self):\n        return self.w * self.h\n", []string{"functools.cached_property"}},
		{"lru_cache called", Python, pyBefore, "def _fib(n):\n    return n\n\nfib = functools.lru_cache(maxsize=None)(_fib)\n", []string{"functools.lru_cache"}},
		{"module-level dict", Python, pyBefore, `_memo = {}

def fib(n):
    if n in _memo:
        return _memo[n]
    r = n if n < 2 else fib(n - 1) + fib(n - 2)
    _memo[n] = r
    return r
`, []string{"module-level dict written in a function"}},
		{"module-level dict() and setdefault", Python, pyBefore, "_seen = dict()\n\ndef fib(n):\n    return _seen.setdefault(n, n)\n",
			[]string{"module-level dict written in a function"}},
		{"module-level defaultdict", Python, pyBefore, "import collections\n_groups = collections.defaultdict(list)\n\ndef fib(n):\n    _groups[n].append(n)\n    return n\n",
			[]string{"module-level dict written in a function"}},
		{"global reassigned then written", Python, pyBefore, "_table = None\n\ndef fib(n):\n    global _table\n    if _table is None:\n        _table = {}\n    _table[n] = n\n    return n\n",
			[]string{"module-level object written in a function"}},
		{"function attribute", Python, pyBefore, `def fib(n):
    if not hasattr(fib, "cache"):
        fib.cache = {}
    if n not in fib.cache:
        fib.cache[n] = n if n < 2 else fib(n - 1) + fib(n - 2)
    return fib.cache[n]
`, []string{"function attribute written in a function"}},
		{"mutable default argument", Python, pyBefore, `def fib(n, _memo={0: 0, 1: 1}):
    if n not in _memo:
        _memo[n] = fib(n - 1) + fib(n - 2)
    return _memo[n]
`, []string{"mutable default argument written in the function"}},
		{"two at once", Python, pyBefore, "_m = []\n\n@lru_cache\ndef fib(n):\n    _m.append(n)\n    return n\n",
			[]string{"functools.lru_cache", "module-level list written in a function"}},
		{"a different kind than before's", Python, "_memo = {}\ndef fib(n):\n    _memo[n] = n\n    return n\n",
			"@lru_cache(None)\ndef fib(n):\n    return n\n", []string{"functools.lru_cache"}},

		// Python: none added.
		{"plain rewrite", Python, pyBefore, "def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n", nil},
		{"constant dict only read", Python, pyBefore, "_TABLE = {0: 0, 1: 1}\n\ndef fib(n):\n    return _TABLE.get(n, n)\n", nil},
		{"local dict of the same name", Python, pyBefore, "_memo = {}\n\ndef fib(n):\n    _memo = {}\n    _memo[n] = n\n    return _memo[n]\n", nil},
		{"lru_cache on a nested function", Python, pyBefore, `def fib(n):
    @functools.lru_cache(maxsize=None)
    def go(k):
        return k if k < 2 else go(k - 1) + go(k - 2)
    return go(n)
`, nil},
		{"parameter of the same name", Python, pyBefore, "_memo = {}\n\ndef fib(n, _memo):\n    _memo[n] = n\n    return n\n", nil},
		{"mutable default only read", Python, pyBefore, "def fib(n, table={0: 0}):\n    return table.get(n, n)\n", nil},
		{"caching before had", Python, "@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n\n",
			"@lru_cache(maxsize=None)\ndef fib(n):\n    return n + 0\n", nil},
		{"cache in a comment and a string", Python, pyBefore, "def fib(n):\n    # @lru_cache would help\n    s = \"@functools.cache\"\n    return n\n", nil},

		// Go.
		{"package-level map", Go, goBefore, `var memo = map[int]int{}

func Fib(n int) int {
	if v, ok := memo[n]; ok {
		return v
	}
	r := n
	if n >= 2 {
		r = Fib(n-1) + Fib(n-2)
	}
	memo[n] = r
	return r
}
`, []string{"package-level map written in a function"}},
		{"package-level make(map) in a file", Go, "package fib\n\n" + goBefore, `package fib

var (
	mu   sync.Mutex
	memo = make(map[int]int, 64)
)

func Fib(n int) int {
	mu.Lock()
	defer mu.Unlock()
	memo[n]++
	return memo[n]
}
`, []string{"package-level map written in a function"}},
		{"sync.Map", Go, goBefore, "var seen sync.Map\n\nfunc Fib(n int) int {\n\tif v, ok := seen.Load(n); ok {\n\t\treturn v.(int)\n\t}\n\tseen.Store(n, n)\n\treturn n\n}\n",
			[]string{"package-level sync.Map written in a function"}},
		{"package-level slice appended", Go, goBefore, "var fibs = []int{0, 1}\n\nfunc Fib(n int) int {\n\tfor len(fibs) <= n {\n\t\tfibs = append(fibs, fibs[len(fibs)-1]+fibs[len(fibs)-2])\n\t}\n\treturn fibs[n]\n}\n",
			[]string{"package-level slice written in a function"}},
		{"compiled regexp", Go, goBefore, "var re = regexp.MustCompile(`a+`)\n\nfunc Fib(n int) int {\n\tif re.MatchString(\"aa\") {\n\t\treturn n\n\t}\n\treturn 0\n}\n", nil},
		{"table only read", Go, goBefore, "var table = map[int]int{0: 0, 1: 1}\n\nfunc Fib(n int) int {\n\treturn table[n]\n}\n", nil},
		{"local map of the same name", Go, goBefore, "var memo = map[int]int{}\n\nfunc Fib(n int) int {\n\tmemo := map[int]int{}\n\tmemo[n] = n\n\treturn memo[n]\n}\n", nil},
		{"table built in init", Go, goBefore, "var table [94]int\n\nfunc init() {\n\tfor i := range table {\n\t\ttable[i] = i\n\t}\n}\n\nfunc Fib(n int) int {\n\treturn table[n]\n}\n", nil},
		{"table built once", Go, goBefore, "var (\n\tonce  sync.Once\n\ttable map[int]int\n)\n\nfunc Fib(n int) int {\n\tonce.Do(func() {\n\t\ttable = map[int]int{0: 0}\n\t\ttable[1] = 1\n\t})\n\treturn table[n]\n}\n", nil},
		{"plain Go rewrite", Go, goBefore, "func Fib(n int) int {\n\ta, b := 0, 1\n\tfor range n {\n\t\ta, b = b, a+b\n\t}\n\treturn a\n}\n", nil},
		{"map before had", Go, "var memo = map[int]int{}\n\nfunc Fib(n int) int {\n\tmemo[n] = n\n\treturn n\n}\n",
			"var cache = map[int]int{}\n\nfunc Fib(n int) int {\n\tcache[n] = n + 0\n\treturn n\n}\n", nil},

		// C++ and C.
		{"static unordered_map", CPP, cBefore, `long fib(int n) {
    static std::unordered_map<int, long> memo;
    auto it = memo.find(n);
    if (it != memo.end()) return it->second;
    long r = n < 2 ? n : fib(n - 1) + fib(n - 2);
    memo[n] = r;
    return r;
}
`, []string{"static std::unordered_map"}},
		{"static vector and scalar", CPP, cBefore, "long fib(int n) {\n    static std::vector<long> table{0, 1};\n    static int calls = 0;\n    ++calls;\n    return table[n];\n}\n",
			[]string{"static local variable", "static std::vector"}},
		{"static array", CPP, cBefore, "long fib(int n) {\n    static long table[94];\n    if (!table[n]) table[n] = n;\n    return table[n];\n}\n", []string{"static array"}},
		{"namespace-scope map", CPP, cBefore, `namespace {
std::map<int, long> g_memo;
}

long fib(int n) {
    if (auto it = g_memo.find(n); it != g_memo.end()) return it->second;
    long r = n < 2 ? n : fib(n - 1) + fib(n - 2);
    g_memo.emplace(n, r);
    return r;
}
`, []string{"namespace-scope std::map written in a function"}},
		{"static const table", CPP, cBefore, "long fib(int n) {\n    static const long kFib[] = {0, 1, 1, 2, 3, 5};\n    static constexpr int kMax = 5;\n    const static std::string name = \"fib\";\n    return n <= kMax ? kFib[n] : fib(n - 1) + fib(n - 2);\n}\n", nil},
		{"namespace-scope map only read", CPP, cBefore, "const std::map<int, long> kSmall = {{0, 0}, {1, 1}};\nstd::unordered_map<int, long> g_table = {{2, 1}};\n\nlong fib(int n) {\n    if (n < 2) return kSmall.at(n);\n    return g_table.count(n) ? g_table.at(n) : fib(n - 1) + fib(n - 2);\n}\n", nil},
		{"local map of a global's name", CPP, cBefore, "std::map<int, long> memo;\n\nlong fib(int n) {\n    std::map<int, long> memo;\n    memo[n] = n;\n    return memo[n];\n}\n", nil},
		{"plain C++ rewrite", CPP, cBefore, "long fib(int n) {\n    long a = 0, b = 1;\n    for (int i = 0; i < n; ++i) { long t = a + b; a = b; b = t; }\n    return a;\n}\n", nil},
		{"static map before had", CPP, "long fib(int n) {\n    static std::unordered_map<int, long> memo;\n    return memo[n];\n}\n",
			"long fib(int n) {\n    static std::unordered_map<int, long> cache;\n    return cache[n] + 0;\n}\n", nil},
		{"static in C", C, cBefore, "long fib(int n) {\n    static int last_n = -1;\n    static long last;\n    if (n == last_n) return last;\n    last_n = n;\n    return last = n;\n}\n",
			[]string{"static local variable"}},
		{"file-scope array in C", C, cBefore, "static long memo[94];\n\nlong fib(int n) {\n    if (n < 2) return n;\n    if (!memo[n]) memo[n] = fib(n - 1) + fib(n - 2);\n    return memo[n];\n}\n",
			[]string{"file-scope array written in a function"}},
		{"no parser", "rust", "fn f() {}", "static mut CACHE: u32 = 0;", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := AddsCaching(tc.lang, tc.before, tc.generated)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("AddsCaching (-want +got):\n%s", diff)
			}
		})
	}
}

// Caching lists what code before has, so that a rewrite keeping it is
// not flagged.
func TestCachingOfCodeBefore(t *testing.T) {
	got := Caching(CPP, "std::unordered_map<int, int> g;\nint f(int n) {\n    static std::set<int> seen;\n    seen.insert(n);\n    g[n] = n;\n    return n;\n}\n")
	want := []string{"namespace-scope std::unordered_map written in a function", "static std::set"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Caching (-want +got):\n%s", diff)
	}
}
