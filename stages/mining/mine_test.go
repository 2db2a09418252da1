package mining

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/perfcon/perfcon/internal/table"
)

func mine(t *testing.T, o Options) (Summary, []table.Commit) {
	t.Helper()
	if o.Out == "" {
		o.Out = filepath.Join(t.TempDir(), "commits.parquet")
	}
	sum, err := Mine(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Commit](o.Out)
	if err != nil {
		t.Fatal(err)
	}
	return sum, rows
}

// byCommit groups rows by commit name (of h) and lists their symbols.
func byCommit(h history, rows []table.Commit) map[string][]string {
	name := map[string]string{}
	for k, v := range h {
		name[v] = k
	}
	out := map[string][]string{}
	for _, r := range rows {
		n := name[r.CommitSHA]
		out[n] = append(out[n], r.Symbol)
	}
	for _, s := range out {
		sort.Strings(s)
	}
	return out
}

func TestMine(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	sum, rows := mine(t, Options{Repos: []string{r.dir}, Decide: ByRules, CategoryBy: ByRules})

	var large []string
	for i := range 12 {
		large = append(large, fmt.Sprintf("Record.get%d", i))
	}
	sort.Strings(large)
	want := map[string][]string{
		"py-index":    {"find_user"},
		"go-pool":     {"Server.handle", "encode"},
		"cpp-reserve": {"la::Matrix::multiply"},
		"c-table":     {"classify"},
		"go-parallel": {"checksum"},
		"large":       large,
	}
	if diff := cmp.Diff(want, byCommit(h, rows)); diff != "" {
		t.Errorf("mined functions by commit (-want +got):\n%s", diff)
	}
	wantSkipped := map[string]int{
		"merge":                 1,
		"only_added_or_deleted": 3, // the initial import, the side branch's new file, has_name's file
		"only_test":             1,
		"only_rename":           1,
		"only_vendored":         1,
		"only_binary":           1,
		"no_source":             1, // the logo
		"formatting_only":       1,
		"not_performance":       5, // docs and cache, fast-forward, names(), ci, has_name's set
	}
	if diff := cmp.Diff(wantSkipped, sum.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if sum.Scanned != 20 || sum.Kept != 6 || sum.Rows != len(rows) || sum.Large != 1 {
		t.Errorf("summary %+v", sum)
	}

	// Each row is whole: the function's text on both sides, a patch of
	// it with the file's line numbers, provenance and a category.
	wantCategory := map[string]string{
		"py-index": "inefficient_algorithm", "go-pool": "memory_inefficiency", "cpp-reserve": "memory_inefficiency",
		"c-table": "inefficient_algorithm", "go-parallel": "parallelization",
	}
	ids := map[string]bool{}
	for _, row := range rows {
		if ids[row.TaskID] {
			t.Errorf("task id %s twice", row.TaskID)
		}
		ids[row.TaskID] = true
		if row.Source != table.SourceMined || row.Repo != "shop" || row.ParentSHA == "" || row.CommittedAt == nil ||
			row.PerfScore == nil || *row.PerfScore < DefaultMinScore || row.PerfSource != "rules" ||
			len(row.PerfEvidence) == 0 || len(row.CategoryEvidence) == 0 || row.CategorySource != "rules" {
			t.Errorf("%s: provenance %+v", row.TaskID, row)
		}
		if !table.IsCategory(row.Category) {
			t.Errorf("%s: category %q", row.TaskID, row.Category)
		}
		if row.LargeCommit != (row.FunctionsInCommit > DefaultLargeCommit) {
			t.Errorf("%s: large_commit %v with %d functions", row.TaskID, row.LargeCommit, row.FunctionsInCommit)
		}
	}
	for _, row := range rows {
		name := ""
		for k, v := range h {
			if v == row.CommitSHA {
				name = k
			}
		}
		if want, ok := wantCategory[name]; ok && row.Category != want {
			t.Errorf("%s (%s): category %s, want %s; evidence %q", name, row.Symbol, row.Category, want, row.CategoryEvidence)
		}
		if name == "go-pool" && row.Symbol == "encode" {
			wantBefore := "func encode(v int) string {\n\tb := new(bytes.Buffer)\n\tfmt.Fprintf(b, \"%d\", v)\n\treturn b.String()\n}\n"
			wantAfter := "func encode(v int) string {\n\treturn strconv.Itoa(v)\n}\n"
			if row.CodeBefore != wantBefore || row.CodeAfter != wantAfter {
				t.Errorf("encode: before %q after %q", row.CodeBefore, row.CodeAfter)
			}
			if row.FilePath != "server/handler.go" || row.Language != "go" || row.FunctionsInCommit != 2 {
				t.Errorf("encode: %s %s %d", row.FilePath, row.Language, row.FunctionsInCommit)
			}
			// encode starts at line 17 of the file before and 22 after.
			if !strings.Contains(row.Patch, "@@ -17,5 +22,3 @@") || strings.Contains(row.Patch, "No newline") || row.LinesAdded != 1 || row.LinesRemoved != 3 {
				t.Errorf("encode's patch (+%d -%d):\n%s", row.LinesAdded, row.LinesRemoved, row.Patch)
			}
			if !strings.HasPrefix(row.CommitMessage, "server: reduce allocations") {
				t.Errorf("message %q", row.CommitMessage)
			}
		}
		if name == "cpp-reserve" && row.Language != "cpp" || name == "c-table" && row.Language != "c" {
			t.Errorf("%s: language %s", name, row.Language)
		}
	}

	// Mined again, from a bare clone elsewhere that knows the same origin,
	// the ids are the same.
	bare := filepath.Join(t.TempDir(), "mirror.git")
	if out, err := exec.Command("git", "clone", "-q", "--bare", r.dir, bare).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, dir := range []string{r.dir, bare} {
		if out, err := exec.Command("git", "-C", dir, "config", "remote.origin.url", "https://example.com/acme/shop.git").CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	_, first := mine(t, Options{Repos: []string{r.dir}})
	_, again := mine(t, Options{Repos: []string{bare}, Workers: 1})
	idsOf := func(rows []table.Commit) []string {
		var s []string
		for _, r := range rows {
			s = append(s, r.TaskID)
		}
		slices.Sort(s)
		return s
	}
	if diff := cmp.Diff(idsOf(first), idsOf(again)); diff != "" {
		t.Errorf("task ids of a second mining (-first +second):\n%s", diff)
	}
	if first[0].Repo != "example.com/acme/shop" || !strings.HasPrefix(first[0].TaskID, "shop-") {
		t.Errorf("repo %q, id %q", first[0].Repo, first[0].TaskID)
	}
}

func TestMineSelection(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	// A range and a bound: the newest 3 non-merge commits of go-pool..c-table.
	_, rows := mine(t, Options{Repos: []string{r.dir}, Rev: h["go-pool"] + ".." + h["c-table"], MaxCommits: 3})
	got := byCommit(h, rows)
	if _, ok := got["c-table"]; !ok || len(got) != 2 {
		t.Errorf("range with --max-commits 3: %v", got)
	}
	// A higher bar keeps fewer commits; a lower one more.
	sumHigh, _ := mine(t, Options{Repos: []string{r.dir}, MinScore: 6, Decide: ByRules})
	sumLow, _ := mine(t, Options{Repos: []string{r.dir}, MinScore: 0.5, Decide: ByRules})
	if !(sumHigh.Kept < 6 && sumLow.Kept >= 6) {
		t.Errorf("kept %d at score 6 and %d at 0.5, around 6 at the default", sumHigh.Kept, sumLow.Kept)
	}
	// Two repositories add up.
	r2, _ := buildHistory(t, filepath.Join(t.TempDir(), "shop2"))
	sum, rows := mine(t, Options{Repos: []string{r.dir, r2.dir}, Decide: ByRules})
	if sum.Repos != 2 || sum.Kept != 12 {
		t.Errorf("two repositories: %+v", sum)
	}
	repos := map[string]bool{}
	for _, row := range rows {
		repos[row.Repo] = true
	}
	if len(repos) != 2 {
		t.Errorf("repos %v", repos)
	}
}

func TestMineErrors(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "c.parquet")
	if _, err := Mine(ctx, Options{Repos: []string{t.TempDir()}, Out: out}); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("a folder that is no repository: %v", err)
	}
	r, _ := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	if _, err := Mine(ctx, Options{Repos: []string{r.dir}, Rev: "nope", Out: out}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("an unknown revision: %v", err)
	}
	if _, err := exec.LookPath("git"); err == nil {
		if _, err := table.ReadFile[table.Commit](out); err == nil {
			t.Error("a failed mining wrote a table")
		}
	}
}

