package executables

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/BurntSushi/toml"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/table"
)

// A hand-written harness lives in a folder of its own, named by its task
// id: harness.toml (language, symbol, scale, stubs, and cost to override
// the category's cost kind), the prelude and the
// harness, and, for reading only, the commit's message and its function
// before and after.
const handFile = "harness.toml"

type handMeta struct {
	Language string   `toml:"language"`
	Symbol   string   `toml:"symbol"`
	Scale    int64    `toml:"scale"`
	Stubs    []string `toml:"stubs"`
	// Cost, "cpu" or "wall", overrides the category's default cost kind.
	Cost string `toml:"cost,omitempty"`
}

// ScaffoldOptions name the commits and where the folders go.
type ScaffoldOptions struct {
	Commits string
	Tasks   []string
	Out     string // the folders go in Out/<task id>/
	Force   bool   // overwrite a folder's files
	// Repository, when set, is the URL (or path) of the commits'
	// repository: each folder is then a repository task of a task set
	// (task.toml and a harness that imports the function from its
	// package), with no prelude; Repos is where it is cloned (nil:
	// repo.Default()).
	Repository string
	Repos      *repo.Cache
	Log        io.Writer
}

// Scaffold writes, for each task, a folder a person fills in: a prelude
// and a harness with the contract in place, to be edited and then handed
// to DraftByHand, which validates it like a model's draft.
func Scaffold(opts ScaffoldOptions) error {
	if len(opts.Tasks) == 0 {
		return errors.New("name the tasks to scaffold (task ids of the commits table)")
	}
	commits, err := table.ReadFile[table.Commit](opts.Commits)
	if err != nil {
		return err
	}
	byID := map[string]table.Commit{}
	for _, c := range commits {
		byID[c.TaskID] = c
	}
	for _, id := range opts.Tasks {
		c, ok := byID[id]
		if !ok {
			return fmt.Errorf("no commit %s in %s", id, opts.Commits)
		}
		a, ok := lang.Lookup(c.Language)
		if !ok {
			return fmt.Errorf("%s: no adapter for language %q (have %s)", id, c.Language, strings.Join(lang.Names(), ", "))
		}
		dir := filepath.Join(opts.Out, id)
		first := handFile
		if opts.Repository != "" {
			first = "task.toml"
		}
		if _, err := os.Stat(filepath.Join(dir, first)); err == nil && !opts.Force {
			return fmt.Errorf("%s exists already: edit it, or --force to write it anew", dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if opts.Repository != "" {
			repos := cmp.Or(opts.Repos, repo.Default())
			files, err := scaffoldRepository(context.Background(), repos, opts.Repository, c)
			if err != nil {
				return fmt.Errorf("%s: %w", id, err)
			}
			if err := writeAll(dir, files); err != nil {
				return err
			}
			if opts.Log != nil {
				fmt.Fprintf(opts.Log, "scaffold: %s: edit task.toml and harness%s, then make DATASET=%s\n", dir, a.Ext(), opts.Out)
			}
			continue
		}
		meta, err := toml.Marshal(handMeta{Language: c.Language, Symbol: c.Symbol, Scale: defaultScale, Stubs: []string{}})
		if err != nil {
			return err
		}
		ext := a.Ext()
		files := map[string]string{
			handFile: "# perfcon executables draft --from reads this folder; see the harness contract in datasets/README.md.\n" +
				strings.TrimRight(string(meta), "\n") + "\n" +
				fmt.Sprintf("# cost = \"cpu\" or \"wall\" overrides the cost kind of the category (%s: %s).\n", c.Category, table.DefaultCost(c.Category)),
			"message.txt":   strings.TrimSpace(c.CommitMessage) + "\n",
			"before" + ext:  c.CodeBefore,
			"after" + ext:   c.CodeAfter,
			"prelude" + ext: skeleton(c, "prelude"),
			"harness" + ext: skeleton(c, "harness"),
		}
		if err := writeAll(dir, files); err != nil {
			return err
		}
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, "scaffold: %s: edit prelude%s and harness%s, then perfcon executables draft --from %s\n", dir, ext, ext, dir)
		}
	}
	return nil
}

