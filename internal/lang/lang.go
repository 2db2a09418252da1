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
	"python": thePython,
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

// Builder builds programs into a cache directory. It is safe for
// concurrent use: builds of different sources run in parallel, and a build
// already under way is waited for, not repeated. Separate processes may
// share the directory.
type Builder struct {
	CacheDir string
	mu       sync.Mutex
	keys     map[string]*sync.Mutex
}

// lock takes the lock of one cache entry.
func (b *Builder) lock(key string) func() {
	b.mu.Lock()
	if b.keys == nil {
		b.keys = map[string]*sync.Mutex{}
	}
	m, ok := b.keys[key]
	if !ok {
		m = new(sync.Mutex)
		b.keys[key] = m
	}
	b.mu.Unlock()
	m.Lock()
	return m.Unlock
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

	defer b.lock(dir)()
	if p, err := readCached(dir); err == nil {
		return p, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return Program{}, err
	}
	// A build goes to a fresh folder and is renamed into place whole, so
	// a crash or a second process never leaves half an entry behind.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), key+".tmp-")
	if err != nil {
		return Program{}, err
	}
	defer os.RemoveAll(tmp)
	p, err := a.build(ctx, tmp, code, harness)
	var be *BuildError
	switch {
	case errors.As(err, &be):
		// A failed build is a result too: cache it.
		if werr := os.WriteFile(filepath.Join(tmp, "build-error"), []byte(be.Output), 0o644); werr != nil {
			return Program{}, werr
		}
	case err != nil:
		return Program{}, err
	default:
		if err := writeCached(tmp, p); err != nil {
			return Program{}, err
		}
	}
	os.RemoveAll(dir) // an unreadable entry left by an older version
	if rerr := os.Rename(tmp, dir); rerr != nil {
		// Another process may have put the same build in place first.
		if p, cerr := readCached(dir); cerr == nil || errors.As(cerr, &be) {
			return p, cerr
		}
		return Program{}, rerr
	}
	return readCached(dir)
}

// Job is one program for BuildAll.
type Job struct {
	Adapter       Adapter
	Code, Harness string
}

// BuildAll builds jobs, up to workers at a time, so that later Build calls
// find them in the cache: it builds ahead of measuring, when the machine is
// free to be busy. Code that does not build is a result like any other and
// is cached as such; the first machine error stops it.
func (b *Builder) BuildAll(ctx context.Context, jobs []Job, workers int) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  = make(chan Job)
	)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				_, err := b.Build(ctx, j.Adapter, j.Code, j.Harness)
				var be *BuildError
				if err != nil && !errors.As(err, &be) {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
feed:
	for _, j := range jobs {
		select {
		case next <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
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