// A function moved to another file, and made faster on the way, is mined
// with its file before and after; one moved as it was is not.
func TestMineMovedFunction(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "moves"))
	r.files("a/old.go", "package a\n\nfunc Sum(xs []int) int {\n\tn := 0\n\tfor i := range xs {\n\t\tn += xs[i]\n\t}\n\treturn n\n}\n\nfunc Keep() int { return 1 }\n",
		"a/other.go", "package a\n\nfunc Other() {}\n")
	r.commit("Add sum")
	// Sum leaves old.go, which stays, for a new file.
	r.files("a/old.go", "package a\n\nfunc Keep() int { return 1 }\n",
		"a/new.go", "package a\n\n// Sum adds.\nfunc Sum(xs []int) (n int) {\n\tfor _, x := range xs {\n\t\tn += x\n\t}\n\treturn n\n}\n")
	moved := r.commit("Move Sum to new.go and make it faster: no bounds checks")
	_, rows := mine(t, Options{Repos: []string{r.dir}})
	if len(rows) != 1 {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	row := rows[0]
	if row.CommitSHA != moved || row.Symbol != "Sum" || row.FilePath != "a/new.go" ||
		!strings.Contains(row.Patch, "--- a/a/old.go\n+++ b/a/new.go\n@@ -3,7 +4,6 @@") || !strings.HasPrefix(row.CodeBefore, "func Sum(xs []int) int {") {
		t.Errorf("moved function: %s %s\n%s", row.Symbol, row.FilePath, row.Patch)
	}
}

