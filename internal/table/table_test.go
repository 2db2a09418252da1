package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "measurements.parquet")
	n := int64(12345)
	at := time.Date(2026, 12, 2, 15, 4, 5, 123456000, time.UTC) // microseconds: what the column keeps
	want := []Measurement{
		{TaskID: "a", Variant: VariantBefore, VariantID: "x", Repeat: 0, Iterations: 8, Status: StatusOK, WallNS: 10, Instructions: &n, OutputDigest: "d", StartedAt: at},
		{TaskID: "b", Variant: VariantGenerated, VariantID: "y", Repeat: 4, Status: StatusTimeout, Stderr: "killed\n", StartedAt: at.Add(time.Second)},
	}
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Measurement](path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows changed in a round trip (-want +got):\n%s", diff)
	}
}

// More rows than a row group: the writer must flush and keep them all.
// The LLM stages read a commits table as Changes: those columns, the same
// values, and nothing else needed.
func TestReadChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commits.parquet")
	commits := []Commit{
		{TaskID: "a", Language: "go", Category: "api_misuse", CommitMessage: "m", Symbol: "F", CodeBefore: "b",
			CodeAfter: "c", Patch: "-b\n+c\n", Repo: "r", LinesAdded: 1},
		{TaskID: "b", Language: "cpp", CodeBefore: "x"},
	}
	if err := WriteFile(path, commits); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Change](path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{TaskID: "a", Language: "go", Category: "api_misuse", CommitMessage: "m", Symbol: "F", CodeBefore: "b", CodeAfter: "c"},
		{TaskID: "b", Language: "cpp", CodeBefore: "x"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	// A descriptions table is no commits table.
	descs := filepath.Join(t.TempDir(), "descriptions.parquet")
	if err := WriteFile(descs, []Description{{TaskID: "a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile[Change](descs); err == nil || !strings.Contains(err.Error(), "code_before") {
		t.Errorf("reading descriptions as changes: %v", err)
	}
}

// Tables of strings read column by column, page by page, when stored
// plainly, and row by row when not: the rows are the same either way.
func TestReadStringColumns(t *testing.T) {
	var commits []Commit
	var want []Change
	for i := range 20000 { // three row groups, many pages
		c := Change{TaskID: fmt.Sprintf("t%05d", i), Language: []string{"go", "cpp", "python"}[i%3],
			CodeBefore: strings.Repeat(fmt.Sprint(i), i%50), CodeAfter: fmt.Sprint(-i), Symbol: "f"}
		if i%7 == 0 {
			c.CommitMessage = "héllo\x00" + fmt.Sprint(i)
		}
		want = append(want, c)
		commits = append(commits, Commit{TaskID: c.TaskID, Language: c.Language, CommitMessage: c.CommitMessage,
			Symbol: c.Symbol, CodeBefore: c.CodeBefore, CodeAfter: c.CodeAfter, Patch: "p"})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "commits.parquet")
	if err := WriteFile(path, commits); err != nil {
		t.Fatal(err)
	}
	pf := openFile(t, path)
	if _, plain, err := readByColumn[Change](pf); !plain || err != nil {
		t.Fatalf("perfcon's own commits table is not read by columns: %v", err)
	}
	got, err := ReadFile[Change](path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}

	// Written by another tool: an optional column, a dictionary.
	type other struct {
		TaskID        string  `parquet:"task_id,dict"`
		Language      string  `parquet:"language"`
		Category      *string `parquet:"category,optional"`
		CommitMessage string  `parquet:"commit_message"`
		Symbol        string  `parquet:"symbol"`
		CodeBefore    string  `parquet:"code_before"`
		CodeAfter     string  `parquet:"code_after"`
	}
	cat := "api_misuse"
	rows := []other{{TaskID: "a", Category: &cat, CodeBefore: "b"}, {TaskID: "b", CodeAfter: "c"}}
	path = filepath.Join(dir, "other.parquet")
	if err := WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	if _, plain, _ := readByColumn[Change](openFile(t, path)); plain {
		t.Error("an optional, dictionary-encoded table was read by columns")
	}
	got, err = ReadFile[Change](path)
	if diff := cmp.Diff([]Change{{TaskID: "a", Category: cat, CodeBefore: "b"}, {TaskID: "b", CodeAfter: "c"}}, got); err != nil || diff != "" {
		t.Errorf("another tool's table: %v (-want +got):\n%s", err, diff)
	}
}

// The LLM stages' tables, and measurements, read by columns give the
// rows the row reader gives: strings, ints, bools, optional strings null
// and not, across pages and row groups.
func TestReadByColumn(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	str := func() string { return strings.Repeat(string(rune('a'+rng.IntN(26))), rng.IntN(300)) }
	n := 3*rowGroupSize + 17
	descs := make([]Description, n)
	gens := make([]Generation, n)
	meas := make([]Measurement, n)
	for i := range n {
		descs[i] = Description{TaskID: fmt.Sprint("t", i), Model: str(), Round: rng.Int32(), Sample: -rng.Int32(),
			Description: str(), PromptTokens: rng.Int64(), LatencyMS: -rng.Int64(), CacheHit: rng.IntN(2) == 0}
		if i%3 == 0 { // nulls, runs of them, and values
			descs[i].PredictedCategory = str() + "x"
			cost := rng.Float64()
			descs[i].CostUSD = &cost
		}
		if i > n/2 {
			descs[i].Error = str() + "y"
		}
		gens[i] = Generation{TaskID: str(), Code: str(), Round: rng.Int32(), CacheHit: i%5 == 0, Error: descs[i].Error}
		meas[i] = Measurement{TaskID: str(), WallNS: rng.Int64()}
	}
	dir := t.TempDir()
	check := func(name string, byColumn bool, read func(pf *parquet.File) (any, any, bool, error)) {
		t.Helper()
		got, want, plain, err := read(openFile(t, filepath.Join(dir, name)))
		if err != nil || plain != byColumn {
			t.Fatalf("%s: read by columns %v (%v), want %v", name, plain, err, byColumn)
		}
		if diff := cmp.Diff(want, got); byColumn && diff != "" {
			t.Errorf("%s by columns (-rows +columns):\n%s", name, diff)
		}
	}
	write(t, filepath.Join(dir, "descriptions.parquet"), descs)
	write(t, filepath.Join(dir, "generations.parquet"), gens)
	write(t, filepath.Join(dir, "measurements.parquet"), meas)
	check("descriptions.parquet", true, compare[Description])
	check("generations.parquet", true, compare[Generation])
	check("measurements.parquet", false, compare[Measurement]) // it has floats: rows
}

func write[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	if err := WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

// compare reads pf both ways.
func compare[T any](pf *parquet.File) (byColumns, byRows any, plain bool, err error) {
	cols, plain, err := readByColumn[T](pf)
	if err != nil {
		return nil, nil, false, err
	}
	rows, err := readRows[T](pf)
	if len(rows) != int(pf.NumRows()) {
		return nil, nil, false, fmt.Errorf("%d rows of %d", len(rows), pf.NumRows())
	}
	return cols, rows, plain, err
}

func openFile(t testing.TB, path string) *parquet.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	pf, err := openParquet(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return pf
}

func TestManyRowGroups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.parquet")
	w, err := Create[Description](path)
	if err != nil {
		t.Fatal(err)
	}
	const n = rowGroupSize*2 + 17
	for i := 0; i < n; i++ {
		if err := w.Write(Description{TaskID: "t", Sample: int32(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Description](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n || got[n-1].Sample != n-1 {
		t.Fatalf("read %d rows, last sample %d; want %d rows", len(got), got[len(got)-1].Sample, n)
	}
}

// An aborted write leaves the previous table untouched and no stray files.
func TestAbortKeepsOldTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "commits.parquet")
	if err := WriteFile(path, []Commit{{TaskID: "old"}}); err != nil {
		t.Fatal(err)
	}
	w, err := Create[Commit](path)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(Commit{TaskID: "new"}); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	got, err := ReadFile[Commit](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].TaskID != "old" {
		t.Errorf("after Abort the table holds %+v, want the old row", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("after Abort the folder holds %d files, want 1", len(entries))
	}
}

// Reading a table with a missing or mistyped column names the file and the
// column.
func TestSchemaErrors(t *testing.T) {
	dir := t.TempDir()
	type noPatch struct {
		TaskID string `parquet:"task_id"`
	}
	type badLines struct {
		TaskID       string `parquet:"task_id"`
		LinesAdded   string `parquet:"lines_added"`
		LinesRemoved int32  `parquet:"lines_removed"`
	}
	missing := filepath.Join(dir, "missing.parquet")
	if err := WriteFile(missing, []noPatch{{"a"}}); err != nil {
		t.Fatal(err)
	}
	mistyped := filepath.Join(dir, "mistyped.parquet")
	if err := WriteFile(mistyped, []badLines{{"a", "many", 1}}); err != nil {
		t.Fatal(err)
	}
	notParquet := filepath.Join(dir, "text.parquet")
	os.WriteFile(notParquet, []byte("task_id\na\n"), 0o644)

	for _, tc := range []struct {
		path string
		want []string
	}{
		{missing, []string{"missing.parquet", `missing column "source"`}},
		{mistyped, []string{"mistyped.parquet", `column "lines_added" has type BYTE_ARRAY, want INT32`}},
		{notParquet, []string{"text.parquet", "not a Parquet file"}},
		{filepath.Join(dir, "absent.parquet"), []string{"absent.parquet", "no such file"}},
	} {
		_, err := ReadFile[Commit](tc.path)
		if err == nil {
			t.Errorf("ReadFile(%s) succeeded, want an error", tc.path)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ReadFile(%s) error %q does not say %q", tc.path, err, w)
			}
		}
	}
}

func TestColumnsCoverEveryTable(t *testing.T) {
	if len(Tables) != len(Names) {
		t.Errorf("Tables lists %d tables, Names %d", len(Tables), len(Names))
	}
	for _, name := range Tables {
		if _, ok := Names[name]; !ok {
			t.Errorf("table %s has no row type in Names", name)
		}
	}
	for name, row := range Names {
		cols := Columns(row)
		first := "task_id"
		if name == "routes" { // a decision per language and category
			first = "language"
		}
		if len(cols) == 0 || cols[0].Name != first {
			t.Errorf("%s: columns %v, want %s first", name, cols, first)
		}
	}
}

// Files written by other tools may store integers narrower or wider than
// the struct; they still read.
func TestIntegerWidths(t *testing.T) {
	type narrow struct {
		TaskID    string `parquet:"task_id"`
		Round     int64  `parquet:"round"`
		Sample    int64  `parquet:"sample"`
		LatencyMS int32  `parquet:"latency_ms"`
	}
	path := filepath.Join(t.TempDir(), "d.parquet")
	if err := WriteFile(path, []narrow{{"a", 2, 3, 40}}); err != nil {
		t.Fatal(err)
	}
	type sub struct {
		TaskID    string `parquet:"task_id"`
		Round     int32  `parquet:"round"`
		Sample    int32  `parquet:"sample"`
		LatencyMS int64  `parquet:"latency_ms"`
	}
	got, err := ReadFile[sub](path)
	if err != nil {
		t.Fatal(err)
	}
	if want := []sub{{"a", 2, 3, 40}}; !cmp.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestColumnsAreZstd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.parquet")
	if err := WriteFile(path, []Measurement{{TaskID: "a", WallNS: 5}}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	for _, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd {
				t.Errorf("column %v is %v, want ZSTD", c.MetaData.PathInSchema, c.MetaData.Codec)
			}
		}
	}
}

// The page codec's output is plain zstd: parquet-go's own codec reads it,
// for pages shorter and longer than the window, from several goroutines
// at once.
func TestZstdPagesRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var pages [][]byte
	for _, n := range []int{0, 1, 1000, pageWindow - 1, pageWindow + 1, 3 * pageWindow} {
		p := make([]byte, n)
		for i := 0; i < n; i += 64 {
			if i >= 64 && rng.IntN(4) > 0 {
				copy(p[i:], p[rng.IntN(i/64)*64:i]) // a match, near or far
			} else {
				for j := i; j < min(i+64, n); j++ {
					p[j] = byte(rng.IntN(256))
				}
			}
		}
		pages = append(pages, p)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, p := range pages {
				enc, err := zstdPages.Encode(nil, p)
				if err != nil {
					t.Error(err)
					return
				}
				if len(p) > 1000 && len(enc) >= len(p) {
					t.Errorf("a page of %d bytes compressed to %d", len(p), len(enc))
				}
				dec, err := parquet.Zstd.Decode(nil, enc)
				if err != nil || !bytes.Equal(dec, p) {
					t.Errorf("a page of %d bytes came back as %d bytes (%v)", len(p), len(dec), err)
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkWriteAfterGC: writing a table of 1,000 generations right after
// garbage collections, as a stage does after its calls, against writing
// it again at once. after_gc/warm is the price of what the collections
// took (about 3 with parquet.Zstd, whose encoders they drop).
func BenchmarkWriteAfterGC(b *testing.B) {
	rows := make([]Generation, 1000)
	code := strings.Repeat("def f(xs):\n    return sorted(xs)[0]\n", 15)
	for i := range rows {
		rows[i] = Generation{TaskID: fmt.Sprintf("t%05d", i), Describer: "m", Model: "m", Round: 1,
			PromptVersion: "generate-v1", Code: fmt.Sprint(i) + code, RawResponse: "```python\n" + code + "```\n",
			ExtractStatus: "fenced", PromptTokens: 300, CompletionTokens: 200}
	}
	path := filepath.Join(b.TempDir(), "generations.parquet")
	write := func() time.Duration {
		start := time.Now()
		if err := WriteFile(path, rows); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	for b.Loop() {
		var cold, warm []time.Duration
		for range 15 {
			runtime.GC()
			runtime.GC()
			cold = append(cold, write())
			warm = append(warm, write())
		}
		slices.Sort(cold)
		slices.Sort(warm)
		b.ReportMetric(float64(cold[7])/float64(warm[7]), "after_gc/warm")
		b.ReportMetric(float64(cold[7].Microseconds())/1000, "after_gc_ms")
	}
}

// A mined commit's provenance (a timestamp, a score, lists of evidence)
// survives a round trip; a table without the lists is named as such.
func TestCommitProvenanceRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "commits.parquet")
	when := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	score := 4.5
	want := []Commit{
		{TaskID: "a", Source: SourceMined, CommittedAt: &when, PerfScore: &score, PerfSource: PerfRules,
			PerfEvidence: []string{"optimize +3.0", "code +1.5"}, CategoryEvidence: []string{"message \"alloc\" +3.0"},
			FunctionsInCommit: 12, LargeCommit: true},
		{TaskID: "b", Source: "core", CategorySource: CategoryAuthored, FunctionsInCommit: 1},
	}
	if err := WriteFile(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Commit](path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
		t.Errorf("rows changed in a round trip (-want +got):\n%s", diff)
	}
	old := filepath.Join(t.TempDir(), "old.parquet")
	if err := WriteFile(old, []Change{{TaskID: "a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile[Commit](old); err == nil || !strings.Contains(err.Error(), `missing column "perf_evidence"`) {
		t.Errorf("reading a table without the lists: %v", err)
	}
	if cols := Columns(Commit{}); cols[16].SQLType != "TIMESTAMP WITH TIME ZONE" || cols[19].SQLType != "VARCHAR[]" {
		t.Errorf("SQL types of the provenance columns: %+v", cols[16:])
	}
}

// Every table says in its footer which perfcon wrote it, with which
// command, from which data, and its schema's version; and it is created
// as the user's other files are, by the umask.
func TestTablesCarryMetadataAndTheUmask(t *testing.T) {
	dir := t.TempDir()
	Stamp(KeyCommand, "perfcon test")
	Stamp(KeyDataset, "datasets/core")
	t.Cleanup(func() { Stamp(KeyCommand, ""); Stamp(KeyDataset, "") })
	old := syscall.Umask(0o027)
	path := filepath.Join(dir, "commits.parquet")
	err := WriteFile(path, []Commit{{TaskID: "t"}})
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v under umask 027, want -rw-r-----", st.Mode().Perm())
	}
	md, err := ReadMetadata(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{KeyCommand: "perfcon test", KeyDataset: "datasets/core",
		KeySchemaVersion: SchemaVersion[Commit](), KeyVersion: Version()}
	for k, v := range want {
		if md[k] != v || v == "" {
			t.Errorf("%s = %q, want %q", k, md[k], v)
		}
	}
	if SchemaVersion[Commit]() == SchemaVersion[Generation]() {
		t.Error("two tables of other columns have one schema version")
	}
}

// A table from before times were timestamps says so, and what to do.
func TestTimesAsTextAreNamed(t *testing.T) {
	type old struct {
		TaskID    string `parquet:"task_id"`
		StartedAt string `parquet:"started_at"`
	}
	path := filepath.Join(t.TempDir(), "measurements.parquet")
	if err := WriteFile(path, []old{{"t", "2026-12-01T10:00:00Z"}}); err != nil {
		t.Fatal(err)
	}
	_, err := ReadFile[Measurement](path)
	if err == nil || !strings.Contains(err.Error(), `column "started_at" holds times as text`) {
		t.Errorf("error %v, want one naming started_at as text", err)
	}
}

// A drafts table written before drafts had a cost kind reads, its drafts
// saying no kind; any other missing column is still named.
func TestOlderDraftsStayReadable(t *testing.T) {
	type olderDraft struct { // Draft before cost_kind
		TaskID           string    `parquet:"task_id"`
		Language         string    `parquet:"language"`
		Origin           string    `parquet:"origin"`
		Attempt          int32     `parquet:"attempt"`
		PromptVersion    string    `parquet:"prompt_version,optional"`
		Prelude          string    `parquet:"prelude,optional"`
		Harness          string    `parquet:"harness,optional"`
		Scale            int64     `parquet:"scale"`
		Stubs            []string  `parquet:"stubs,list"`
		Validation       string    `parquet:"validation"`
		ValidationReason string    `parquet:"validation_reason,optional"`
		ValidatedSpeedup float64   `parquet:"validated_speedup,optional"`
		RawResponse      string    `parquet:"raw_response,optional"`
		PromptTokens     int64     `parquet:"prompt_tokens"`
		CompletionTokens int64     `parquet:"completion_tokens"`
		LatencyMS        int64     `parquet:"latency_ms"`
		CacheHit         bool      `parquet:"cache_hit"`
		Error            string    `parquet:"error,optional"`
		DraftedAt        time.Time `parquet:"drafted_at,timestamp(microsecond)"`
	}
	path := filepath.Join(t.TempDir(), "drafts.parquet")
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := WriteFile(path, []olderDraft{{TaskID: "a", Language: "go", Origin: "llm:m", Attempt: 2, Harness: "package main",
		Scale: 100, Stubs: []string{"f"}, Validation: ValidationPassed, PromptTokens: 7, DraftedAt: when}}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile[Draft](path)
	if err != nil {
		t.Fatalf("reading drafts written before cost_kind: %v", err)
	}
	want := []Draft{{TaskID: "a", Language: "go", Origin: "llm:m", Attempt: 2, Harness: "package main",
		Scale: 100, Stubs: []string{"f"}, Validation: ValidationPassed, PromptTokens: 7, DraftedAt: when}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("older drafts read (-want +got):\n%s", diff)
	}
	type noHarness struct {
		TaskID string `parquet:"task_id"`
	}
	if err := WriteFile(path, []noHarness{{"a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile[Draft](path); err == nil || !strings.Contains(err.Error(), `missing column "language"`) {
		t.Errorf("reading drafts without a language: %v; want it named", err)
	}
}

// A writer killed before it finished leaves its unfinished file; the next
// write of the table on this host removes it once its process is gone,
// and leaves those of a live writer and of other hosts.
func TestStaleUnfinishedFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "commits.parquet")
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip(err)
	}
	host, _ := os.Hostname()
	host = strings.ReplaceAll(host, ".", "_")
	name := func(h string, pid int) string {
		return filepath.Join(dir, fmt.Sprintf(".commits.parquet.%s.%d.123456.tmp", h, pid))
	}
	stale, live, other := name(host, gone.Process.Pid), name(host, os.Getppid()), name("elsewhere", gone.Process.Pid)
	for _, p := range []string{stale, live, other} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteFile(path, []Commit{{TaskID: "a"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the unfinished file of a writer that is gone is still there")
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s: %v; want it left alone", filepath.Base(p), err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".commits.parquet."+host+"."+strconv.Itoa(os.Getpid())+".*"))
	if len(left) != 0 {
		t.Errorf("this writer left %v", left)
	}
}
