package lang

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/perfcon/perfcon/internal/sandbox"
)

// Adapter knows how to build one language's programs.
type Adapter interface {
	Name() string
	// Ext is the source file extension, with the dot.
	Ext() string
	// Toolchain describes the compiler or interpreter and its flags; it is
	// part of the build cache key and is recorded with measurements.
	Toolchain(ctx context.Context) (string, error)
	// Paths are the folders its compiler or interpreter needs besides the
	// system's: the sandbox lets builds and runs read them.
	Paths(ctx context.Context) ([]string, error)
	// plan says how to build code and harness; cache is the build cache's
	// root, for a compiler's own cache.
	plan(ctx context.Context, code, harness, cache string) (plan, error)
}

// plan is how one program is built: its files, written into a fresh
// folder, and the command run there, in the sandbox, to build them.
type plan struct {
	// tree, when set, is a folder copied into the build's folder (into
	// its treeAt, "" for the folder itself) first: a repository's tree;
	// files are written over it.
	tree, treeAt string
	files        map[string]string
	build        []string // nil: nothing to run
	env          []string // on top of buildEnv
	writable     []string // caches the build may write
	readOnly     []string // what else the build may read (a module cache)
	// keep, when set, is all the built program needs of the folder: the
	// rest is removed once the build is done.
	keep []string
	// warm, when set, is a file that exists once a build has filled the
	// compiler's cache: until then a build may take ColdBuildTimeout.
	warm    string
	program Program // what runs, with paths in the folder as "./name"
}

// Program is a built variant: run Argv plus ITERATIONS SCALE in Dir.
type Program struct {
	Dir  string
	Argv []string
	// Env holds the variables the language needs on top of the runner's
	// fixed environment.
	Env []string
	// ReadOnly are the paths the program needs to read besides its folder
	// and the system's (Adapter.Paths).
	ReadOnly []string `json:"-"`
}

// BuildError is a build that failed because of the code; Output is what the
// compiler said (its first BuildOutputMax bytes), or why the sandbox
// stopped it.
type BuildError struct {
	Output string
}

// BuildOutputMax bounds the compiler output kept of a failed build.
const BuildOutputMax = 16 << 10

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
	// Sandbox runs the builds; nil makes one in CacheDir/sandbox.
	Sandbox *sandbox.Sandbox
	// Limits bound one build (zero: BuildLimits); Timeout bounds its wall
	// time (zero: the language's BuildTimeouts).
	Limits  sandbox.Limits
	Timeout time.Duration

	mu   sync.Mutex
	keys map[string]*sync.Mutex
	sb   sync.Once
	err  error
}

// BuildLimits bound a build in the sandbox: the compiler is fed untrusted
// code.
var BuildLimits = sandbox.Limits{Memory: 2 << 30, Data: 10 << 30, Address: 64 << 30, Procs: 512, Files: 1024,
	FileSize: 512 << 20, Disk: 1 << 30}

// BuildTimeouts bound one build's wall time, per language: a compiler
// that hangs on the code it is fed (an #include of a pipe, a template that
// never ends) is stopped there, with everything it started, and the build
// fails. A build here takes seconds. PERFCON_BUILD_TIMEOUT (a duration
// such as 90s) sets the bound of every language.
var BuildTimeouts = map[string]time.Duration{"python": 30 * time.Second, "go": 30 * time.Second, "cpp": 30 * time.Second}

// ColdBuildTimeout bounds a build that also fills a compiler's own cache
// for the first time: the first Go build compiles the standard library.
const ColdBuildTimeout = 5 * time.Minute

// buildTimeout is the bound of a build in language, cold when the
// compiler's cache is still empty.
func buildTimeout(language string, cold bool) (time.Duration, error) {
	d := cmp.Or(BuildTimeouts[language], 30*time.Second)
	if v := os.Getenv("PERFCON_BUILD_TIMEOUT"); v != "" {
		e, err := time.ParseDuration(v)
		if err != nil || e <= 0 {
			return 0, fmt.Errorf("PERFCON_BUILD_TIMEOUT=%q: want a positive duration such as 90s", v)
		}
		d = e
	}
	if cold {
		d = max(d, ColdBuildTimeout)
	}
	return d, nil
}

// buildEnv is the whole environment of a build, before the language's own
// variables: nothing of perfcon's leaks in.
var buildEnv = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC"}

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
	paths, err := a.Paths(ctx)
	if err != nil {
		return Program{}, err
	}
	p, err := b.build(ctx, a, tc, paths, code, harness)
	p.ReadOnly = paths
	return p, err
}

func (b *Builder) build(ctx context.Context, a Adapter, tc string, paths []string, code, harness string) (Program, error) {
	h := sha256.New()
	for _, s := range []string{a.Name(), tc, code, harness} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	key := hex.EncodeToString(h.Sum(nil))[:24]
	return b.buildKey(ctx, a, key, paths, func(root string) (plan, error) { return a.plan(ctx, code, harness, root) })
}

