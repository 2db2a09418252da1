package refinements

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/llm/llmtest"
	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/table"
)

// The tasks: code before sums in a loop, code after in closed form.
const (
	loop    = "def total(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n"
	closed  = "def total(n):\n    return n * (n - 1) // 2\n"
	crashes = "def total(n):\n    return n * (n - 1) // two\n"
	wrong   = "def total(n):\n    return n * (n + 1) // 2\n"
	// slower does code after's sum and an empty loop of a quarter of code
	// before's length: far slower than code after, several times faster
	// than code before, so neither verdict is at the mercy of noise.
	slower  = "def total(n):\n    for _ in range(n // 4):\n        pass\n    return n * (n - 1) // 2\n"
	harness = "import sys\nfrom solution import total\nn, scale, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])\nr = 0\nfor i in range(n):\n    x = scale + seed + i\n    r = (r * 31 + (x if sys.argv[4:] else total(x))) % (1 << 61)\nprint(r)\n"
)

// Two cells of two tasks each: the split puts one of each in test.
var tasks = []struct{ id, category string }{
	{"algo-1", "inefficient_algorithm"}, {"algo-2", "inefficient_algorithm"},
	{"mem-1", "memory_inefficiency"}, {"mem-2", "memory_inefficiency"},
}

// The scripted models, by what each one's round-1 generation is on a
// task of each category, and how it answers a fix and an optimise prompt:
//
//	fixer:      a crash everywhere, fixed on feedback;
//	breaker:    right on algorithms, but its refinement is wrong;
//	sloth:      right on algorithms, but its refinement is slower;
//	specialist: right only on memory tasks, wrong on the others and
//	            wrong again when told so: best on one category only.
//
// breaker and sloth give code before back on memory tasks: correct, but
// no faster.
var models = map[string]struct {
	gen           map[string]string // category -> generation
	fix, optimise string
}{
	"fixer":      {map[string]string{"inefficient_algorithm": crashes, "memory_inefficiency": crashes}, closed, closed},
	"breaker":    {map[string]string{"inefficient_algorithm": closed, "memory_inefficiency": loop}, wrong, wrong},
	"sloth":      {map[string]string{"inefficient_algorithm": closed, "memory_inefficiency": loop}, slower, slower},
	"specialist": {map[string]string{"inefficient_algorithm": wrong, "memory_inefficiency": closed}, wrong, closed},
}

var testRun = measure.Settings{Profile: measure.Profile{Name: "test", MinTime: 30 * time.Millisecond, Repeats: 3,
	MaxIterations: 1 << 20, Timeout: 20 * time.Second, TimeoutFactor: 20}, CPU: -1}

func fence(code string) string { return "Here it is.\n\n```python\n" + code + "```\n" }

