package executables

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfcon/perfcon/internal/measure"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Validation in two shards, of three tasks picked by --task: each shard's
// part holds its own rows only, and the merge puts them in their place
// among the table's others, untouched.
func TestValidateInShards(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	commits, execs := writeTaskSet(t, dir)
	out := filepath.Join(dir, "validated.parquet")
	picked := []string{"good", "wrong-digest", "no-digest"}
	for i := range 2 {
		s := shard.Spec{Index: i, Count: 2}
		opts := ValidateOptions{Commits: commits, Executables: execs, Out: s.Path(out), Alpha: 0.05, Tasks: picked, Shard: s, Settings: measure.Settings{Profile: testProfile, CacheDir: filepath.Join(dir, "cache"), CPU: -1}}
		if _, err := Validate(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		rows, err := table.ReadFile[table.Executable](s.Path(out))
		if err != nil {
			t.Fatal(err)
		}
		want := s.Pick(slices.Clone(picked))
		var got []string
		for _, r := range rows {
			got = append(got, r.TaskID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("shard %s wrote %v, want %v", s, got, want)
		}
	}
	sum, err := MergeValidation(execs, out, 2, picked)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadFile[table.Executable](out)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 3 || sum.Passed != 1 || len(rows) != len(tasks) {
		t.Fatalf("merged: %+v, %d rows; want 3 checked, 1 passed, all %d rows", sum, len(rows), len(tasks))
	}
	for i, r := range rows {
		want := table.ValidationNotRun
		switch r.TaskID {
		case "good":
			want = table.ValidationPassed
		case "wrong-digest", "no-digest":
			want = table.ValidationFailed
		}
		if r.Validation != want || r.TaskID != tasks[i].id {
			t.Errorf("row %d: %s %s, want %s %s", i, r.TaskID, r.Validation, tasks[i].id, want)
		}
	}
}
