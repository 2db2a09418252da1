package lang

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
)

type cpp struct {
	v    toolVersion
	once sync.Once
	gxx  string
	err  error
}

var cppFlags = []string{"-std=c++17", "-O2", "-pthread"}

func (*cpp) Name() string { return "cpp" }
func (*cpp) Ext() string  { return ".cpp" }

func (c *cpp) Toolchain(ctx context.Context) (string, error) {
	v, err := c.v.get(ctx, "g++", "--version")
	return v + " " + strings.Join(cppFlags, " "), err
}

// Paths: the compiler is the system's.
func (c *cpp) Paths(context.Context) ([]string, error) { return nil, nil }

func (c *cpp) plan(_ context.Context, code, harness, _ string) (plan, error) {
	c.once.Do(func() { c.gxx, c.err = exec.LookPath("g++") })
	if c.err != nil {
		return plan{}, c.err
	}
	return plan{
		files:   map[string]string{"solution.cpp": code, "harness.cpp": harness},
		build:   append(append([]string{c.gxx}, cppFlags...), "-o", "prog", "harness.cpp"),
		program: Program{Argv: []string{"./prog"}},
	}, nil
}

// treePlan: the harness at the tree's root, compiled and linked with the
// repository's sources (C files by gcc), with its include folders and
// flags; only the binary is kept.
func (c *cpp) treePlan(ctx context.Context, t Tree, file []byte, harness, cache string) (plan, error) {
	pl, err := c.plan(ctx, "", harness, cache)
	if err != nil {
		return plan{}, err
	}
	pl.tree = t.Dir
	pl.files = map[string]string{"perfcon_harness.cpp": harness}
	if file != nil {
		rel, err := under(t.File)
		if err != nil {
			return plan{}, err
		}
		pl.files[rel] = string(file)
	}
	var inc []string
	for _, d := range t.IncludeDirs {
		d, err := under(d)
		if err != nil {
			return plan{}, err
		}
		inc = append(inc, "-I"+d)
	}
	for _, f := range t.Flags {
		if !strings.HasPrefix(f, "-D") && !strings.HasPrefix(f, "-U") && !strings.HasPrefix(f, "-f") &&
			!strings.HasPrefix(f, "-m") && !strings.HasPrefix(f, "-W") && !strings.HasPrefix(f, "-O") && !strings.HasPrefix(f, "-std=") {
			return plan{}, fmt.Errorf("build flag %q: only -D, -U, -f, -m, -W, -O and -std= flags are taken", f)
		}
	}
	// One shell script: gcc for each C file, then g++ for the rest. The
	// names are quoted; the flags are checked above.
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	script := []string{"set -e"}
	link := []string{"g++"}
	link = append(link, cppFlags...)
	for _, f := range append(append([]string{}, t.Flags...), inc...) {
		link = append(link, q(f))
	}
	link = append(link, "-o", "prog", "perfcon_harness.cpp")
	for i, s := range t.Sources {
		s, err := under(s)
		if err != nil {
			return plan{}, err
		}
		if strings.HasSuffix(s, ".c") {
			obj := fmt.Sprintf("perfcon_c%d.o", i)
			cc := []string{"gcc", "-O2"}
			for _, f := range append(append([]string{}, t.Flags...), inc...) {
				if !strings.HasPrefix(f, "-std=") {
					cc = append(cc, q(f))
				}
			}
			script = append(script, strings.Join(append(cc, "-c", q(s), "-o", obj), " "))
			link = append(link, obj)
			continue
		}
		link = append(link, q(s))
	}
	script = append(script, strings.Join(link, " "))
	pl.build = []string{"/bin/sh", "-c", strings.Join(script, "\n")}
	pl.keep = []string{"prog"}
	return pl, nil
}
