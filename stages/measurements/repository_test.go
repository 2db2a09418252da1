package measurements

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/repo/repotest"
	"github.com/perfcon/perfcon/internal/table"
	"github.com/perfcon/perfcon/stages/commits"
	"github.com/perfcon/perfcon/stages/executables"
)

// A repository per language whose count of repeated values goes from
// pairs of loops to one pass in its performance commit, with our harness
// and a model's rewrite (the one pass, written otherwise) and a rewrite
// that breaks the file.
var repoTasks = []struct {
	lang, tool, file, symbol string
	before, after, harness   string
	rewrite, broken          string
	toml                     string
	extra                    map[string]string
}{
	{
		lang: "python", tool: "python3", file: "dupes/count.py", symbol: "Tally.repeats",
		extra:  map[string]string{"dupes/__init__.py": "\n"},
		before: "class Tally:\n    def __init__(self, xs):\n        self.xs = xs\n\n    def repeats(self):\n        n = 0\n        for i, x in enumerate(self.xs):\n            for y in self.xs[:i]:\n                if x == y:\n                    n += 1\n                    break\n        return n\n",
		after:  "class Tally:\n    def __init__(self, xs):\n        self.xs = xs\n\n    def repeats(self):\n        seen = set()\n        n = 0\n        for x in self.xs:\n            if x in seen:\n                n += 1\n            seen.add(x)\n        return n\n",
		harness: "import sys\nfrom dupes.count import Tally\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\n" +
			"base = [(i * 7919) % (scale // 2 + 1) for i in range(scale)]\nd = 0\nfor i in range(n):\n    xs = base[:scale - (seed + i) % 7]\n" +
			"    r = len(xs) if sys.argv[4:] else Tally(xs).repeats()\n    d = (d * 31 + r) % (1 << 61)\nprint(d)\n",
		rewrite: "def repeats(self):\n    return len(self.xs) - len(set(self.xs))\n",
		broken:  "def repeats(self)\n    return 0\n",
		toml:    `pythonpath = ""`,
	},
	{
		lang: "go", tool: "go", file: "dupes/dupes.go", symbol: "Repeats",
		extra:  map[string]string{"go.mod": "module example.com/dupes\n\ngo 1.22\n"},
		before: "package dupes\n\n// Repeats counts the values seen before.\nfunc Repeats(xs []int) int {\n\tn := 0\n\tfor i, x := range xs {\n\t\tfor _, y := range xs[:i] {\n\t\t\tif x == y {\n\t\t\t\tn++\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n\t}\n\treturn n\n}\n",
		after:  "package dupes\n\n// Repeats counts the values seen before.\nfunc Repeats(xs []int) int {\n\tseen := map[int]bool{}\n\tn := 0\n\tfor _, x := range xs {\n\t\tif seen[x] {\n\t\t\tn++\n\t\t}\n\t\tseen[x] = true\n\t}\n\treturn n\n}\n",
		harness: "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strconv\"\n\n\t\"example.com/dupes/dupes\"\n)\n\nfunc main() {\n\tn, _ := strconv.Atoi(os.Args[1])\n\tscale, _ := strconv.Atoi(os.Args[2])\n\tseed, _ := strconv.Atoi(os.Args[3])\n" +
			"\tbase := make([]int, scale)\n\tfor i := range base {\n\t\tbase[i] = (i * 7919) % (scale/2 + 1)\n\t}\n\td := uint64(0)\n\tfor i := 0; i < n; i++ {\n\t\txs := append([]int(nil), base[:scale-(seed+i)%7]...)\n" +
			"\t\tr := len(xs)\n\t\tif len(os.Args) < 5 {\n\t\t\tr = dupes.Repeats(xs)\n\t\t}\n\t\td = d*31 + uint64(r)\n\t}\n\tfmt.Println(d)\n}\n",
		rewrite: "func Repeats(xs []int) int {\n\tseen := make(map[int]struct{}, len(xs))\n\tfor _, x := range xs {\n\t\tseen[x] = struct{}{}\n\t}\n\treturn len(xs) - len(seen)\n}\n",
		broken:  "func Repeats(xs []int) int {\n\treturn len(xs) -\n}\n",
		toml:    `package = "example.com/dupes/dupes"`,
	},
	{
		lang: "cpp", tool: "g++", file: "src/dupes.cc", symbol: "dupes::repeats",
		extra:  map[string]string{"include/dupes.h": "#pragma once\n#include <vector>\nnamespace dupes {\nlong repeats(const std::vector<long>& xs);\n}\n"},
		before: "#include <cstddef>\n#include \"dupes.h\"\nnamespace dupes {\nlong repeats(const std::vector<long>& xs) {\n  long n = 0;\n  for (std::size_t i = 0; i < xs.size(); i++)\n    for (std::size_t j = 0; j < i; j++)\n      if (xs[i] == xs[j]) {\n        n++;\n        break;\n      }\n  return n;\n}\n}  // namespace dupes\n",
		after:  "#include <cstddef>\n#include <unordered_set>\n#include \"dupes.h\"\nnamespace dupes {\nlong repeats(const std::vector<long>& xs) {\n  std::unordered_set<long> seen;\n  long n = 0;\n  for (long x : xs)\n    if (!seen.insert(x).second) n++;\n  return n;\n}\n}  // namespace dupes\n",
		harness: "#include <cstdio>\n#include <cstdlib>\n#include <vector>\n#include \"dupes.h\"\nint main(int argc, char** argv) {\n  long n = atol(argv[1]), scale = atol(argv[2]), seed = atol(argv[3]);\n" +
			"  std::vector<long> base(scale);\n  for (long i = 0; i < scale; i++) base[i] = (i * 7919) % (scale / 2 + 1);\n  unsigned long d = 0;\n  for (long i = 0; i < n; i++) {\n    std::vector<long> xs(base.begin(), base.end() - (seed + i) % 7);\n" +
			"    long r = argc > 4 ? (long)xs.size() : dupes::repeats(xs);\n    d = d * 31 + (unsigned long)r;\n  }\n  printf(\"%lu\\n\", d);\n}\n",
		rewrite: "long repeats(const std::vector<long>& xs) {\n  long hi = 0;\n  for (long x : xs) hi = x > hi ? x : hi;\n  std::vector<char> seen(hi + 1);\n  long n = 0;\n  for (long x : xs) {\n    n += seen[x];\n    seen[x] = 1;\n  }\n  return n;\n}\n",
		broken:  "long repeats(const std::vector<long>& xs) {\n  return xs.size(\n}\n",
		toml:    "sources = [\"src/dupes.cc\"]\ninclude_dirs = [\"include\"]",
	},
}

