package lang

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

const manifest = "program.json"

func readCached(dir string) (Program, error) {
	if out, err := os.ReadFile(filepath.Join(dir, "build-error")); err == nil {
		return Program{}, &BuildError{Output: string(out)}
	}
	b, err := os.ReadFile(filepath.Join(dir, manifest))
	if err != nil {
		return Program{}, err
	}
	var p Program
	if err := json.Unmarshal(b, &p); err != nil {
		return Program{}, err
	}
	p.Dir = dir
	for i, a := range p.Argv {
		if !filepath.IsAbs(a) && strings.HasPrefix(a, "./") {
			p.Argv[i] = filepath.Join(dir, a)
		}
	}
	return p, nil
}

// writeCached stores p with paths inside dir made relative, so the
// directory can be renamed.
func writeCached(dir string, p Program) error {
	p.Argv = rebase(p.Argv, dir)
	p.Dir = ""
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifest), b, 0o644)
}

// rebase makes the paths in argv that lie inside dir relative ("./…").
func rebase(argv []string, dir string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		if rel, err := filepath.Rel(dir, a); err == nil && filepath.IsAbs(a) && !strings.HasPrefix(rel, "..") {
			a = "./" + rel
		}
		out[i] = a
	}
	return out
}
