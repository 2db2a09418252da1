package source

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func symbols(t *testing.T, lang, src string) []string {
	t.Helper()
	fs, err := Functions(lang, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Symbol)
	}
	return out
}

func TestFunctions(t *testing.T) {
	for _, tc := range []struct {
		name, lang, src string
		want            []string
	}{
		{"go", Go, `package p

import "sync"

// New makes one.
func New() *Set[int] { return nil }

type Set[T comparable] struct{ mu sync.Mutex }

func (s *Set[T]) Add(v T) {
	f := func() {}
	f()
}

func (s Set[T]) Len() int { return 0 }
func init() {}
func init() {}
func decl()
`, []string{"New", "Set.Add", "Set.Len", "init", "init"}},
		{"python", Python, `import functools

def top(x):
    def inner():
        return x
    return inner

class A:
    """Doc."""
    @property
    def v(self):
        return 1

    @v.setter
    def v(self, x):
        pass

    class B:
        async def m(self):
            pass

if True:
    def conditional():
        pass

@functools.lru_cache(maxsize=None)
def cached(n):
    return n
`, []string{"top", "A.v", "A.v", "A.B.m", "conditional", "cached"}},
		{"python 2", Python, `def old(x):
    print "hello", x
    exec "y = 1"

def after():
    return 2
`, []string{"old", "after"}},
		{"c with macros and guards", C, `#include <stdio.h>
#if defined (__cplusplus)
extern "C" {
#endif

#define FORCE_INLINE static inline __attribute__((always_inline))

FORCE_INLINE int
add(int a, int b)
{
    return a + b;
}

static const int table[] = { 1, 2, 3 };

int main(void) { return add(1, 2); }

#if defined (__cplusplus)
}
#endif
`, []string{"add", "main"}},
		{"cpp", CPP, `#include <vector>
namespace outer {
namespace inner {

template <typename T>
T twice(T x) { return 2 * x; }

class Buf {
 public:
  Buf() : data_{}, n_(0) {}
  ~Buf() {}
  int size() const { return n_; }
  bool operator==(const Buf& o) const { return n_ == o.n_; }
  explicit operator bool() const { return n_ > 0; }
 private:
  std::vector<int> data_;
  int n_;
};

int Buf_free(int x);
}  // namespace inner
}  // namespace outer

int outer::inner::Buf_free(int x) { return x; }

void f(int) {}
void f(double) {}

int main() {
  auto l = [](int x) { return x; };
  return l(0);
}
`, []string{"outer::inner::twice", "outer::inner::Buf::Buf", "outer::inner::Buf::~Buf", "outer::inner::Buf::size",
			"outer::inner::Buf::operator==", "outer::inner::Buf::operator bool", "outer::inner::Buf_free", "f", "f", "main"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, symbols(t, tc.lang, tc.src)); diff != "" {
				t.Errorf("symbols (-want +got):\n%s", diff)
			}
		})
	}
}

