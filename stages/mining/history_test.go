package mining

import (
	"fmt"
	"strings"
	"testing"
)

// The history tests mine: performance commits in Python, Go, C and C++,
// and decoys of every kind the miner must leave out.

const storeV1 = `"""User store."""


def find_user(users, name):
    for u in users:
        if u["name"] == name:
            return u
    return None


def total(users):
    return sum(u["age"] for u in users)
`

const storeV2 = `"""User store."""

_index = {}


def find_user(users, name):
    if not _index:
        for u in users:
            _index[u["name"]] = u
    return _index.get(name)


def total(users):
    return sum(u["age"] for u in users)
`

// storeV3 changes only total's docstring and a comment.
const storeV3 = `"""User store."""

_index = {}


def find_user(users, name):
    if not _index:
        for u in users:
            _index[u["name"]] = u
    return _index.get(name)


def total(users):
    """Sum of ages; the cache is cleared by callers."""
    # no cache here
    return sum(u["age"] for u in users)
`

const handlerV1 = `package server

import (
	"bytes"
	"fmt"
)

type Server struct{ name string }

func (s *Server) handle(req string) string {
	var buf bytes.Buffer
	buf.WriteString(s.name)
	buf.WriteString(req)
	return buf.String()
}

func encode(v int) string {
	b := new(bytes.Buffer)
	fmt.Fprintf(b, "%d", v)
	return b.String()
}

func checksum(parts []string) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}
`

const handlerV2 = `package server

import (
	"bytes"
	"strconv"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type Server struct{ name string }

func (s *Server) handle(req string) string {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	buf.WriteString(s.name)
	buf.WriteString(req)
	return buf.String()
}

func encode(v int) string {
	return strconv.Itoa(v)
}

func checksum(parts []string) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}
`

// handlerV3 computes the checksum on several goroutines.
const handlerV3 = `package server

import (
	"bytes"
	"strconv"
	"sync"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

type Server struct{ name string }

func (s *Server) handle(req string) string {
	buf := bufs.Get().(*bytes.Buffer)
	defer bufs.Put(buf)
	buf.Reset()
	buf.WriteString(s.name)
	buf.WriteString(req)
	return buf.String()
}

func encode(v int) string {
	return strconv.Itoa(v)
}

func checksum(parts []string) int {
	var wg sync.WaitGroup
	sums := make([]int, len(parts))
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i] = len(p)
		}()
	}
	wg.Wait()
	n := 0
	for _, s := range sums {
		n += s
	}
	return n
}
`

const matrixV1 = `#include <vector>

namespace la {

class Matrix {
 public:
  std::vector<std::vector<double>> rows;

  Matrix multiply(const Matrix& o) const {
    Matrix out;
    for (auto r : rows) {
      std::vector<double> line;
      for (size_t j = 0; j < o.rows[0].size(); j++) {
        double s = 0;
        for (size_t k = 0; k < r.size(); k++) s += r[k] * o.rows[k][j];
        line.push_back(s);
      }
      out.rows.push_back(line);
    }
    return out;
  }

  size_t size() const { return rows.size(); }
};

}  // namespace la
`

// matrixV2 is matrixV1 re-indented: formatting only.
const matrixV2 = `#include <vector>

namespace la {

class Matrix {
 public:
  std::vector<std::vector<double>> rows;

  Matrix multiply(const Matrix& o) const
  {
    Matrix out;
    for (auto r : rows)
    {
      std::vector<double> line;
      for (size_t j = 0; j < o.rows[0].size(); j++)
      {
        double s = 0;
        for (size_t k = 0; k < r.size(); k++) s += r[k] * o.rows[k][j];
        line.push_back(s);
      }
      out.rows.push_back(line);
    }
    return out;
  }

  size_t size() const { return rows.size(); }
};

}  // namespace la
`

const matrixV3 = `#include <vector>

namespace la {

class Matrix {
 public:
  std::vector<std::vector<double>> rows;

  Matrix multiply(const Matrix& o) const
  {
    Matrix out;
    out.rows.reserve(rows.size());
    for (const auto& r : rows)
    {
      std::vector<double> line;
      line.reserve(o.rows[0].size());
      for (size_t j = 0; j < o.rows[0].size(); j++)
      {
        double s = 0;
        for (size_t k = 0; k < r.size(); k++) s += r[k] * o.rows[k][j];
        line.push_back(s);
      }
      out.rows.push_back(std::move(line));
    }
    return out;
  }

  size_t size() const { return rows.size(); }
};

}  // namespace la
`

const bufV1 = `#include <stddef.h>

static int classify(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return 1;
    default:
        return 0;
    }
}

size_t count_vowels(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += classify(s[i]);
    return k;
}
`

const bufV2 = `#include <stddef.h>

static const unsigned char vowel[256] = { ['a'] = 1, ['e'] = 1, ['i'] = 1, ['o'] = 1, ['u'] = 1 };

static int classify(char c) {
    return vowel[(unsigned char)c];
}

size_t count_vowels(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += classify(s[i]);
    return k;
}
`