// writeTables writes the input tables into dir: every model has described
// and generated every task.
func writeTables(t *testing.T, dir string) {
	t.Helper()
	var commits []table.Commit
	var execs []table.Executable
	var descs []table.Description
	var gens []table.Generation
	for _, task := range tasks {
		commits = append(commits, table.Commit{TaskID: task.id, Language: "python", Category: task.category,
			Symbol: "total", CommitMessage: "Sum in closed form", CodeBefore: loop, CodeAfter: closed})
		execs = append(execs, table.Executable{TaskID: task.id, Language: "python", Harness: harness, Entry: "total",
			Scale: 1000000, ReviewStatus: table.ReviewApproved, Validation: table.ValidationPassed})
		for name, m := range models {
			descs = append(descs, table.Description{TaskID: task.id, Model: name, Round: 1,
				Description: "For task " + task.id + ": sum in closed form."})
			gens = append(gens, table.Generation{TaskID: task.id, Describer: name, Model: name, Round: 1,
				PromptVersion: "generate-v1", Code: m.gen[task.category], ExtractStatus: "fenced"})
		}
	}
	for name, rows := range map[string]any{"commits": commits, "executables": execs, "descriptions": descs, "generations": gens} {
		var err error
		switch r := rows.(type) {
		case []table.Commit:
			err = table.WriteFile(filepath.Join(dir, name+".parquet"), r)
		case []table.Executable:
			err = table.WriteFile(filepath.Join(dir, name+".parquet"), r)
		case []table.Description:
			err = table.WriteFile(filepath.Join(dir, name+".parquet"), r)
		case []table.Generation:
			err = table.WriteFile(filepath.Join(dir, name+".parquet"), r)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// scripted starts the server the models answer from, and records every
// prompt it was sent by model, task and kind.
type scripted struct {
	srv     *llmtest.Server
	mu      sync.Mutex
	prompts map[string][]string // "model task kind" -> prompts
}

func newScripted(t *testing.T) *scripted {
	s := &scripted{srv: llmtest.New(t), prompts: map[string][]string{}}
	s.srv.Answer = func(_ int, req llmtest.Request) llmtest.Reply {
		m, ok := models[req.Model]
		if !ok {
			return llmtest.Reply{Status: 404}
		}
		p := req.Last()
		kind, answer := "fix", m.fix
		if strings.Contains(p, "Make it faster still") {
			kind, answer = "optimise", m.optimise
		}
		task := ""
		for _, tk := range tasks {
			if strings.Contains(p, "For task "+tk.id+":") {
				task = tk.id
			}
		}
		s.mu.Lock()
		s.prompts[req.Model+" "+task+" "+kind] = append(s.prompts[req.Model+" "+task+" "+kind], p)
		s.mu.Unlock()
		return llmtest.Reply{Content: fence(answer)}
	}
	return s
}

func (s *scripted) models(t *testing.T, names ...string) []llm.Model {
	var out []llm.Model
	for _, n := range names {
		m, err := llm.Open(llm.Config{Name: n, BaseURL: s.srv.BaseURL(), Model: n, Concurrency: 4})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func refineOptions(dir string, ms []llm.Model, rounds int) Options {
	path := func(n string) string { return filepath.Join(dir, n+".parquet") }
	run := testRun
	run.CacheDir = filepath.Join(dir, "builds")
	return Options{Common: Common{Commits: path("commits"), Executables: path("executables"), Descriptions: path("descriptions"),
		Generations: path("generations"), Out: path("refinements"), Models: ms,
		Cache: &llm.Cache{Dir: filepath.Join(dir, "llm")}, Run: run}, Rounds: rounds}
}

// chainOf returns a chain's steps, in order.
func chainOf(rows []table.Refinement, pipeline, model, task string) []table.Refinement {
	var out []table.Refinement
	for _, r := range rows {
		if r.Pipeline == pipeline && r.Model == model && r.TaskID == task {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b table.Refinement) int { return int(a.Step - b.Step) })
	return out
}

// summary is a chain as "kind:status>result" per step.
func summary(steps []table.Refinement) string {
	var s []string
	for _, r := range steps {
		s = append(s, fmt.Sprintf("%s:%s>%d", r.StepKind, r.FeedbackStatus, r.ResultStep))
	}
	return strings.Join(s, " ")
}

func needPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
}

func TestRefine(t *testing.T) {
	needPython(t)
	dir := t.TempDir()
	writeTables(t, dir)
	s := newScripted(t)
	opts := refineOptions(dir, s.models(t, "fixer", "breaker", "sloth", "specialist"), 2)
	sum, err := Refine(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Refinement](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4*4*3 || sum.Chains != 16 {
		t.Fatalf("%d rows in %d chains, want 16 chains of 3 steps", len(rows), sum.Chains)
	}
	// The fixer's 4 chains, and the sloth's 2 on memory tasks, where its
	// one-shot code is code before and its "slower" code beats that; not
	// the specialist's, wrong throughout on algorithms.
	if sum.Improved != 6 {
		t.Errorf("%d chains improved on their one-shot code, want 6", sum.Improved)
	}
	for _, c := range []struct{ model, task, want string }{
		// The crash is fixed on feedback, and the fix is the result; its
		// optimise step gives the same code back, not faster: kept 1.
		{"fixer", "algo-1", "generate:runtime_error>0 fix:ok>1 optimise:ok>1"},
		// A refinement that breaks correctness is not kept; the next
		// step starts from step 0 again.
		{"breaker", "algo-1", "generate:ok>0 optimise:wrong_output>0 optimise:wrong_output>0"},
		// Neither is a slower one.
		{"sloth", "algo-2", "generate:ok>0 optimise:ok>0 optimise:ok>0"},
		// Wrong, and wrong again when told.
		{"specialist", "algo-2", "generate:wrong_output>0 fix:wrong_output>1 fix:wrong_output>2"},
		{"specialist", "mem-1", "generate:ok>0 optimise:ok>0 optimise:ok>0"},
	} {
		steps := chainOf(rows, table.PipelineRefine, c.model, c.task)
		if got := summary(steps); got != c.want {
			t.Errorf("%s on %s: %s, want %s", c.model, c.task, got, c.want)
		}
	}

	// Rows tie to their parents, and the feedback says what happened.
	fixer := chainOf(rows, table.PipelineRefine, "fixer", "algo-1")
	if p := fixer[1].ParentStep; p == nil || *p != 0 || fixer[1].ParentVariantID != measure.VariantID(crashes) ||
		fixer[1].StepModel != "fixer" || fixer[1].PromptVersion != "refine-fix-v1" || fixer[1].VariantID != measure.VariantID(closed) {
		t.Errorf("fixer's fix step: %+v", fixer[1])
	}
	if !strings.Contains(fixer[0].Feedback, "NameError") {
		t.Errorf("a crash's feedback does not show the error: %q", fixer[0].Feedback)
	}
	if p := fixer[2].ParentStep; p == nil || *p != 1 || fixer[2].PromptVersion != "refine-optimise-v1" {
		t.Errorf("fixer's optimise step does not answer its fix: %+v", fixer[2])
	}
	if got := s.prompts["fixer algo-1 fix"]; len(got) != 1 || !strings.Contains(got[0], "NameError") || !strings.Contains(got[0], crashes) {
		t.Errorf("the fix prompt does not carry the failure and the code: %q", got)
	}
	if got := s.prompts["fixer algo-1 optimise"]; len(got) != 1 || !strings.Contains(got[0], "It is correct") || !strings.Contains(got[0], "times as fast") {
		t.Errorf("the optimise prompt does not carry the cost: %q", got)
	}
	breaker := chainOf(rows, table.PipelineRefine, "breaker", "algo-1")
	if !strings.Contains(breaker[1].Feedback, "output digest") || !strings.Contains(breaker[1].Feedback, "scale 1000000") {
		t.Errorf("wrong output's feedback lacks the digests and scale: %q", breaker[1].Feedback)
	}
	if p := breaker[2].ParentStep; p == nil || *p != 0 {
		t.Errorf("after a broken step, the next does not start from the best: parent %v", p)
	}
	if got := s.prompts["breaker algo-1 optimise"]; len(got) != 2 || !strings.Contains(got[1], "was not kept, because it was wrong") {
		t.Errorf("the step after a rollback is not told of it: %q", got)
	}
	// Run beside its parent, the slower refinement is not found faster;
	// on a memory task, beside code before, it is.
	sloth := chainOf(rows, table.PipelineRefine, "sloth", "algo-2")
	if p := sloth[1].FeedbackFasterP; p == nil || *p < FasterAlpha {
		t.Errorf("the slower refinement beside its parent: p %v that it is faster", deref(p))
	}
	if p := chainOf(rows, table.PipelineRefine, "sloth", "mem-1")[1].FeedbackFasterP; p == nil || *p >= FasterAlpha {
		t.Errorf("the sloth's refinement beside code before on mem-1: p %v that it is faster", deref(p))
	}

	// A rerun asks nothing and runs nothing; one more round asks only it.
	asked := s.srv.Requests()
	again, err := Refine(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.srv.Requests() != asked || again.Trials != 0 || again.Steps != 0 || again.Resumed != 48 {
		t.Errorf("a rerun made %d requests and %s", s.srv.Requests()-asked, again)
	}
	opts.Rounds = 3
	more, err := Refine(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if more.Steps != 16 || s.srv.Requests()-asked != 16 {
		t.Errorf("one more round: %s, %d requests; want 16 new steps", more, s.srv.Requests()-asked)
	}
}

// A step whose call failed is asked again by the next run, and until
// then the chain's next step is not sent an empty answer as its code.
func TestFailedCallIsAskedAgain(t *testing.T) {
	needPython(t)
	dir := t.TempDir()
	writeTables(t, dir)
	s := newScripted(t)
	answer := s.srv.Answer
	down := true
	s.srv.Answer = func(n int, req llmtest.Request) llmtest.Reply {
		if down {
			return llmtest.Reply{Status: 400}
		}
		return answer(n, req)
	}
	opts := refineOptions(dir, s.models(t, "fixer"), 1)
	if _, err := Refine(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Refinement](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(chainOf(rows, table.PipelineRefine, "fixer", "algo-1")); got != "generate:runtime_error>0 fix:no_code>1" {
		t.Fatalf("with the endpoint down: %s", got)
	}
	down = false
	sum, err := Refine(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rows, err = table.ReadFile[table.Refinement](opts.Out)
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(chainOf(rows, table.PipelineRefine, "fixer", "algo-1")); got != "generate:runtime_error>0 fix:ok>1" || sum.Steps != 4 {
		t.Errorf("the rerun made %d steps: %s, want the 4 failed calls asked again and fixed", sum.Steps, got)
	}
}

func TestOrchestrate(t *testing.T) {
	needPython(t)
	dir := t.TempDir()
	writeTables(t, dir)
	s := newScripted(t)
	ms := s.models(t, "fixer", "breaker", "sloth", "specialist")
	ro := refineOptions(dir, ms, 1)
	if _, err := Refine(context.Background(), ro); err != nil {
		t.Fatal(err)
	}
	o := OrchestrateOptions{Common: ro.Common, Routes: filepath.Join(dir, "routes.parquet"),
		Splits: filepath.Join(dir, "splits.parquet"), Steps: 2}
	if _, err := Orchestrate(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	splits, err := table.ReadFile[table.Split](o.Splits)
	if err != nil {
		t.Fatal(err)
	}
	side := map[string]string{}
	test := map[string]string{} // category -> its test task
	for _, sp := range splits {
		side[sp.TaskID] = sp.Side
		if sp.Side == SideTest {
			test[sp.Category] = sp.TaskID
		}
	}
	if len(splits) != 4 || len(test) != 2 {
		t.Fatalf("split: %+v; want one test task per category", splits)
	}
	routes, err := table.ReadFile[table.Route](o.Routes)
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, r := range routes {
		if r.Rank == 1 {
			first[r.Category+" "+r.StepKind] = r.Model + " " + r.Scope
		}
	}
	want := map[string]string{
		// breaker and sloth tie on algorithms, and the name decides.
		"inefficient_algorithm generate": "breaker language×category",
		// The specialist is best on its category only.
		"memory_inefficiency generate": "specialist language×category",
		// Only the fixer's fixes work.
		"inefficient_algorithm fix": "fixer language×category",
		"memory_inefficiency fix":   "fixer language×category",
	}
	for k, w := range want {
		if first[k] != w {
			t.Errorf("route %s: %q, want %q (all: %v)", k, first[k], w, first)
		}
	}
	if first["memory_inefficiency optimise"] == "" || first["inefficient_algorithm optimise"] == "" {
		t.Errorf("no optimise routes: %v", first)
	}

	rows, err := table.ReadFile[table.Refinement](o.Out)
	if err != nil {
		t.Fatal(err)
	}
	var routed []table.Refinement
	for _, r := range rows {
		if r.Pipeline == table.PipelineRouted {
			routed = append(routed, r)
			if side[r.TaskID] != SideTest {
				t.Errorf("training task %s was routed", r.TaskID)
			}
		}
	}
	if len(routed) != 2*3 {
		t.Fatalf("%d routed steps, want 2 held-out tasks x 3 steps", len(routed))
	}
	mem := chainOf(rows, table.PipelineRouted, table.PipelineRouted, test["memory_inefficiency"])
	if mem[0].StepModel != "specialist" || mem[0].Describer != "specialist" || mem[0].FeedbackStatus != table.StatusOK {
		t.Errorf("the held-out memory task's generation: %+v", mem[0])
	}
	algo := chainOf(rows, table.PipelineRouted, table.PipelineRouted, test["inefficient_algorithm"])
	if algo[0].StepModel != "breaker" {
		t.Errorf("the held-out algorithm task's generation is by %s, want breaker", algo[0].StepModel)
	}
	for _, ch := range [][]table.Refinement{mem, algo} {
		for _, r := range ch[1:] {
			if r.StepKind != table.StepOptimise || r.StepModel != strings.Fields(first[categoryOf(r.TaskID)+" optimise"])[0] {
				t.Errorf("routed step %d on %s: %s by %s", r.Step, r.TaskID, r.StepKind, r.StepModel)
			}
			if r.ResultStep != 0 && r.FeedbackStatus != table.StatusOK {
				t.Errorf("a broken routed step became the result: %+v", r)
			}
		}
	}
	// The refine chains are kept as they were.
	if n := len(chainOf(rows, table.PipelineRefine, "fixer", "algo-1")); n != 2 {
		t.Errorf("orchestrate left fixer's refine chain with %d steps, want 2", n)
	}

	// A split of another salt routes other tasks, and no task is routed
	// by a ranking learned from itself.
	o.Salt = "another"
	if _, err := Orchestrate(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	splits2, err := table.ReadFile[table.Split](o.Splits)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range splits2 {
		if sp.Salt != "another" {
			t.Errorf("split row of salt %q", sp.Salt)
		}
	}
}

func categoryOf(task string) string {
	for _, tk := range tasks {
		if tk.id == task {
			return tk.category
		}
	}
	return ""
}

// The split holds out every other task of each language × category, in
// an order the salt fixes: the same task stays on its side whatever
// other cells hold, and another salt moves some.
func TestSplitIsStratifiedAndFixed(t *testing.T) {
	var cs []table.Change
	for i := range 60 {
		cs = append(cs, table.Change{TaskID: fmt.Sprintf("t%d", i), Language: "go", Category: table.Categories[i%3]})
	}
	cs = append(cs, table.Change{TaskID: "alone", Language: "cpp", Category: "api_misuse"})
	a := SplitTasks(cs, DefaultSalt)
	count := map[string]int{}
	sideA := map[string]string{}
	for _, s := range a {
		sideA[s.TaskID] = s.Side
		if s.Language == "go" {
			count[s.Category+" "+s.Side]++
		}
	}
	if sideA["alone"] != SideTrain {
		t.Error("a cell of one task is held out")
	}
	for _, c := range table.Categories[:3] {
		if count[c+" "+SideTrain] != 10 || count[c+" "+SideTest] != 10 {
			t.Errorf("%s: %d train, %d test; want 10 and 10", c, count[c+" "+SideTrain], count[c+" "+SideTest])
		}
	}
	// Without the other categories' tasks, the first category's tasks
	// keep their sides.
	var first []table.Change
	for _, c := range cs {
		if c.Category == table.Categories[0] && c.Language == "go" {
			first = append(first, c)
		}
	}
	for _, s := range SplitTasks(first, DefaultSalt) {
		if s.Side != sideA[s.TaskID] {
			t.Errorf("%s changed sides when other cells' tasks left", s.TaskID)
		}
	}
	moved := 0
	for _, s := range SplitTasks(cs, "other") {
		if s.Side != sideA[s.TaskID] {
			moved++
		}
	}
	if moved == 0 {
		t.Error("another salt gives the same split")
	}
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("PERFCON_REFINE_IN"); dir != "" {
		os.Exit(killedChild(dir))
	}
	os.Exit(m.Run())
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
