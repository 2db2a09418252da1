package shard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
)

func TestParse(t *testing.T) {
	for _, good := range []string{"0/1", "0/4", "3/4", " 2 / 5 "} {
		if _, err := Parse(good); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
	for _, bad := range []string{"", "4/4", "-1/4", "1/0", "a/b", "1", "1/2/3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// The shards cover every task once, differ in size by one at most, and
// do not depend on the order the ids come in.
func TestPickCoversEachTaskOnce(t *testing.T) {
	var ids []string
	for i := range 23 {
		ids = append(ids, fmt.Sprintf("t%02d", i))
	}
	seen := map[string]int{}
	sizes := map[int]bool{}
	for i := range 4 {
		shuffled := slices.Clone(ids)
		slices.Reverse(shuffled)
		got := Spec{i, 4}.Pick(shuffled)
		sizes[len(got)] = true
		for _, id := range got {
			seen[id]++
		}
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("%s in %d shards", id, seen[id])
		}
	}
	if len(sizes) > 2 || !sizes[5] || !sizes[6] {
		t.Errorf("shard sizes %v, want 5 and 6", sizes)
	}
}

type row struct {
	TaskID string `parquet:"task_id"`
}

func write(t *testing.T, path string, ids ...string) {
	t.Helper()
	var rows []row
	for _, id := range ids {
		rows = append(rows, row{id})
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

func TestParts(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "m.parquet")
	ids := []string{"a", "b", "c", "d", "e"}
	taskOf := func(r row) string { return r.TaskID }
	// Shard 0/2 holds a, c, e; shard 1/2 b, d.
	write(t, Spec{0, 2}.Path(out), "a", "c", "e")
	_, err := Parts(out, 2, ids, true, taskOf)
	var missing *MissingError
	if !errors.As(err, &missing) || !slices.Equal(missing.Missing, []int{1}) || !strings.Contains(err.Error(), ": 1 (run them again") {
		t.Fatalf("a missing shard: %v", err)
	}
	write(t, Spec{1, 2}.Path(out), "b", "d", "a")
	if _, err := Parts(out, 2, ids, true, taskOf); err == nil || !strings.Contains(err.Error(), "task a, which is shard 0/2's") {
		t.Errorf("a task measured twice: %v", err)
	}
	write(t, Spec{1, 2}.Path(out), "b")
	if _, err := Parts(out, 2, ids, true, taskOf); err == nil || !strings.Contains(err.Error(), "d (shard 1)") {
		t.Errorf("a task missing: %v", err)
	}
	if _, err := Parts(out, 2, ids, false, taskOf); err != nil {
		t.Errorf("a task without rows, where that may be: %v", err)
	}
	write(t, Spec{1, 2}.Path(out), "b", "d", "z")
	if _, err := Parts(out, 2, ids, true, taskOf); err == nil || !strings.Contains(err.Error(), "not among the tasks") {
		t.Errorf("a task of other tables: %v", err)
	}
	write(t, Spec{1, 2}.Path(out), "b", "d")
	parts, err := Parts(out, 2, ids, true, taskOf)
	if err != nil || len(parts[0]) != 3 || len(parts[1]) != 2 {
		t.Fatalf("parts %v: %v", parts, err)
	}
	if err := Clean(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(Dir(out)); err == nil {
		t.Error("the parts are still there")
	}
}

// A part left by an earlier run of a driver is missing to this run's.
func TestPartOfAnotherRunIsMissing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "m.parquet")
	table.Stamp(RunKey, "run-a")
	write(t, Spec{0, 2}.Path(out), "a")
	table.Stamp(RunKey, "run-b")
	write(t, Spec{1, 2}.Path(out), "b")
	table.Stamp(RunKey, "")
	t.Setenv(RunEnv, "run-b")
	if got := Missing(out, 2); !slices.Equal(got, []int{0}) {
		t.Errorf("missing %v, want shard 0, written by another run", got)
	}
	t.Setenv(RunEnv, "")
	if got := Missing(out, 2); len(got) != 0 {
		t.Errorf("missing %v without a run named", got)
	}
}
