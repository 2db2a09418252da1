package measure

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// runsOf is how many times a swinging program has run.
func runsOf(t *testing.T, dir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "runs"))
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Code before's counted runs, kept by one trial, stand for it in the next
// trial of the same program at the same iterations and scale: it does not
// run again, its costs are the kept ones, and the others run beside them.
// A trial at another scale, past the age allowed, or with reuse off runs
// code before again; so does one where a run of code before now costs far
// from what the kept runs did.
func TestKeptRunsOfCodeBeforeAreReused(t *testing.T) {
	ctx := context.Background()
	// A Width as loose as this lets the check of the kept runs pass
	// whatever a busy machine adds to one run; the drifted runs below are
	// ten times off.
	p := Profile{Name: "unit", Repeats: 5, Timeout: time.Minute, TimeoutFactor: 20, Width: 0.5}
	b := &Bench{Settings: Settings{Profile: p, CacheDir: t.TempDir(), ReuseBefore: time.Hour}}
	before, after := swinging(t, 3, 1, 1), swinging(t, 1, 1, 1)
	task := Task{ID: "x", Scale: 2000, Iterations: 10}

	first, err := b.Trial(ctx, task, before, after)
	if err != nil || first.Reused != nil {
		t.Fatalf("first trial: %v, reused %d runs; want none kept yet", err, len(first.Reused))
	}
	var kept []Run
	err = first.Repeat(ctx, p.Repeats, nil, func(i, _ int, res Result, started time.Time) error {
		if i == 0 {
			kept = append(kept, Run{Result: res, Started: started})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Keep(first, kept); err != nil {
		t.Fatal(err)
	}
	ran := runsOf(t, before.Dir)

	second, err := b.Trial(ctx, task, before, after)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Reused) != p.Repeats || second.Ref.Digest != first.Ref.Digest {
		t.Fatalf("second trial reused %d runs, digest %q; want %d, %q", len(second.Reused), second.Ref.Digest, p.Repeats, first.Ref.Digest)
	}
	if diff := cmp.Diff(first.Costs[0], second.Costs[0]); diff != "" {
		t.Errorf("code before's costs are not the kept ones (-kept +reused):\n%s", diff)
	}
	for i, r := range second.Reused {
		if !r.Started.Equal(kept[i].Started) || r.Wall != kept[i].Wall || r.User != kept[i].User {
			t.Errorf("reused run %d: %+v, kept %+v", i, r, kept[i])
		}
	}
	counted := make([]int, 2)
	err = second.Warm(ctx, func(int, Result, time.Time) error { return nil })
	if err == nil {
		err = second.Measure(ctx, p, func(i, _ int, res Result, _ time.Time) error {
			counted[i]++
			if res.Status != "ok" {
				t.Errorf("program %d: %s %s", i, res.Status, res.Stderr)
			}
			return nil
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	if n := runsOf(t, before.Dir); n != ran+2 || counted[0] != 0 || counted[1] != p.Repeats {
		t.Errorf("code before ran %d more times, counted %v; want it run twice (to check the kept runs hold), uncounted, code after %d times", n-ran, counted, p.Repeats)
	}
	if len(second.Costs[0]) != p.Repeats || slices.Contains(second.Costs[0], 0) {
		t.Errorf("code before's costs %v after the rounds; want the %d kept", second.Costs[0], p.Repeats)
	}

	// Kept runs that cost a tenth of what code before costs now were
	// taken on a machine that is not this one now.
	cheap := make([]Run, len(kept))
	for i, r := range kept {
		cheap[i] = r
		cheap[i].Wall, cheap[i].User, cheap[i].Sys = r.Wall/10, r.User/10, r.Sys/10
	}
	drifted := *b
	drifted.Settings.CacheDir = t.TempDir()
	if err := drifted.Keep(first, cheap); err != nil {
		t.Fatal(err)
	}
	if k := drifted.kept(drifted.For(task.Kind), before, task.Iterations, task.Scale); len(k) != len(cheap) {
		t.Fatalf("%d runs kept, want %d", len(k), len(cheap))
	}

	// Kept runs that printed another digest are not code before's now:
	// its first check run says so.
	otherDigest := make([]Run, len(kept))
	for i, r := range kept {
		otherDigest[i] = r
		otherDigest[i].Digest = "not-" + r.Digest
	}
	digest := *b
	digest.Settings.CacheDir = t.TempDir()
	if err := digest.Keep(first, otherDigest); err != nil {
		t.Fatal(err)
	}

	other := map[string]func() (*Bench, Task){
		"drifted":          func() (*Bench, Task) { return &drifted, task },
		"another digest":   func() (*Bench, Task) { return &digest, task },
		"another scale":    func() (*Bench, Task) { t := task; t.Scale *= 2; return b, t },
		"other iterations": func() (*Bench, Task) { t := task; t.Iterations++; return b, t },
		"reuse off":        func() (*Bench, Task) { c := *b; c.Settings.ReuseBefore = 0; return &c, task },
		"too old": func() (*Bench, Task) {
			c := *b
			c.Settings.ReuseBefore = time.Nanosecond
			return &c, task
		},
	}
	for name, f := range other {
		b, task := f()
		ran := runsOf(t, before.Dir)
		trial, err := b.Trial(ctx, task, before, after)
		if err != nil {
			t.Fatal(err)
		}
		want := ran + 1
		switch name {
		case "drifted":
			want += 2 // the check, then the reference
		case "another digest":
			want++ // the check stops at its first run
		}
		if trial.Reused != nil || runsOf(t, before.Dir) != want {
			t.Errorf("%s: reused %d runs, code before ran %d times; want it run %d, as the reference", name, len(trial.Reused), runsOf(t, before.Dir)-ran, want-ran)
		}
	}
}