// accessors makes a Python class of n getters; fast ones cache.
func accessors(n int, fast bool) string {
	var b strings.Builder
	b.WriteString("class Record:\n    def __init__(self, data):\n        self.data = data\n")
	for i := range n {
		if fast {
			fmt.Fprintf(&b, "\n    def get%d(self):\n        return self.data[%d]\n", i, i)
		} else {
			fmt.Fprintf(&b, "\n    def get%d(self):\n        return list(self.data)[%d]\n", i, i)
		}
	}
	return b.String()
}

// history is the ids of the commits of the test history, by name.
type history map[string]string

// buildHistory makes the test history in dir.
func buildHistory(t *testing.T, dir string) (*gitRepo, history) {
	r := newGitRepo(t, dir)
	h := history{}
	r.files(
		"app/store.py", storeV1,
		"server/handler.go", handlerV1,
		"engine/matrix.cpp", matrixV1,
		"lib/vowels.c", bufV1,
		"vendor/github.com/x/json/parse.go", "package json\n\nfunc Parse(b []byte) int {\n\treturn len(b)\n}\n",
		"tests/test_store.py", "def test_find():\n    assert True\n",
		"docs/README.md", "# Store\n",
		"logo.png", "\x89PNG\r\n\x1a\n\x00\x00",
		"lib/table.h", "\x00\x01binary table\x00",
		"app/record.py", accessors(12, false),
	)
	h["initial"] = r.commit("Initial import")
	r.files("app/store.py", storeV2, "docs/README.md", "# Store\n\nLookups are indexed.\n")
	h["py-index"] = r.commit("Speed up user lookup with a dict index\n\nfind_user scanned the whole list on every call: O(n) per lookup.")
	r.files("tests/test_store.py", "def test_find():\n    assert 1 == 1\n")
	h["perf-test"] = r.commit("Fix perf test flakiness")
	r.files("app/store.py", storeV3, "docs/README.md", "# Store\n\nClear the cache between runs.\n")
	h["docs-cache"] = r.commit("Clear the cache in docs")
	r.files("server/handler.go", handlerV2)
	h["go-pool"] = r.commit("server: reduce allocations in the request handler\n\nReuse buffers from a sync.Pool and format ints with strconv: 3 allocs/op -> 0 allocs/op.")
	r.git("mv", "server/handler.go", "server/handlers.go")
	h["rename"] = r.commit("Move the handler to handlers.go for faster navigation")
	r.files("vendor/github.com/x/json/parse.go", "package json\n\nfunc Parse(b []byte) int {\n\treturn cap(b)\n}\n")
	h["vendored"] = r.commit("Optimize the vendored JSON parser")
	r.files("lib/table.h", "\x00\x02binary table, faster\x00")
	h["binary"] = r.commit("Faster vowel table")
	r.files("logo.png", "\x89PNG\r\n\x1a\n\x00\x01")
	h["png"] = r.commit("Optimize the logo for faster page loads")
	r.files("engine/matrix.cpp", matrixV2)
	h["format"] = r.commit("Optimize readability: put braces on their own lines")
	r.files("engine/matrix.cpp", matrixV3)
	h["cpp-reserve"] = r.commit("Avoid copying rows in Matrix::multiply\n\nIterate by const reference, reserve the result and move each line in.")
	r.files("lib/vowels.c", bufV2)
	h["c-table"] = r.commit("lib: classify vowels with a lookup table instead of a switch, 3x faster")
	r.files("app/store.py", strings.Replace(storeV3, "def total(users):", "def total(users, start=0):", 1))
	h["fast-forward"] = r.commit("Fast-forward the store to the release branch")
	r.files("server/handlers.go", handlerV3)
	h["go-parallel"] = r.commit("Parallelize the checksum across goroutines")
	r.files("app/record.py", accessors(12, true))
	h["large"] = r.commit("Optimize all record accessors: index the tuple directly instead of copying it to a list")
	r.files("app/store.py", strings.Replace(storeV3, "return None", "return None  # unreachable", 1)+"\n\ndef names(users):\n    return [u[\"name\"] for u in users]\n")
	h["feature"] = r.commit("Add names() to the store")

	// A merge whose message says "faster".
	r.git("checkout", "-q", "-b", "side", h["feature"])
	r.files("app/extra.py", "def extra():\n    return 1\n")
	h["side"] = r.commit("Add extra")
	r.git("checkout", "-q", "main")
	r.files("server/handlers.go", strings.Replace(handlerV3, "n := 0\n\tfor _, s", "total := 0\n\tfor _, s", 1))
	h["ci"] = r.commit("ci: faster test runs")
	r.git("merge", "-q", "--no-ff", "-m", "Merge branch 'side': faster extras", "side")
	h["merge"] = r.git("rev-parse", "HEAD")
	// Performance work the rules can't tell (score 2): a model may.
	r.files("app/names.py", "def has_name(users, name):\n    return name in [u[\"name\"] for u in users]\n")
	h["names-file"] = r.commit("Add has_name")
	r.files("app/names.py", "def has_name(users, name):\n    return name in {u[\"name\"] for u in users}\n")
	h["cache-names"] = r.commit("Cache-friendlier has_name")
	return r, h
}