// A function's text runs from its decorators or template header to its
// end, without the comment above it.
func TestFunctionText(t *testing.T) {
	src := "import x\n\n# a comment\n@dec\ndef f():\n    return 1\n\nz = 2\n"
	fs, err := Functions(Python, []byte(src))
	if err != nil || len(fs) != 1 {
		t.Fatalf("%v %v", fs, err)
	}
	if got := fs[0].Text([]byte(src)); got != "@dec\ndef f():\n    return 1" || fs[0].Line != 4 {
		t.Errorf("text %q at line %d", got, fs[0].Line)
	}
	cpp := "// doc\ntemplate <class T>\nT id(T v) {\n  return v;\n}\n"
	fs, _ = Functions(CPP, []byte(cpp))
	if len(fs) != 1 || fs[0].Text([]byte(cpp)) != "template <class T>\nT id(T v) {\n  return v;\n}" {
		t.Errorf("C++ template: %+v", fs)
	}
	gosrc := "package p\n\n// F does.\nfunc F() int {\n\treturn 1\n}\n"
	fs, _ = Functions(Go, []byte(gosrc))
	if len(fs) != 1 || fs[0].Text([]byte(gosrc)) != "func F() int {\n\treturn 1\n}" || fs[0].Line != 4 {
		t.Errorf("Go: %+v", fs)
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name, lang, before, after string
		changed, added, removed   []string
		layout                    int
	}{
		{"go body and layout", Go,
			"package p\n\nfunc A() int { return 1 }\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() {}\n",
			"package p\n\nfunc A() int { return 2 }\n\n// B is two.\nfunc B() int {\n\t// two\n\treturn    2\n}\n\nfunc D() {}\n",
			[]string{"A"}, []string{"D"}, []string{"C"}, 1},
		{"python decorator, docstring, indentation", Python,
			"def a(n):\n    return n\n\ndef b():\n    \"\"\"Old.\"\"\"\n    return 1\n\ndef c(x):\n    if x:\n        y = 1\n        z = 2\n    return 0\n",
			"@lru_cache\ndef a(n):\n    return n\n\ndef b():\n    \"\"\"New words.\"\"\"\n    # and a comment\n    return 1\n\ndef c(x):\n    if x:\n        y = 1\n    z = 2\n    return 0\n",
			[]string{"a", "c"}, nil, nil, 1},
		{"c comment only", C,
			"int f(int x) {\n  return x; /* old */\n}\n",
			"int f(int x)\n{\n  /* new */\n  return x;\n}\n",
			nil, nil, nil, 1},
		{"cpp overloads", CPP,
			"void f(int x) { g(x); }\nvoid f(double x) { g(x); }\n",
			"void f(double x) { h(x); }\nvoid f(int x) { g(x); }\n",
			[]string{"f"}, nil, nil, 0},
		{"cpp signature change", CPP,
			"int f(std::vector<int> v) { return v.size(); }\n",
			"int f(const std::vector<int>& v) { return v.size(); }\n",
			[]string{"f"}, nil, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Compare(tc.lang, []byte(tc.before), []byte(tc.after))
			if err != nil {
				t.Fatal(err)
			}
			var changed []string
			for _, c := range d.Changed {
				changed = append(changed, c.Symbol)
				if !strings.Contains(tc.before, c.CodeBefore) || !strings.Contains(tc.after, c.CodeAfter) {
					t.Errorf("%s: code is not the file's text: %q / %q", c.Symbol, c.CodeBefore, c.CodeAfter)
				}
			}
			if diff := cmp.Diff(tc.changed, changed); diff != "" {
				t.Errorf("changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.added, symbolsOf(d.Added)); diff != "" {
				t.Errorf("added (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.removed, symbolsOf(d.Removed)); diff != "" {
				t.Errorf("removed (-want +got):\n%s", diff)
			}
			if d.Layout != tc.layout {
				t.Errorf("layout-only changes: %d, want %d", d.Layout, tc.layout)
			}
		})
	}
}

// The overloads' changed one is the double one.
func TestCompareOverloadPairs(t *testing.T) {
	d, err := Compare(CPP, []byte("void f(int x) { g(x); }\nvoid f(double x) { g(x); }\n"),
		[]byte("void f(double x) { h(x); }\nvoid f(int x) { g(x); }\n"))
	if err != nil || len(d.Changed) != 1 {
		t.Fatal(d, err)
	}
	if c := d.Changed[0]; c.CodeBefore != "void f(double x) { g(x); }" || c.CodeAfter != "void f(double x) { h(x); }" {
		t.Errorf("paired %q with %q", c.CodeBefore, c.CodeAfter)
	}
}

// Functions the grammar loses to an error elsewhere in a C file (here, a
// function-like macro it can't expand and braces split over #if
// branches) are found by their braces.
func TestFunctionsRecoverFromBrokenParse(t *testing.T) {
	src := `#define PACK(x) x __attribute__((packed))
PACK(typedef struct { int a; }) unaligned;
static const int limit = ((64 KB) + 1);

MACRO_INLINE int
decode(const char* src,
       int n   /* note */ )
{
#if FAST
    if (n > 16) {
#else
    if (n > 8) {
#endif
        return 1;
    }
    return 0;
}

int after(void) { return decode("", 0); }
`
	got := symbols(t, C, src)
	if diff := cmp.Diff([]string{"decode", "after"}, got); diff != "" {
		t.Errorf("symbols (-want +got):\n%s", diff)
	}
	fs, _ := Functions(C, []byte(src))
	if len(fs) == 2 {
		text := fs[0].Text([]byte(src))
		if !strings.HasPrefix(text, "MACRO_INLINE int\ndecode(") || !strings.HasSuffix(text, "return 0;\n}") {
			t.Errorf("decode's text: %q", text)
		}
	}
}

func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		name, contents, want string
	}{
		{"a/b.py", "", Python}, {"x.go", "", Go}, {"x.c", "", C}, {"x.cc", "", CPP}, {"X.CPP", "", CPP},
		{"x.hpp", "", CPP}, {"x.h", "int f(void);", C}, {"x.h", "namespace a { int f(); }", CPP},
		{"README.md", "", ""}, {"x.pyc", "", ""}, {"Makefile", "", ""},
	} {
		if got := Language(tc.name, []byte(tc.contents)); got != tc.want {
			t.Errorf("Language(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func symbolsOf(ss []Side) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Symbol)
	}
	return out
}

// A function moved to another file with an edit pairs as a change; moved
// as it was, it does not.
func TestPair(t *testing.T) {
	old, _ := Sides(Go, []byte("package p\n\nfunc F() int { return 1 }\n\nfunc G() {}\n"))
	moved, _ := Sides(Go, []byte("package p\n\n// F moved here.\nfunc F() int {\n\treturn 2\n}\n\nfunc G() {\n}\n"))
	c, ok := Pair(old[0], moved[0])
	if !ok || c.Symbol != "F" || c.CodeBefore != "func F() int { return 1 }" || c.CodeAfter != "func F() int {\n\treturn 2\n}" || c.After.Line != 4 {
		t.Errorf("Pair(F) = %+v, %v", c, ok)
	}
	if _, ok := Pair(old[1], moved[1]); ok {
		t.Error("G moved unchanged paired as a change")
	}
}

// Parsing a second version incrementally finds the functions a parse of
// its own finds, whatever lines changed.
func TestIncrementalParseAgrees(t *testing.T) {
	files := map[string]string{
		Python: "import os\n\nclass A:\n    def f(self):\n        return 1\n\n    def g(self, x):\n        if x:\n            return 2\n        return 3\n\n\ndef h():\n    pass\n",
		CPP:    "namespace n {\nclass B {\n public:\n  int f() const { return 1; }\n  int g(int x) {\n    if (x) return 2;\n    return 3;\n  }\n};\nint h() { return 0; }\n}  // namespace n\n",
		C:      "#include <stdio.h>\nMACRO int\nf(int x)\n{\n#if A\n  if (x) {\n#else\n  if (!x) {\n#endif\n    return 1;\n  }\n  return 0;\n}\n\nstatic int g(void) { return 2; }\n",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for lang, src := range files {
		lines := strings.SplitAfter(src, "\n")
		for trial := range 200 {
			next := slices.Clone(lines)
			for range 1 + rng.IntN(3) {
				i := rng.IntN(len(next))
				switch rng.IntN(3) {
				case 0: // delete a line
					next = slices.Delete(next, i, i+1)
				case 1: // repeat one
					next = slices.Insert(next, i, next[i])
				default: // write one of another's
					next[i] = lines[rng.IntN(len(lines))]
				}
				if len(next) == 0 {
					next = []string{"\n"}
				}
			}
			after := strings.Join(next, "")
			_, inc, err := treeVersions(lang, []byte(src), []byte(after))
			if err != nil {
				t.Fatal(err)
			}
			whole, err := treeFunctions(lang, []byte(after))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(whole, inc); diff != "" {
				t.Fatalf("%s trial %d: incremental parse of\n%s\n(-whole +incremental):\n%s", lang, trial, after, diff)
			}
		}
	}
}

// A C++ function keeps its namespaces and classes in its name when the
// grammar is thrown elsewhere in the file (braces split over #if
// branches), so it has one name in every version of its file.
func TestOneNameWhateverTheGrammarMakesOfTheFile(t *testing.T) {
	class := "class Decompressor {\n public:\n  int DecompressAllTags(int w) {\n    return w + 1;\n  }\n};\n"
	clean := "namespace snappy {\n" + class + "}  // namespace snappy\n"
	split := "namespace snappy {\n#if defined(X)\nstatic int helper(int a) {\n#else\nstatic int helper(int a, int b) {\n#endif\n  return a;\n}\n" + class + "}  // namespace snappy\n"
	for name, src := range map[string]string{"clean": clean, "split braces": split} {
		fs, err := Functions(CPP, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.Symbol)
		}
		if !slices.Contains(got, "snappy::Decompressor::DecompressAllTags") {
			t.Errorf("%s: functions %q; want snappy::Decompressor::DecompressAllTags", name, got)
		}
	}
}

// Macros the grammar cannot expand, in front of a function or in its
// body, change neither its name nor where it ends: a commit that adds
// one (an inlining macro) is a change to the function, under its name.
func TestMacrosLeaveNameAndBody(t *testing.T) {
	plain := "namespace ff {\ntemplate <typename T>\nLIB_CONSTEXPR20 result_t<T>\nparse(T const *p) noexcept {\n  return *p;\n}\n}\n"
	inlined := strings.Replace(plain, "LIB_CONSTEXPR20", "lib_really_inline LIB_CONSTEXPR20", 1)
	for name, src := range map[string]string{"plain": plain, "inlined": inlined} {
		if got := symbols(t, CPP, src); !slices.Equal(got, []string{"ff::parse"}) {
			t.Errorf("%s: functions %q; want ff::parse", name, got)
		}
	}
	body := `namespace ff {
template <typename T>
lib_inline LIB_CONSTEXPR20 result_t<T>
digits(T const *p, size_t len) {
  int n = 0;
  LIB_IF_CONSTEXPR17((std::is_same<T, std::uint8_t>::value)) {
    if (len > 0) {
      uint32_t d;
#if LIB_HAS_BIT_CAST
      if (std::is_constant_evaluated()) {
        d = 1;
#if LIB_BIG_ENDIAN
        d = swap(d);
#endif
      }
#else
      if (false) {
      }
#endif
      else if (len >= 4) {
        d = 2;
      } else {
        d = 3;
      }
      n = d;
    }
  }

  while (len--) {
    n++;
  }
  return n;
}
}
`
	fs, err := Functions(CPP, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Symbol != "ff::digits" || !strings.HasSuffix(fs[0].Text([]byte(body)), "return n;\n}") {
		for _, f := range fs {
			t.Logf("%s: %q", f.Symbol, f.Text([]byte(body)))
		}
		t.Errorf("want ff::digits, whole")
	}
	for _, c := range []struct{ in, want string }{
		{"FASTFLOAT_CONSTEXPR14 parse_infnan", "parse_infnan"},
		{"from_chars_result_t<UC>call", "call"},
		{"Foo<T>::bar", "Foo<T>::bar"},
		{"Foo::operator bool", "Foo::operator bool"},
		{"LIB_API operator()", "operator()"},
		{"~Foo", "~Foo"},
	} {
		if got := bareName(c.in); got != c.want {
			t.Errorf("bareName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