// buildKey builds the plan that mk makes (given the cache's root) under
// key, unless it is cached.
func (b *Builder) buildKey(ctx context.Context, a Adapter, key string, paths []string, mk func(root string) (plan, error)) (Program, error) {
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
	pl, err := b.fill(ctx, a, root, tmp, paths, mk)
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
		if err := writeCached(tmp, pl.program); err != nil {
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

// fill makes the plan mk gives in tmp and builds it there: the tree and
// the files written, the build run, what the program needs kept. A
// *BuildError (from mk, or the build) is the code's.
func (b *Builder) fill(ctx context.Context, a Adapter, root, tmp string, paths []string, mk func(root string) (plan, error)) (plan, error) {
	pl, err := mk(root)
	if err != nil {
		return pl, err
	}
	if pl.tree != "" {
		if err := os.CopyFS(filepath.Join(tmp, pl.treeAt), os.DirFS(pl.tree)); err != nil {
			return pl, err
		}
	}
	if err := writeFiles(tmp, pl.files); err != nil {
		return pl, err
	}
	if pl.build != nil {
		if err := b.run(ctx, a.Name(), tmp, slices.Concat(paths, pl.readOnly), pl); err != nil {
			return pl, err
		}
	}
	if pl.keep != nil {
		return pl, keepOnly(tmp, pl.keep)
	}
	return pl, nil
}

// sandbox is the sandbox builds run in.
func (b *Builder) sandbox(ctx context.Context) (*sandbox.Sandbox, error) {
	b.sb.Do(func() {
		if b.Sandbox == nil {
			b.Sandbox, b.err = sandbox.New(ctx, filepath.Join(b.CacheDir, "sandbox"))
		}
	})
	return b.Sandbox, b.err
}

// run runs a plan's build command in dir, in the sandbox, and turns a
// failure of the code into a BuildError: the compiler's complaint, or the
// limit the build ran into.
func (b *Builder) run(ctx context.Context, language, dir string, paths []string, pl plan) error {
	sb, err := b.sandbox(ctx)
	if err != nil {
		return err
	}
	l := b.Limits
	if l == (sandbox.Limits{}) {
		l = BuildLimits
	}
	cold := false
	if pl.warm != "" {
		_, werr := os.Stat(pl.warm)
		cold = werr != nil
	}
	timeout, err := buildTimeout(language, cold)
	if err != nil {
		return err
	}
	if b.Timeout > 0 {
		timeout = b.Timeout
	}
	l.CPU = timeout + time.Second
	for _, w := range pl.writable {
		if err := os.MkdirAll(w, 0o755); err != nil {
			return err
		}
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out := &capped{max: BuildOutputMax}
	ex, err := sb.Run(rctx, sandbox.Cmd{Dir: dir, Out: dir, Argv: pl.build, Env: append(append([]string{}, buildEnv...), pl.env...),
		ReadOnly: paths, Writable: pl.writable, Stdout: out, Stderr: out, Limits: l}, nil)
	if cerr := ctx.Err(); cerr != nil {
		return cerr
	}
	if err != nil {
		return fmt.Errorf("building in the sandbox: %w", err)
	}
	switch {
	case rctx.Err() != nil || ex.Signal == int(syscall.SIGXCPU):
		return &BuildError{Output: fmt.Sprintf("the build did not finish within %v\n%s", timeout, out)}
	case ex.OutOfMemory:
		return &BuildError{Output: fmt.Sprintf("the build ran out of memory (limit %d MiB)\n%s", l.Memory>>20, out)}
	case ex.DiskFull:
		return &BuildError{Output: fmt.Sprintf("the build wrote more than %d MiB\n%s", l.Disk>>20, out)}
	case ex.Signal != 0:
		return &BuildError{Output: fmt.Sprintf("the build was killed by signal %d (%s)\n%s", ex.Signal, syscall.Signal(ex.Signal), out)}
	case ex.Code != 0:
		return &BuildError{Output: out.String()}
	}
	if cold {
		os.WriteFile(pl.warm, nil, 0o644)
	}
	return nil
}

// capped keeps the first max bytes written to it.
type capped struct {
	buf bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.buf.Len(); room < len(p) {
		if room > 0 {
			c.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return c.buf.Write(p)
}

func (c *capped) String() string { return c.buf.String() }

// Job is one program to build: Code with Harness, or, with Tree, Harness
// in a repository's tree.
type Job struct {
	Adapter       Adapter
	Code, Harness string
	Tree          *Tree
}

// BuildJob builds j (Build, or BuildTree).
func (b *Builder) BuildJob(ctx context.Context, j Job) (Program, error) {
	if j.Tree != nil {
		return b.BuildTree(ctx, j.Adapter, *j.Tree, j.Harness)
	}
	return b.Build(ctx, j.Adapter, j.Code, j.Harness)
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
				_, err := b.BuildJob(ctx, j)
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