// A commit that deletes one source file and adds another, with no function
// moving between them, changed no function: it is not "no source".
func TestMineWholeFilesWithoutAMove(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "whole"))
	r.files("a.py", "def f():\n    return 1\n")
	r.commit("Add f")
	r.files("a.py", "", "b.py", "def g():\n    return 2\n")
	r.commit("Speed up: replace f by a faster g")
	sum, rows := mine(t, Options{Repos: []string{r.dir}})
	if len(rows) != 0 || sum.Skipped[skipNoFunction] != 1 {
		t.Errorf("%d rows, skipped %v", len(rows), sum.Skipped)
	}
}

// A study's list of commits: exactly those are read, scored and
// categorised as always, and kept whatever their score; one that changes
// no function still is not a row.
func TestMineListedCommits(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	list := []string{h["fast-forward"], h["py-index"], h["format"]}
	sum, rows := mine(t, Options{Repos: []string{r.dir}, Commits: map[string][]string{r.dir: list}})
	got := byCommit(h, rows)
	if _, ok := got["fast-forward"]; !ok || len(got) != 2 || got["py-index"] == nil {
		t.Errorf("rows of %v; want fast-forward (not performance by its message) and py-index, the listed commits that change a function", got)
	}
	if sum.Scanned != 3 {
		t.Errorf("scanned %d commits, want the 3 listed", sum.Scanned)
	}
	for _, row := range rows {
		if row.PerfScore == nil || row.Category == "" {
			t.Errorf("%s: score %v, category %q; want both, as mining gives them", row.TaskID, row.PerfScore, row.Category)
		}
	}
	// Unlisted, the same commit is not kept.
	_, all := mine(t, Options{Repos: []string{r.dir}})
	if _, ok := byCommit(h, all)["fast-forward"]; ok {
		t.Error("fast-forward is kept without a list: the test shows nothing")
	}
}

// A commit that speeds up functions in two languages is one commit in the
// summary, under "mixed", and a row per function in the table.
func TestMineMixedLanguageCommitCountsOnce(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "shop"))
	r.files("lib/a.py", "def total(xs):\n    s = 0\n    for x in list(xs):\n        s += x\n    return s\n",
		"lib/b.go", "package lib\n\nfunc Total(xs []int) int {\n\ts := 0\n\tfor i := 0; i < len(xs); i++ {\n\t\ts += xs[i]\n\t}\n\treturn s\n}\n")
	r.commit("Initial import")
	r.files("lib/a.py", "def total(xs):\n    return sum(xs)\n",
		"lib/b.go", "package lib\n\nfunc Total(xs []int) (s int) {\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n")
	r.commit("Speed up the totals: 3x faster, no copies")
	sum, rows := mine(t, Options{Repos: []string{r.dir}})
	total := 0
	for _, n := range sum.Languages {
		total += n
	}
	if sum.Kept != 1 || total != 1 || sum.Languages["mixed"] != 1 || len(rows) != 2 {
		t.Errorf("kept %d, languages %v, %d rows; want one commit, counted once as mixed, two rows", sum.Kept, sum.Languages, len(rows))
	}
}

