package lang

import (
	"context"
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
