package lang

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfcon/perfcon/internal/source"
)

// Tree is a build in a repository's own tree: the harness calls the
// function where it lives, among the types and helpers of its package,
// not a copy cut out of its file.
type Tree struct {
	// Dir holds the files of one commit (package repo's Tree); it is
	// never written. Commit is its id: with Splice, the build cache's
	// name for Dir's contents.
	Dir, Commit string
	// File is the function's file, relative to Dir, and Symbol its name
	// (source.Find).
	File, Symbol string
	// Splice, when set, is put in place of the function's text in File:
	// a generation, built in the tree of code before.
	Splice *string
	// C and C++: the repository's files compiled and linked with the
	// harness, the folders searched for headers (relative to Dir), and
	// flags of the compiler's beside the language's.
	Sources, IncludeDirs, Flags []string
	// Python: the folder of Dir put on PYTHONPATH ("" for Dir itself).
	PythonPath string
	// Go: GoModCache holds the module's dependencies (package repo's
	// GoModules); builds read it and download nothing.
	GoModCache string
}

// key names the build of t with harness by everything it is made of.
func (t Tree) key(a Adapter, tc, harness string) string {
	h := sha256.New()
	parts := []string{"tree", a.Name(), tc, t.Commit, t.File, t.Symbol, harness, t.PythonPath,
		strings.Join(t.Sources, "\x00"), strings.Join(t.IncludeDirs, "\x00"), strings.Join(t.Flags, "\x00")}
	if t.Splice != nil {
		parts = append(parts, "splice", *t.Splice)
	}
	for _, s := range parts {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// spliced is File with Splice in place of the function, or nil without a
// Splice. A function that can't be found is a BuildError.
func (t Tree) spliced() ([]byte, error) {
	if t.Splice == nil {
		return nil, nil
	}
	src, err := os.ReadFile(filepath.Join(t.Dir, t.File))
	if err != nil {
		return nil, err
	}
	f, err := source.Find(source.Language(t.File, src), src, t.Symbol)
	if err != nil {
		return nil, &BuildError{Output: fmt.Sprintf("%s: %v", t.File, err)}
	}
	return source.Splice(src, f, *t.Splice), nil
}

// BuildTree returns the program of harness in t, building it unless an
// earlier build of the same tree, splice and harness is cached. A
// *BuildError means the code (or the splice) does not build.
func (b *Builder) BuildTree(ctx context.Context, a Adapter, t Tree, harness string) (Program, error) {
	ta, ok := a.(treeAdapter)
	if !ok {
		return Program{}, fmt.Errorf("%s has no repository builds", a.Name())
	}
	tc, err := a.Toolchain(ctx)
	if err != nil {
		return Program{}, err
	}
	paths, err := a.Paths(ctx)
	if err != nil {
		return Program{}, err
	}
	p, err := b.buildKey(ctx, a, t.key(a, tc, harness), paths, func(root string) (plan, error) {
		file, err := t.spliced()
		if err != nil {
			return plan{}, err
		}
		return ta.treePlan(ctx, t, file, harness, root)
	})
	p.ReadOnly = paths
	return p, err
}

// treeAdapter is an adapter that builds in a repository's tree.
type treeAdapter interface {
	// treePlan says how to build harness in t; file, when not nil, is
	// t.File's spliced contents.
	treePlan(ctx context.Context, t Tree, file []byte, harness, cache string) (plan, error)
}

// keepOnly removes everything in dir but the names of keep.
func keepOnly(dir string, keep []string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		kept := false
		for _, k := range keep {
			kept = kept || e.Name() == k
		}
		if !kept {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// under is path p of the tree, refusing one that leaves it.
func under(p string) (string, error) {
	c := filepath.Clean(filepath.FromSlash(p))
	if filepath.IsAbs(c) || c == ".." || strings.HasPrefix(c, ".."+string(filepath.Separator)) {
		return "", errors.New("path " + p + " leaves the repository")
	}
	return c, nil
}