// The learned classifier decides as the rules do on a history with no
// doubtful commit: the performance commits kept, the decoys not, and
// every row says the classifier decided, and why.
func TestMineLearned(t *testing.T) {
	r, h := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	_, rules := mine(t, Options{Repos: []string{r.dir}, Decide: ByRules})
	_, learned := mine(t, Options{Repos: []string{r.dir}, Decide: ByLearned, CategoryBy: ByLearned})
	got := byCommit(h, learned)
	for _, decoy := range []string{"perf-test", "docs-cache", "rename", "vendored", "binary", "png", "format", "fast-forward", "ci", "feature"} {
		if _, ok := got[decoy]; ok {
			t.Errorf("the classifier kept %s", decoy)
		}
	}
	for _, perf := range []string{"py-index", "go-pool", "cpp-reserve", "c-table"} {
		if _, ok := got[perf]; !ok {
			t.Errorf("the classifier missed %s (kept %v)", perf, slices.Collect(maps.Keys(got)))
		}
	}
	if len(rules) == 0 {
		t.Fatal("the rules kept nothing")
	}
	for _, row := range learned {
		if row.PerfSource != table.PerfLearned || row.CategorySource != table.CategoryLearned ||
			!slices.ContainsFunc(row.PerfEvidence, func(e string) bool { return strings.HasPrefix(e, "learned ") }) ||
			!strings.HasPrefix(row.CategoryEvidence[0], "learned ") {
			t.Errorf("%s: perf %s %q, category %s %q", row.TaskID, row.PerfSource, row.PerfEvidence, row.CategorySource, row.CategoryEvidence)
		}
	}
}

// Naming categories by both: with a bar the classifier never reaches,
// every category is the rules', and says so; with none, the
// classifier's.
func TestMineCategoryByBoth(t *testing.T) {
	r, _ := buildHistory(t, filepath.Join(t.TempDir(), "shop"))
	for _, from := range []float64{1.01, 0} {
		l := *DefaultLearned()
		l.CategoryFrom = from
		_, rows := mine(t, Options{Repos: []string{r.dir}, Decide: ByRules, CategoryBy: ByBoth, Learned: &l})
		if len(rows) == 0 {
			t.Fatal("nothing kept")
		}
		for _, row := range rows {
			want := table.CategoryLearned
			if from > 1 {
				want = table.CategoryRules
			}
			said := slices.ContainsFunc(row.CategoryEvidence, func(e string) bool { return strings.Contains(e, "the rules name it") })
			if row.CategorySource != want || said != (from > 1) {
				t.Errorf("bar %.2f: %s named by %s, %q", from, row.TaskID, row.CategorySource, row.CategoryEvidence)
			}
		}
	}
}

