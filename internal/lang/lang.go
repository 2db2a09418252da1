package lang

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Adapter knows how to build one language's programs.
type Adapter interface {
	Name() string
	// Ext is the source file extension, with the dot.
	Ext() string
	// Toolchain describes the compiler or interpreter and its flags; it is
	// part of the build cache key and is recorded with measurements.
	Toolchain(ctx context.Context) (string, error)
	// build writes code and harness into dir and builds them there.
	build(ctx context.Context, dir, code, harness string) (Program, error)
}

// Program is a built variant: run Argv plus ITERATIONS SCALE in Dir.
type Program struct {
	Dir  string
	Argv []string
	// Env holds the variables the language needs on top of the runner's
	// fixed environment.
	Env []string
}

// BuildError is a build that failed because of the code; Output is what the
// compiler said.
type BuildError struct {
	Output string
}

func (e *BuildError) Error() string {
	out := strings.TrimSpace(e.Output)
	if len(out) > 2000 {
		out = out[:2000] + "…"
	}
	return "build failed: " + out
}

var adapters = map[string]Adapter{
	"python": &python{},
	"go":     &golang{},
	"cpp":    &cpp{},
}

// Lookup returns the adapter for a language name as written in tables.
func Lookup(name string) (Adapter, bool) {
	a, ok := adapters[name]
	return a, ok
}

// Names lists the languages, sorted.
func Names() []string {
	var n []string
	for k := range adapters {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// Builder builds programs into a cache directory.
type Builder struct {
	CacheDir string
	mu       sync.Mutex
}

// Build returns the program for code and harness, building it unless an
// earlier build of the same sources is cached. A *BuildError means the code
// does not build; any other error is the machine's.
func (b *Builder) Build(ctx context.Context, a Adapter, code, harness string) (Program, error) {
	tc, err := a.Toolchain(ctx)
	if err != nil {
		return Program{}, err
	}
	h := sha256.New()
	for _, s := range []string{a.Name(), tc, code, harness} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	key := hex.EncodeToString(h.Sum(nil))[:24]
	root, err := filepath.Abs(b.CacheDir)
	if err != nil {
		return Program{}, err
	}
	dir := filepath.Join(root, a.Name(), key)

	b.mu.Lock()
	defer b.mu.Unlock()
	if p, err := readCached(dir); err == nil {
		return p, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return Program{}, err
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return Program{}, err
	}
	p, err := a.build(ctx, tmp, code, harness)
	if err != nil {
		var be *BuildError
		if errors.As(err, &be) {
			// A failed build is a result too: cache it.
			os.WriteFile(filepath.Join(tmp, "build-error"), []byte(be.Output), 0o644)
			if rerr := os.Rename(tmp, dir); rerr != nil {
				return Program{}, rerr
			}
		} else {
			os.RemoveAll(tmp)
		}
		return Program{}, err
	}
	if err := writeCached(tmp, p); err != nil {
		return Program{}, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return Program{}, err
	}
	return readCached(dir)
}

// run executes a build command in dir and turns a failure into a BuildError.
func run(ctx context.Context, dir string, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return &BuildError{Output: string(out)}
	}
	return fmt.Errorf("running %s: %w", name, err)
}

// toolVersion runs a command once and remembers its first output line.
type toolVersion struct {
	once sync.Once
	v    string
	err  error
}

func (t *toolVersion) get(ctx context.Context, name string, args ...string) (string, error) {
	t.once.Do(func() {
		out, err := exec.CommandContext(ctx, name, args...).Output()
		if err != nil {
			t.err = fmt.Errorf("%s not usable: %w", name, err)
			return
		}
		t.v, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
	})
	return t.v, t.err
}