// Repository tasks end to end: their repositories are fetched from local
// clones, each task's code before and after is read from its commit's
// parent and the commit, validation builds and runs both trees in the
// sandbox, and measure runs a model's rewrite spliced into the parent's
// tree; one that breaks the file's syntax is a build error.
func TestRepositoryTasks(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	set := filepath.Join(root, "set")
	mirrors := filepath.Join(root, "mirrors")
	t.Setenv("PERFCON_REPOS", filepath.Join(root, "repos"))
	var gens []table.Generation
	ran := 0
	for _, c := range repoTasks {
		if _, err := exec.LookPath(c.tool); err != nil {
			continue
		}
		ran++
		r := repotest.New(t, filepath.Join(root, "work", c.lang))
		files := map[string]string{c.file: c.before}
		for k, v := range c.extra {
			files[k] = v
		}
		r.Commit("first", files)
		sha := r.Commit("Count repeats in one pass\n\nA set of the values seen, not a loop over them.", map[string]string{c.file: c.after})
		r.Git("clone", "-q", "--bare", r.Dir, filepath.Join(mirrors, "acme", c.lang+".git"))
		id := c.lang + "-algo-repeats"
		dir := filepath.Join(set, id)
		os.MkdirAll(dir, 0o755)
		ext := map[string]string{"python": ".py", "go": ".go", "cpp": ".cpp"}[c.lang]
		toml := "language = \"" + c.lang + "\"\ncategory = \"inefficient_algorithm\"\nrepo_url = \"https://perfcon.invalid/acme/" + c.lang + "\"\n" +
			"commit = \"" + sha + "\"\nfile_path = \"" + c.file + "\"\nsymbol = \"" + c.symbol + "\"\nscale = 200\n" + c.toml + "\n"
		must(t, os.WriteFile(filepath.Join(dir, "task.toml"), []byte(toml), 0o644))
		must(t, os.WriteFile(filepath.Join(dir, "harness"+ext), []byte(c.harness), 0o644))
		for _, g := range []string{c.rewrite, c.broken} {
			gens = append(gens, table.Generation{TaskID: id, Model: "m", Describer: "m", Round: 1, Code: g})
		}
	}
	if ran == 0 {
		t.Skip("no toolchain")
	}
	// Not fetched: the task is named, and so is the way out.
	if _, err := dataset.Load(set); err == nil || !strings.Contains(err.Error(), "perfcon dataset fetch") {
		t.Fatalf("loading before a fetch: %v", err)
	}
	if _, err := dataset.Fetch(ctx, set, &repo.Cache{Dir: os.Getenv("PERFCON_REPOS"), Mirrors: mirrors}, nil); err != nil {
		t.Fatal(err)
	}
	path := func(n string) string { return filepath.Join(root, n+".parquet") }
	must(t, commits.Run(context.Background(), commits.Options{Dataset: set, Out: path("commits")}))
	must(t, executables.Run(context.Background(), executables.Options{Dataset: set, Out: path("draft")}))
	settings := measure.Settings{Profile: measure.Profile{Name: "unit", MinTime: 30 * time.Millisecond, Repeats: 5,
		MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 20, ScaleTime: 20 * time.Millisecond,
		Walls: measure.Walls{Time: 5 * time.Second, Memory: 1 << 30}}, CacheDir: filepath.Join(root, "builds"), CPU: -1}
	sum, err := executables.Validate(ctx, executables.ValidateOptions{Commits: path("commits"), Executables: path("draft"),
		Out: path("executables"), Alpha: 0.05, Settings: settings})
	must(t, err)
	if sum.Passed != ran {
		execs, _ := table.ReadFile[table.Executable](path("executables"))
		for _, e := range execs {
			t.Logf("%s: %s %s", e.TaskID, e.Validation, e.ValidationReason)
		}
		t.Fatalf("%d of %d repository tasks passed validation", sum.Passed, ran)
	}
	must(t, table.WriteFile(path("generations"), gens))
	must(t, Run(ctx, Options{Commits: path("commits"), Executables: path("executables"), Generations: path("generations"),
		Out: path("measurements"), Settings: settings}))
	rows, err := table.ReadFile[table.Measurement](path("measurements"))
	must(t, err)
	status := map[string]map[string]bool{} // task -> "variant status"
	for _, r := range rows {
		if status[r.TaskID] == nil {
			status[r.TaskID] = map[string]bool{}
		}
		status[r.TaskID][r.Variant+" "+r.Status] = true
	}
	for id, st := range status {
		for _, want := range []string{"before ok", "after ok", "generated ok", "generated build_error"} {
			if !st[want] {
				t.Errorf("%s: no %q run among %v", id, want, st)
			}
		}
	}
	if len(status) != ran {
		t.Errorf("%d tasks measured, want %d", len(status), ran)
	}
	cs, err := table.ReadFile[table.Commit](path("commits"))
	must(t, err)
	for _, c := range cs {
		if len(c.CommitSHA) != 40 || len(c.ParentSHA) != 40 || !strings.HasPrefix(c.CommitMessage, "Count repeats in one pass") {
			t.Errorf("%s: commit %q parent %q message %q: want the repository's", c.TaskID, c.CommitSHA, c.ParentSHA, c.CommitMessage)
		}
	}
}
