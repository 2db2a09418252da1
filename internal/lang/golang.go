package lang

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
)

type golang struct {
	v    toolVersion
	root toolVersion // GOROOT
}

const goFlags = "-trimpath"

func (*golang) Name() string { return "go" }
func (*golang) Ext() string  { return ".go" }

func (g *golang) Toolchain(ctx context.Context) (string, error) {
	v, err := g.v.get(ctx, "go", "version")
	return v + " build " + goFlags, err
}

// Paths: GOROOT, the compiler and the standard library.
func (g *golang) Paths(ctx context.Context) ([]string, error) {
	root, err := g.root.get(ctx, "go", "env", "GOROOT")
	return []string{root}, err
}

func (g *golang) plan(ctx context.Context, code, harness, cache string) (plan, error) {
	root, err := g.root.get(ctx, "go", "env", "GOROOT")
	if err != nil {
		return plan{}, err
	}
	// perfcon's own Go build cache, the one cache a build may write: kept
	// per user rather than per build cache, so the standard library is
	// compiled once on a machine.
	gocache := filepath.Join(cache, "go-build")
	if user, err := os.UserCacheDir(); err == nil && writableDir(user) {
		gocache = filepath.Join(user, "perfcon", "go-build")
	}
	return plan{
		files: map[string]string{
			"go.mod":      "module task\n\ngo 1.22\n",
			"solution.go": code,
			"harness.go":  harness,
		},
		build: []string{filepath.Join(root, "bin", "go"), "build", goFlags, "-o", "prog", "."},
		// GOTOOLCHAIN=local: never download a toolchain for a generated
		// go.mod; GOPROXY=off: nor a module; no cgo, so no C compiler and
		// no #cgo flags.
		env: []string{"GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "CGO_ENABLED=0",
			"GOCACHE=" + gocache, "GOROOT=" + root},
		writable: []string{gocache},
		warm:     filepath.Join(gocache, "perfcon-warm"),
		program:  Program{Argv: []string{"./prog"}},
	}, nil
}

// writableDir says whether dir is, or can be made, a folder this user
// writes.
func writableDir(dir string) bool {
	return os.MkdirAll(dir, 0o755) == nil && syscall.Access(dir, 2 /* W_OK */) == nil
}

// treePlan: the harness is a main package of the repository's module,
// perfcon_harness/, built from the module's root (the tree's) against
// the downloaded dependencies, offline; only the binary is kept.
func (g *golang) treePlan(ctx context.Context, t Tree, file []byte, harness, cache string) (plan, error) {
	pl, err := g.plan(ctx, "", harness, cache)
	if err != nil {
		return plan{}, err
	}
	pl.tree = t.Dir
	pl.files = map[string]string{filepath.Join("perfcon_harness", "main.go"): harness}
	if file != nil {
		rel, err := under(t.File)
		if err != nil {
			return plan{}, err
		}
		pl.files[rel] = string(file)
	}
	pl.build = []string{pl.build[0], "build", goFlags, "-o", "prog", "./perfcon_harness"}
	pl.env = append(pl.env, "GOSUMDB=off", "GONOSUMDB=*", "GOFLAGS=-mod=mod -buildvcs=false")
	if t.GoModCache != "" {
		pl.env = append(pl.env, "GOMODCACHE="+t.GoModCache)
		pl.readOnly = append(pl.readOnly, t.GoModCache)
	}
	pl.keep = []string{"prog"}
	return pl, nil
}
