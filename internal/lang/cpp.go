package lang

import (
	"context"
	"path/filepath"
	"strings"
)

type cpp struct{ v toolVersion }

var cppFlags = []string{"-std=c++17", "-O2", "-pthread"}

func (*cpp) Name() string { return "cpp" }
func (*cpp) Ext() string  { return ".cpp" }

func (c *cpp) Toolchain(ctx context.Context) (string, error) {
	v, err := c.v.get(ctx, "g++", "--version")
	return v + " " + strings.Join(cppFlags, " "), err
}

func (c *cpp) build(ctx context.Context, dir, code, harness string) (Program, error) {
	if err := writeFiles(dir, map[string]string{"solution.cpp": code, "harness.cpp": harness}); err != nil {
		return Program{}, err
	}
	args := append(append([]string{}, cppFlags...), "-o", "prog", "harness.cpp")
	if err := run(ctx, dir, nil, "g++", args...); err != nil {
		return Program{}, err
	}
	return Program{Argv: []string{filepath.Join(dir, "prog")}}, nil
}
