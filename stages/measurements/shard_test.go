package measurements

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Three shards of five tasks, merged, hold the same (task, variant,
// repeat) rows as one measure of them all; a shard measures only its own
// tasks; a missing shard stops the merge and is named.
func TestShardsMergeIntoOneTable(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	ids := []string{"t1", "t2", "t3", "t4", "t5"}
	writeTasks(t, dir, 100000, ids...)
	whole := killOptions(dir, nil)
	whole.Out = filepath.Join(dir, "whole.parquet")
	must(t, Run(context.Background(), whole))

	out := filepath.Join(dir, "measurements.parquet")
	for i := range 3 {
		if i == 1 {
			_, err := Merge(whole.Commits, whole.Executables, out, 3)
			var missing *shard.MissingError
			if !errors.As(err, &missing) || !slices.Equal(missing.Missing, []int{1, 2}) {
				t.Fatalf("merge with shards 1 and 2 missing: %v", err)
			}
		}
		o := killOptions(dir, nil)
		o.Shard = shard.Spec{Index: i, Count: 3}
		o.Out = o.Shard.Path(out)
		must(t, Run(context.Background(), o))
		rows, err := table.ReadFile[table.Measurement](o.Out)
		must(t, err)
		want := o.Shard.Pick(slices.Clone(ids))
		for _, r := range rows {
			if !slices.Contains(want, r.TaskID) {
				t.Errorf("shard %s measured %s; its tasks are %v", o.Shard, r.TaskID, want)
			}
		}
	}
	n, err := Merge(whole.Commits, whole.Executables, out, 3)
	must(t, err)
	key := func(rows []table.Measurement) []string {
		var ks []string
		for _, r := range rows {
			ks = append(ks, fmt.Sprintf("%s %s %d", r.TaskID, r.Variant, r.Repeat))
		}
		slices.Sort(ks)
		return ks
	}
	a, err := table.ReadFile[table.Measurement](whole.Out)
	must(t, err)
	b, err := table.ReadFile[table.Measurement](out)
	must(t, err)
	if !slices.Equal(key(a), key(b)) || n != len(b) {
		t.Errorf("merged shards hold %d rows (%d said):\n%v\nthe whole run:\n%v", len(b), n, key(b), key(a))
	}
	if _, err := os.Stat(shard.Dir(out)); err == nil {
		t.Error("the parts are left after the merge")
	}
}