func writeAll(dir string, files map[string]string) error {
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// skeleton is the starting prelude or harness of c's language, for a
// function in solution.<ext>.
func skeleton(c table.Commit, part string) string {
	name := shortName(c.Symbol)
	imp := map[string]string{"python": "from solution import " + name, "cpp": `#include "solution.cpp"`}[c.Language]
	return skeletonWith(c, part, imp, name)
}

// shortName is a symbol's last name: "size" of "Box.size".
func shortName(symbol string) string {
	if i := strings.LastIndexAny(symbol, ".:"); i >= 0 {
		return symbol[i+1:]
	}
	return symbol
}

// skeletonWith is the skeleton with its import line (Python's import,
// Go's import spec, C++'s #include) and the call's expression.
func skeletonWith(c table.Commit, part, imp, call string) string {
	t := skeletons.Lookup(c.Language + "-" + part)
	if t == nil {
		return ""
	}
	var b strings.Builder
	data := struct{ Task, Symbol, Name, Import, Call string }{c.TaskID, c.Symbol, shortName(c.Symbol), imp, call}
	if err := t.Execute(&b, data); err != nil {
		panic(err) // the templates are ours
	}
	return b.String()
}

var skeletons = template.Must(template.New("").Parse(`
{{define "python-prelude"}}# Prelude: what the function needs to run on its own, ahead of it in
# solution.py: imports, and the repository's names it calls (or stand-ins
# for them; list those under stubs in harness.toml).
{{end}}
{{define "python-harness"}}"""Harness for {{.Task}}: python3 harness.py ITERATIONS SCALE SEED [inputs]."""
import hashlib
import random
import sys

{{.Import}}


def workload(scale):
    # TODO: build what every call shares from scale alone (fixed seed, no
    # clock); more scale, more work per call.
    rng = random.Random(1)
    return [rng.randrange(1_000_000) for _ in range(scale)]


def make_input(base, seed):
    # TODO: iteration i's input, from the shared workload and SEED+i only:
    # a cheap change that changes the result, so no call can reuse an
    # earlier answer.
    rng = random.Random(seed)
    data = list(base)
    for _ in range(max(1, len(data) // 100)):
        data[rng.randrange(len(data))] = rng.randrange(1_000_000)
    return data


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: harness.py ITERATIONS SCALE SEED [inputs]")
    iterations, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    inputs_only = sys.argv[4:] == ["inputs"]
    base = workload(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        data = make_input(base, seed + i)
        if inputs_only:
            # What making the inputs costs, without the call.
            h.update(repr(data[:8]).encode())
            continue
        result = {{.Call}}(data)  # TODO: call it as the repository does
        # Every iteration's result feeds the digest; consume a lazy one
        # (a generator, an iterator) in full first.
        h.update(repr(result).encode())
    # One line: a digest of the results, equal for equal results.
    print(h.hexdigest()[:16])


if __name__ == "__main__":
    main()
{{end}}
{{define "go-prelude"}}package main

// Prelude: what the function needs to build on its own, ahead of it in
// solution.go: imports (one the function doesn't use is dropped), and the
// repository's types and functions it calls (or stand-ins for them; list
// those under stubs in harness.toml).
{{end}}
{{define "go-harness"}}// Harness for {{.Task}}: prog ITERATIONS SCALE SEED [inputs].
package main

import (
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"strconv"
{{if .Import}}
	{{.Import}}
{{end -}}
)

// workload builds what every call shares from scale alone (fixed seed,
// no clock); more scale, more work per call.
func workload(scale int) []int {
	rng := rand.New(rand.NewSource(1))
	in := make([]int, scale)
	for i := range in {
		in[i] = rng.Intn(1_000_000)
	}
	return in
}

// makeInput is iteration i's input, from the shared workload and SEED+i
// only: a cheap change that changes the result, so no call can reuse an
// earlier answer.
func makeInput(base []int, seed int64) []int {
	rng := rand.New(rand.NewSource(seed))
	in := append([]int(nil), base...)
	for k := 0; k < max(1, len(in)/100); k++ {
		in[rng.Intn(len(in))] = rng.Intn(1_000_000)
	}
	return in
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: prog ITERATIONS SCALE SEED [inputs]")
		os.Exit(2)
	}
	iterations, _ := strconv.Atoi(os.Args[1])
	scale, _ := strconv.Atoi(os.Args[2])
	seed, _ := strconv.ParseInt(os.Args[3], 10, 64)
	inputsOnly := len(os.Args) > 4 && os.Args[4] == "inputs"
	base := workload(scale)
	h := fnv.New64a()
	for i := 0; i < iterations; i++ {
		in := makeInput(base, seed+int64(i))
		if inputsOnly {
			// What making the inputs costs, without the call.
			fmt.Fprint(h, in[0])
			continue
		}
		result := {{.Call}}(in) // TODO: call it as the repository does
		// Every iteration's result feeds the digest.
		fmt.Fprint(h, result)
	}
	// One line: a digest of the results, equal for equal results.
	fmt.Printf("%016x\n", h.Sum64())
}
{{end}}
{{define "cpp-prelude"}}// Prelude: what the function needs to build on its own, ahead of it in
// solution.cpp: #includes, and the repository's types and functions it
// calls (or stand-ins for them; list those under stubs in harness.toml).
#include <cstdint>
#include <string>
#include <vector>
{{end}}
{{define "cpp-harness"}}// Harness for {{.Task}}: prog ITERATIONS SCALE SEED [inputs].
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

{{.Import}}

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s ITERATIONS SCALE SEED [inputs]\n", argv[0]);
        return 2;
    }
    long iterations = std::atol(argv[1]);
    long scale = std::atol(argv[2]);
    long seed = std::atol(argv[3]);
    bool inputs_only = argc > 4 && std::strcmp(argv[4], "inputs") == 0;
    // TODO: build what every call shares from scale alone (fixed seed, no
    // clock); more scale, more work per call.
    std::mt19937 rng(1);
    std::vector<int> base(static_cast<size_t>(scale));
    for (auto& x : base) x = static_cast<int>(rng() % 1000000);
    uint64_t digest = 1469598103934665603ULL;
    for (long it = 0; it < iterations; ++it) {
        // Iteration it's input, from the shared workload and SEED+it only:
        // a cheap change that changes the result.
        std::mt19937 change(static_cast<uint32_t>(seed + it));
        std::vector<int> in = base;
        for (size_t k = 0; k < in.size() / 100 + 1; ++k) in[change() % in.size()] = static_cast<int>(change() % 1000000);
        uint64_t v;
        if (inputs_only) {
            v = static_cast<uint64_t>(in[0]);  // what making the inputs costs
        } else {
            auto result = {{.Call}}(in);  // TODO: call it as the repository does
            v = static_cast<uint64_t>(result);
        }
        // Every iteration's result feeds the digest.
        digest = (digest ^ v) * 1099511628211ULL;
    }
    // One line: a digest of the results, equal for equal results.
    std::printf("%016llx\n", static_cast<unsigned long long>(digest));
    return 0;
}
{{end}}
`))

// DraftByHand turns folders written from Scaffold into drafts (origin
// "hand"), validates them as a model's drafts are, and makes each its
// task's executable, pending review. dirs are task folders, or folders
// of them.
func DraftByHand(ctx context.Context, opts DraftOptions, dirs []string) (DraftSummary, error) {
	var sum DraftSummary
	st, err := loadDraftState(opts.Commits, opts.Executables, opts.Drafts, nil)
	if err != nil {
		return sum, err
	}
	byID := map[string]*table.Commit{}
	for i := range st.commits {
		byID[st.commits[i].TaskID] = &st.commits[i]
	}
	var folders []string
	for _, d := range dirs {
		found, err := handFolders(d)
		if err != nil {
			return sum, err
		}
		folders = append(folders, found...)
	}
	if len(folders) == 0 {
		return sum, fmt.Errorf("no %s in %s: write one with perfcon executables scaffold", handFile, strings.Join(dirs, ", "))
	}
	v, err := newValidator(ctx, opts.Validate)
	if err != nil {
		return sum, err
	}
	for i, dir := range folders {
		d, err := readHand(dir)
		if err != nil {
			return sum, err
		}
		c, ok := byID[d.TaskID]
		if !ok {
			return sum, fmt.Errorf("%s: no commit %s in %s", dir, d.TaskID, opts.Commits)
		}
		if d.Language != c.Language {
			return sum, fmt.Errorf("%s: language %q, but the commit's is %q", filepath.Join(dir, handFile), d.Language, c.Language)
		}
		d.Attempt, d.DraftedAt = 1, v.now().UTC()
		if last := st.last(d.TaskID, table.OriginHand); last != nil {
			d.Attempt = last.Attempt + 1
		}
		e, err := validateDraft(ctx, v, c, &d)
		if err != nil {
			return sum, fmt.Errorf("task %s: %w", d.TaskID, err)
		}
		sum.Attempts++
		st.add(d, e)
		v.logf("[%d/%d] %s: %s", i+1, len(folders), d.TaskID, outcome(d))
		if err := st.write(opts.Executables, opts.Drafts, opts.Reviews); err != nil {
			return sum, err
		}
	}
	sum.count(st, table.OriginHand)
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "draft: %d harnesses by hand, %d of %d tasks validated -> %s, %s\n", sum.Attempts, sum.Passed, sum.Tasks,
			opts.Drafts, opts.Executables)
	}
	return sum, nil
}

