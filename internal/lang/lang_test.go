package lang

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Each language's minimal program: a solution with f(n) = 2n and a harness
// that prints f(SCALE) ITERATIONS times' last result.
var programs = map[string]struct{ code, harness, broken string }{
	"python": {
		code:    "def f(n):\n    return 2 * n\n",
		harness: "import sys\nfrom solution import f\nn, s = int(sys.argv[1]), int(sys.argv[2])\nr = 0\nfor _ in range(n):\n    r = f(s)\nprint(r)\n",
		broken:  "def f(n)\n    return 2 * n\n",
	},
	"go": {
		code:    "package main\n\nfunc f(n int) int { return 2 * n }\n",
		harness: "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strconv\"\n)\n\nfunc main() {\n\tn, _ := strconv.Atoi(os.Args[1])\n\ts, _ := strconv.Atoi(os.Args[2])\n\tr := 0\n\tfor i := 0; i < n; i++ {\n\t\tr = f(s)\n\t}\n\tfmt.Println(r)\n}\n",
		broken:  "package main\n\nfunc f(n int) int { return 2 * m }\n",
	},
	"cpp": {
		code:    "long f(long n) { return 2 * n; }\n",
		harness: "#include <cstdio>\n#include <cstdlib>\n#include \"solution.cpp\"\nint main(int, char** argv) {\n  long n = atol(argv[1]), s = atol(argv[2]), r = 0;\n  for (long i = 0; i < n; i++) r = f(s);\n  printf(\"%ld\\n\", r);\n}\n",
		broken:  "long f(long n) { return 2 * m; }\n",
	},
}

var tools = map[string]string{"python": "python3", "go": "go", "cpp": "g++"}

func TestBuild(t *testing.T) {
	ctx := context.Background()
	for name, p := range programs {
		t.Run(name, func(t *testing.T) {
			if _, err := exec.LookPath(tools[name]); err != nil {
				t.Skipf("no %s", tools[name])
			}
			a, ok := Lookup(name)
			if !ok {
				t.Fatalf("no adapter for %s", name)
			}
			b := &Builder{CacheDir: t.TempDir()}
			prog, err := b.Build(ctx, a, p.code, p.harness)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(prog.Argv[0], append(prog.Argv[1:], "3", "21")...)
			cmd.Dir = prog.Dir
			out, err := cmd.Output()
			if err != nil || strings.TrimSpace(string(out)) != "42" {
				t.Fatalf("program printed %q, %v; want 42", out, err)
			}

			again, err := b.Build(ctx, a, p.code, p.harness)
			if err != nil || again.Dir != prog.Dir {
				t.Errorf("second build: dir %q, %v; want the cached %q", again.Dir, err, prog.Dir)
			}

			_, err = b.Build(ctx, a, p.broken, p.harness)
			var be *BuildError
			if !errors.As(err, &be) || be.Output == "" {
				t.Fatalf("broken code: error %v, want a BuildError with the compiler's output", err)
			}
			// A cached failure is still a failure.
			if _, err := b.Build(ctx, a, p.broken, p.harness); !errors.As(err, &be) {
				t.Errorf("broken code, cached: error %v, want a BuildError", err)
			}
		})
	}
}

func TestToolchainNamesFlags(t *testing.T) {
	if _, err := exec.LookPath("g++"); err != nil {
		t.Skip("no g++")
	}
	a, _ := Lookup("cpp")
	tc, err := a.Toolchain(context.Background())
	if err != nil || !strings.Contains(tc, "-O2") {
		t.Errorf("toolchain %q, %v; want the compiler and its flags", tc, err)
	}
}

// BuildAll builds good and broken code alike, in parallel, and later
// Builds find every result cached: even two builders (two processes) on
// one folder agree.
func TestBuildAll(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var jobs []Job
	for name, p := range programs {
		if _, err := exec.LookPath(tools[name]); err != nil {
			continue
		}
		a, _ := Lookup(name)
		for i := 0; i < 3; i++ { // distinct sources: a comment line apart
			code := p.code
			if name == "python" {
				code += strings.Repeat("#\n", i)
			} else {
				code += strings.Repeat("//\n", i)
			}
			jobs = append(jobs, Job{Adapter: a, Code: code, Harness: p.harness})
		}
		jobs = append(jobs, Job{Adapter: a, Code: p.broken, Harness: p.harness})
	}
	if len(jobs) == 0 {
		t.Skip("no toolchain")
	}
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() { errs <- (&Builder{CacheDir: dir}).BuildAll(ctx, jobs, 3) }()
	}
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("BuildAll: %v", err)
		}
	}
	b := &Builder{CacheDir: dir}
	for _, j := range jobs {
		prog, err := b.Build(ctx, j.Adapter, j.Code, j.Harness)
		var be *BuildError
		broken := j.Code == programs[j.Adapter.Name()].broken
		switch {
		case broken && !errors.As(err, &be):
			t.Errorf("%s broken code: %v, want the cached BuildError", j.Adapter.Name(), err)
		case !broken && err != nil:
			t.Errorf("%s: %v", j.Adapter.Name(), err)
		case !broken:
			out, err := exec.Command(prog.Argv[0], append(prog.Argv[1:], "1", "21")...).Output()
			if err != nil || strings.TrimSpace(string(out)) != "42" {
				t.Errorf("%s program printed %q, %v; want 42", j.Adapter.Name(), out, err)
			}
		}
	}
	// Nothing half-built is left behind.
	left, _ := filepath.Glob(filepath.Join(dir, "*", "*.tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary build folders left: %v", left)
	}
}
