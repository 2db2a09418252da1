package lang

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

type python struct {
	once sync.Once
	exe  string
	ver  string
	err  error
}

func (*python) Name() string { return "python" }
func (*python) Ext() string  { return ".py" }

// interpreter resolves python3 to the real executable, past any shim, so
// runs measure Python and not a wrapper script.
func (p *python) interpreter(ctx context.Context) (string, string, error) {
	p.once.Do(func() {
		out, err := exec.CommandContext(ctx, "python3", "-c",
			"import sys, platform; print(sys.executable); print(platform.python_implementation(), platform.python_version())").Output()
		if err != nil {
			p.err = err
			return
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) < 2 {
			p.err = os.ErrInvalid
			return
		}
		p.exe, p.ver = lines[0], lines[1]
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

func (p *python) build(ctx context.Context, dir, code, harness string) (Program, error) {
	exe, _, err := p.interpreter(ctx)
	if err != nil {
		return Program{}, err
	}
	if err := writeFiles(dir, map[string]string{"solution.py": code, "harness.py": harness}); err != nil {
		return Program{}, err
	}
	// A syntax error is a build error, found before any run.
	if err := run(ctx, dir, []string{"PYTHONDONTWRITEBYTECODE=1"}, exe, "-c",
		"import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)", "solution.py", "harness.py"); err != nil {
		return Program{}, err
	}
	return Program{
		Argv: []string{exe, filepath.Join(dir, "harness.py")},
		Env:  []string{"PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1"},
	}, nil
}

func writeFiles(dir string, files map[string]string) error {
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