// A commit whose file the clone lacks (a partial clone) is passed over
// as unreadable; the rest of the history is mined.
func TestMineUnreadableCommit(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "shop"))
	r.files("app/f.py", "def f(xs):\n    out = []\n    for x in xs:\n        out = out + [x]\n    return out\n",
		"app/g.py", "def g(xs):\n    s = ''\n    for x in xs:\n        s = s + x\n    return s\n")
	r.commit("Add f and g")
	r.files("app/f.py", "def f(xs):\n    return list(xs)\n")
	r.commit("Speed up f: no quadratic list copies")
	blob := strings.TrimSpace(r.git("rev-parse", "HEAD:app/f.py"))
	r.files("app/g.py", "def g(xs):\n    return ''.join(xs)\n")
	r.commit("Speed up g: join instead of quadratic concatenation")
	if err := os.Remove(filepath.Join(r.dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	sum, rows := mine(t, Options{Repos: []string{r.dir}, Decide: ByRules})
	if sum.Skipped[skipUnreadable] != 1 || len(rows) != 1 || rows[0].Symbol != "g" {
		t.Errorf("skipped %v, %d rows; want f's commit unreadable and g's row", sum.Skipped, len(rows))
	}
}

// A body moved into a new helper joins the row of the function that now
// calls it: code after holds the whole change, the patch adds the helper.
func TestMineHelperJoinsTheRow(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "sum"))
	r.files("sum.go", "package sum\n\nfunc Total(xs []int) int {\n\tt := 0\n\tfor i := 0; i < len(xs); i++ {\n\t\tt += xs[i] * 1\n\t}\n\treturn t\n}\n\nfunc Other() int { return 1 }\n")
	r.commit("Add Total")
	r.files("sum.go", "package sum\n\nfunc Total(xs []int) int {\n\treturn totalUnrolled(xs)\n}\n\nfunc Other() int { return 1 }\n\n// totalUnrolled adds four at a time.\nfunc totalUnrolled(xs []int) int {\n\tt := 0\n\tfor len(xs) >= 4 {\n\t\tt += xs[0] + xs[1] + xs[2] + xs[3]\n\t\txs = xs[4:]\n\t}\n\tfor _, x := range xs {\n\t\tt += x\n\t}\n\treturn t\n}\n")
	sha := r.commit("Speed up Total: unroll the loop, 2x faster")
	_, rows := mine(t, Options{Repos: []string{r.dir}, Decide: ByRules})
	if len(rows) != 1 || rows[0].CommitSHA != sha || rows[0].Symbol != "Total" {
		t.Fatalf("rows %+v; want Total of the speed-up", rows)
	}
	row := rows[0]
	if !strings.Contains(row.CodeAfter, "return totalUnrolled(xs)") || !strings.Contains(row.CodeAfter, "func totalUnrolled(xs []int) int {") {
		t.Errorf("code after without its helper:\n%s", row.CodeAfter)
	}
	if !strings.Contains(row.Patch, "+func totalUnrolled(xs []int) int {") || strings.Contains(row.CodeAfter, "func Other") {
		t.Errorf("patch:\n%s\ncode after:\n%s", row.Patch, row.CodeAfter)
	}
	if row.LinesAdded < 10 {
		t.Errorf("lines added %d: the helper's count", row.LinesAdded)
	}
}

// A revert is never performance work by the rules or the classifier,
// whatever the reverted commit's message said; a judge still decides.
func TestMineSkipsReverts(t *testing.T) {
	r := newGitRepo(t, filepath.Join(t.TempDir(), "shop"))
	slow := "def f(xs):\n    out = []\n    for x in xs:\n        out = out + [x]\n    return out\n"
	r.files("app/f.py", slow)
	r.commit("Add f")
	r.files("app/f.py", "def f(xs):\n    return list(xs)\n")
	speed := r.commit("Speed up f: no quadratic list copies, 10x faster")
	r.files("app/f.py", slow)
	revert := r.commit("Revert \"Speed up f: no quadratic list copies, 10x faster\"\n\nThis reverts commit " + speed + ".")
	for _, by := range []string{ByRules, ByLearned} {
		sum, rows := mine(t, Options{Repos: []string{r.dir}, Decide: by})
		if len(rows) != 1 || rows[0].CommitSHA != speed || sum.Skipped[skipNotPerf] != 1 {
			t.Errorf("%s: %d rows, skipped %v; want the speed-up alone and the revert not performance work", by, len(rows), sum.Skipped)
		}
	}
	// Scored on labels, the deciders decide as mining does.
	examples, err := Examples(context.Background(), r.dir, []string{speed, revert}, 1, nil)
	if err != nil || len(examples) != 2 {
		t.Fatalf("examples: %d, %v", len(examples), err)
	}
	for _, by := range []string{ByRules, ByLearned, ByDefault} {
		if keep, _, _ := examples[0].Decide(by, DefaultLearned()); !keep {
			t.Errorf("%s: the speed-up scored on its label is not kept", by)
		}
		if keep, _, _ := examples[1].Decide(by, DefaultLearned()); keep || examples[1].Vetoed != "a revert" {
			t.Errorf("%s: the revert scored on its label is kept (vetoed %q)", by, examples[1].Vetoed)
		}
	}
}
