package lang

import (
	"context"
	"path/filepath"
)

type golang struct{ v toolVersion }

const goFlags = "-trimpath"

func (*golang) Name() string { return "go" }
func (*golang) Ext() string  { return ".go" }

func (g *golang) Toolchain(ctx context.Context) (string, error) {
	v, err := g.v.get(ctx, "go", "version")
	return v + " build " + goFlags, err
}

func (g *golang) build(ctx context.Context, dir, code, harness string) (Program, error) {
	err := writeFiles(dir, map[string]string{
		"go.mod":      "module task\n\ngo 1.22\n",
		"solution.go": code,
		"harness.go":  harness,
	})
	if err != nil {
		return Program{}, err
	}
	// GOTOOLCHAIN=local: never download a toolchain for a generated go.mod.
	env := []string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_ENABLED=0"}
	if err := run(ctx, dir, env, "go", "build", goFlags, "-o", "prog", "."); err != nil {
		return Program{}, err
	}
	return Program{Argv: []string{filepath.Join(dir, "prog")}}, nil
}
