package generations

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Generate in three shards, merged, holds the rows of one whole run; a
// merge with a shard missing fails; a chain refuses to run in shards.
func TestShardsOfTheLLMStages(t *testing.T) {
	dir := t.TempDir()
	var commits []table.Commit
	for i := range 7 {
		commits = append(commits, table.Commit{TaskID: fmt.Sprintf("t%d", i), Language: "python", Category: "api_misuse",
			CommitMessage: "faster", CodeBefore: fmt.Sprintf("x = %d\n", i), CodeAfter: fmt.Sprintf("x = %d  # after\n", i)})
	}
	cp := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(cp, commits); err != nil {
		t.Fatal(err)
	}
	var models []llm.Model
	for _, n := range []string{"identity", "oracle"} {
		m, err := llm.Builtin(n)
		if err != nil {
			t.Fatal(err)
		}
		models = append(models, m)
	}
	ctx := context.Background()
	whole := func(name string) string { return filepath.Join(dir, "whole-"+name+".parquet") }
	var descs []table.Description
	for _, c := range commits {
		for _, m := range models {
			descs = append(descs, table.Description{TaskID: c.TaskID, Model: m.Name(), Round: 1, Description: "faster"})
		}
	}
	dp, gp := filepath.Join(dir, "descriptions.parquet"), filepath.Join(dir, "generations.parquet")
	if err := table.WriteFile(dp, descs); err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, Options{Commits: cp, Descriptions: dp, Out: whole("g"), Models: models}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s := shard.Spec{Index: i, Count: 3}
		if err := Run(ctx, Options{Commits: cp, Descriptions: dp, Out: s.Path(gp), Models: models, Shard: s}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if _, err := Merge(cp, gp, 3); err == nil {
				t.Error("a merge with shard 2 missing succeeded")
			}
		}
	}
	if _, err := Merge(cp, gp, 3); err != nil {
		t.Fatal(err)
	}
	keys := func(path string) []string {
		rows, err := table.ReadFile[table.Generation](path)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, r := range rows {
			ks = append(ks, r.TaskID+" "+r.Model+" "+r.Code)
		}
		slices.Sort(ks)
		return ks
	}
	if a, b := keys(whole("g")), keys(gp); !slices.Equal(a, b) || len(a) != 14 {
		t.Errorf("sharded generations differ from a whole run's:\n%v\n%v", b, a)
	}
	err := Run(ctx, Options{Commits: cp, Descriptions: dp, Out: filepath.Join(dir, "c.parquet"), Models: models, Rounds: 2,
		Shard: shard.Spec{Index: 0, Count: 2}})
	if err == nil {
		t.Error("a chain ran in shards")
	}
}

// Over descriptions that are all errors, generate makes no call, writes
// an error row for each, counts them in its summary, and fails.
func TestGenerateFromFailedDescriptions(t *testing.T) {
	dir := t.TempDir()
	cp, dp := filepath.Join(dir, "commits.parquet"), filepath.Join(dir, "descriptions.parquet")
	var commits []table.Commit
	var descs []table.Description
	for i := range 4 {
		id := fmt.Sprint(i)
		commits = append(commits, table.Commit{TaskID: id, Language: "python", CodeBefore: "x\n", CodeAfter: "y\n"})
		descs = append(descs, table.Description{TaskID: id, Model: "identity", Round: 1, Error: "HTTP 503"})
	}
	if err := table.WriteFile(cp, commits); err != nil {
		t.Fatal(err)
	}
	if err := table.WriteFile(dp, descs); err != nil {
		t.Fatal(err)
	}
	m, _ := llm.Builtin("identity")
	var log strings.Builder
	err := Run(context.Background(), Options{Commits: cp, Descriptions: dp, Out: filepath.Join(dir, "g.parquet"),
		Models: []llm.Model{m}, Log: &log})
	var all *llm.AllFailedError
	if !errors.As(err, &all) || all.Rows != 4 {
		t.Errorf("error %v, want all 4 rows failed", err)
	}
	if !strings.Contains(log.String(), "generations: 4 rows, 4 with errors; 0 calls") {
		t.Errorf("summary: %s", log.String())
	}
}