// handFolders is dir when it holds a harness.toml, else its sub-folders
// that do.
func handFolders(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, handFile)); err == nil {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), handFile)); e.IsDir() && err == nil {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

// readHand reads a hand-written harness folder into a draft.
func readHand(dir string) (table.Draft, error) {
	var m handMeta
	md, err := toml.DecodeFile(filepath.Join(dir, handFile), &m)
	if err != nil {
		return table.Draft{}, fmt.Errorf("%s: %w", filepath.Join(dir, handFile), err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return table.Draft{}, fmt.Errorf("%s: unknown key %q", filepath.Join(dir, handFile), keys[0].String())
	}
	a, ok := lang.Lookup(m.Language)
	if !ok {
		return table.Draft{}, fmt.Errorf("%s: language %q is not one of %s", filepath.Join(dir, handFile), m.Language, strings.Join(lang.Names(), ", "))
	}
	if m.Cost != "" && m.Cost != table.CostCPU && m.Cost != table.CostWall {
		return table.Draft{}, fmt.Errorf("%s: cost %q is not one of %s, %s", filepath.Join(dir, handFile), m.Cost, table.CostCPU, table.CostWall)
	}
	d := table.Draft{TaskID: filepath.Base(filepath.Clean(dir)), Language: m.Language, Origin: table.OriginHand,
		Scale: m.Scale, Stubs: m.Stubs, CostKind: m.Cost, Validation: table.ValidationNotRun}
	if d.Scale <= 0 {
		return d, fmt.Errorf("%s: scale must be a positive integer", filepath.Join(dir, handFile))
	}
	for _, f := range []struct {
		name string
		dst  *string
		need bool
	}{{"prelude" + a.Ext(), &d.Prelude, false}, {"harness" + a.Ext(), &d.Harness, true}} {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		switch {
		case errors.Is(err, fs.ErrNotExist) && !f.need:
		case err != nil:
			return d, err
		case strings.TrimSpace(string(b)) == "" && f.need:
			return d, fmt.Errorf("%s: file is empty", filepath.Join(dir, f.name))
		default:
			*f.dst = string(b)
		}
	}
	return d, nil
}

// scaffoldRepository writes c's folder as a repository task of a task
// set: task.toml names the repository, the commit and its parent, the
// file and the function, and the build, and the harness imports the
// function from the repository's own package; nothing of the repository
// is copied.
func scaffoldRepository(ctx context.Context, repos *repo.Cache, url string, c table.Commit) (map[string]string, error) {
	rb, err := repoBuildOf(ctx, repos, url, c)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# A repository task: perfcon dataset fetch, then make DATASET=<this folder's set>; see datasets/README.md.\n")
	fmt.Fprintf(&b, "language  = %q\ncategory  = %q\n", c.Language, c.Category)
	fmt.Fprintf(&b, "reason    = %q\n", "TODO: why this category ("+strings.Join(c.CategoryEvidence, "; ")+")")
	fmt.Fprintf(&b, "repo_url  = %q\ncommit    = %q\nparent    = %q\n", url, c.CommitSHA, c.ParentSHA)
	fmt.Fprintf(&b, "file_path = %q\nsymbol    = %q\nscale     = %d\n", c.FilePath, c.Symbol, defaultScale)
	switch c.Language {
	case "python":
		if rb.PythonPath != "" {
			fmt.Fprintf(&b, "pythonpath = %q\n", rb.PythonPath)
		}
	case "go":
		fmt.Fprintf(&b, "package   = %q\n", rb.GoPackage)
	case "cpp":
		fmt.Fprintf(&b, "sources      = [%q]   # TODO: every file the function's code needs linked\ninclude_dirs = [%q]\nflags        = []\n",
			rb.Sources[0], rb.IncludeDirs[0])
	}
	ext := map[string]string{"python": ".py", "go": ".go", "cpp": ".cpp"}[c.Language]
	return map[string]string{"task.toml": b.String(), "harness" + ext: skeletonWith(c, "harness", rb.Import, rb.Call)}, nil
}
