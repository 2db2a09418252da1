package lang

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

type python struct {
	once  sync.Once
	exe   string
	ver   string
	paths []string
	err   error
}

func (*python) Name() string { return "python" }
func (*python) Ext() string  { return ".py" }

// interpreter resolves python3 to the real executable, past any shim, so
// runs measure Python and not a wrapper script.
func (p *python) interpreter(ctx context.Context) (string, string, error) {
	p.once.Do(func() {
		out, err := exec.CommandContext(ctx, "python3", "-c", `import os, sys, platform
print(sys.executable)
print(platform.python_implementation(), platform.python_version())
for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}:
    print(p)`).Output()
		if err != nil {
			p.err = err
			return
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) < 2 {
			p.err = os.ErrInvalid
			return
		}
		p.exe, p.ver, p.paths = lines[0], lines[1], lines[2:]
	})
	return p.exe, p.ver, p.err
}

var thePython = &python{}

// Python is the interpreter the Python adapter runs: python3 resolved past
// any shim (pyenv's costs a noisy 100 ms or more a start).
func Python(ctx context.Context) (string, error) {
	exe, _, err := thePython.interpreter(ctx)
	return exe, err
}

func (p *python) Toolchain(ctx context.Context) (string, error) {
	exe, ver, err := p.interpreter(ctx)
	return ver + " " + exe, err
}

// Paths are the interpreter's prefixes: its standard library and, for a
// virtual environment, its packages.
func (p *python) Paths(ctx context.Context) ([]string, error) {
	_, _, err := p.interpreter(ctx)
	return p.paths, err
}

func (p *python) plan(ctx context.Context, code, harness, _ string) (plan, error) {
	exe, _, err := p.interpreter(ctx)
	if err != nil {
		return plan{}, err
	}
	return plan{
		files: map[string]string{"solution.py": code, "harness.py": harness},
		// A syntax error is a build error, found before any run.
		build: []string{exe, "-c", "import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)",
			"solution.py", "harness.py"},
		env: []string{"PYTHONDONTWRITEBYTECODE=1"},
		program: Program{
			Argv: []string{exe, "./harness.py"},
			Env:  []string{"PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1"},
		},
	}, nil
}

// writeFiles writes files into dir; a name may have folders.
func writeFiles(dir string, files map[string]string) error {
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// treePlan: the harness beside a copy of the tree's PythonPath folder in
// tree/, which PYTHONPATH names; the harness and a spliced file must
// parse.
func (p *python) treePlan(ctx context.Context, t Tree, file []byte, harness, _ string) (plan, error) {
	exe, _, err := p.interpreter(ctx)
	if err != nil {
		return plan{}, err
	}
	pp, err := under(t.PythonPath)
	if err != nil {
		return plan{}, err
	}
	pl := plan{
		tree: filepath.Join(t.Dir, pp), treeAt: "tree",
		files: map[string]string{"harness.py": harness},
		build: []string{exe, "-c", "import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)", "harness.py"},
		env:   []string{"PYTHONDONTWRITEBYTECODE=1"},
		program: Program{
			Argv: []string{exe, "./harness.py"},
			Env:  []string{"PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1", "PYTHONPATH=tree"},
		},
	}
	if file != nil {
		rel, err := under(t.File)
		if err != nil {
			return plan{}, err
		}
		inTree, err := filepath.Rel(pp, rel)
		if err != nil || strings.HasPrefix(inTree, "..") {
			return plan{}, &BuildError{Output: fmt.Sprintf("%s is not under the python path %q", t.File, t.PythonPath)}
		}
		name := filepath.Join("tree", inTree)
		pl.files[name] = string(file)
		pl.build = append(pl.build, name)
	}
	return pl, nil
}
