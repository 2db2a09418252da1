package lang

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A small repository per language whose function, Calc.f / F / f, doubles
// its argument, with a harness that prints f(SCALE) of the last of
// ITERATIONS calls; splice is a rewrite (at the left margin) that triples
// it, broken one that does not parse.
var trees = map[string]struct {
	files                 map[string]string
	file, symbol, harness string
	splice, broken        string
	tree                  Tree
}{
	"python": {
		files: map[string]string{
			"src/calc/__init__.py": "",
			"src/calc/ops.py":      "import math\n\n\nclass Calc:\n    def f(self, n):\n        return 2 * n\n\n    def g(self):\n        return math.pi\n",
		},
		file: "src/calc/ops.py", symbol: "Calc.f",
		harness: "import sys\nfrom calc.ops import Calc\nn, s = int(sys.argv[1]), int(sys.argv[2])\nr = 0\nfor _ in range(n):\n    r = Calc().f(s)\nprint(r)\n",
		splice:  "def f(self, n):\n    return 3 * n\n",
		broken:  "def f(self, n)\n    return 3 * n\n",
		tree:    Tree{PythonPath: "src"},
	},
	"go": {
		files: map[string]string{
			"go.mod":        "module example.com/calc\n\ngo 1.22\n",
			"calc/calc.go":  "package calc\n\n// F doubles n.\nfunc F(n int) int {\n\treturn 2 * n\n}\n",
			"internal/x.go": "package internal\n",
		},
		file: "calc/calc.go", symbol: "F",
		harness: "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strconv\"\n\n\t\"example.com/calc/calc\"\n)\n\nfunc main() {\n\tn, _ := strconv.Atoi(os.Args[1])\n\ts, _ := strconv.Atoi(os.Args[2])\n\tr := 0\n\tfor i := 0; i < n; i++ {\n\t\tr = calc.F(s)\n\t}\n\tfmt.Println(r)\n}\n",
		splice:  "func F(n int) int {\n\treturn 3 * n\n}\n",
		broken:  "func F(n int) int {\n\treturn 3 * \n}\n",
	},
	"cpp": {
		files: map[string]string{
			"include/calc.h": "#pragma once\nextern \"C\" long once(long n);\nnamespace calc {\nlong f(long n);\n}\n",
			"src/calc.cc":    "#include \"calc.h\"\nnamespace calc {\nlong f(long n) {\n  return once(n) + once(n);\n}\n}  // namespace calc\n",
			"src/once.c":     "long once(long n) { return n; }\n",
		},
		file: "src/calc.cc", symbol: "f",
		harness: "#include <cstdio>\n#include <cstdlib>\n#include \"calc.h\"\nint main(int, char** argv) {\n  long n = atol(argv[1]), s = atol(argv[2]), r = 0;\n  for (long i = 0; i < n; i++) r = calc::f(s);\n  printf(\"%ld\\n\", r);\n}\n",
		splice:  "long f(long n) {\n  return 3 * once(n);\n}\n",
		broken:  "long f(long n) {\n  return 3 * once(n)\n}\n",
		tree:    Tree{Sources: []string{"src/calc.cc", "src/once.c"}, IncludeDirs: []string{"include"}, Flags: []string{"-DNDEBUG"}},
	},
}

func TestBuildTree(t *testing.T) {
	ctx := context.Background()
	for name, c := range trees {
		t.Run(name, func(t *testing.T) {
			if _, err := exec.LookPath(tools[name]); err != nil {
				t.Skipf("no %s", tools[name])
			}
			a, _ := Lookup(name)
			dir := t.TempDir()
			for f, body := range c.files {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
				if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b := &Builder{CacheDir: t.TempDir()}
			tree := c.tree
			tree.Dir, tree.Commit, tree.File, tree.Symbol = dir, "c1", c.file, c.symbol
			run := func(splice *string) (string, error) {
				tr := tree
				tr.Splice = splice
				p, err := b.BuildTree(ctx, a, tr, c.harness)
				if err != nil {
					return "", err
				}
				cmd := exec.Command(p.Argv[0], append(p.Argv[1:], "3", "7")...)
				cmd.Dir, cmd.Env = p.Dir, append(os.Environ(), p.Env...)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("%v: %s", err, out)
				}
				return strings.TrimSpace(string(out)), nil
			}
			if got, err := run(nil); err != nil || got != "14" {
				t.Fatalf("the tree's program printed %q (%v), want 14", got, err)
			}
			if got, err := run(&c.splice); err != nil || got != "21" {
				t.Fatalf("the spliced program printed %q (%v), want 21", got, err)
			}
			// The tree itself is never written.
			if b, _ := os.ReadFile(filepath.Join(dir, c.file)); string(b) != c.files[c.file] {
				t.Errorf("the tree's %s was written:\n%s", c.file, b)
			}
			var be *BuildError
			if _, err := run(&c.broken); !errors.As(err, &be) {
				t.Errorf("a splice that breaks the file: %v, want a BuildError", err)
			}
			tr := tree
			tr.Symbol = "nosuch"
			missing := "x"
			tr.Splice = &missing
			if _, err := b.BuildTree(ctx, a, tr, c.harness); !errors.As(err, &be) || !strings.Contains(be.Output, "nosuch") {
				t.Errorf("a splice of a function the file lacks: %v, want a BuildError naming it", err)
			}
		})
	}
}
