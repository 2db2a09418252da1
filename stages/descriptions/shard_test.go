package descriptions

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Describe in three shards, merged, holds the rows of one whole run.
func TestDescribeInShards(t *testing.T) {
	dir := t.TempDir()
	var commits []table.Commit
	for i := range 7 {
		commits = append(commits, table.Commit{TaskID: fmt.Sprintf("t%d", i), Language: "python", Category: "api_misuse",
			CommitMessage: fmt.Sprintf("faster %d", i), CodeBefore: "x = 1\n", CodeAfter: "x = 2\n"})
	}
	cp := filepath.Join(dir, "commits.parquet")
	if err := table.WriteFile(cp, commits); err != nil {
		t.Fatal(err)
	}
	m, err := llm.Builtin("oracle")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	whole, out := filepath.Join(dir, "whole.parquet"), filepath.Join(dir, "descriptions.parquet")
	if err := Run(ctx, Options{Commits: cp, Out: whole, Models: []llm.Model{m}}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s := shard.Spec{Index: i, Count: 3}
		if err := Run(ctx, Options{Commits: cp, Out: s.Path(out), Models: []llm.Model{m}, Shard: s}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge(cp, out, 3); err != nil {
		t.Fatal(err)
	}
	keys := func(path string) []string {
		rows, err := table.ReadFile[table.Description](path)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, r := range rows {
			ks = append(ks, r.TaskID+" "+r.Description)
		}
		slices.Sort(ks)
		return ks
	}
	if a, b := keys(whole), keys(out); !slices.Equal(a, b) || len(a) != 7 {
		t.Errorf("sharded descriptions differ from a whole run's:\n%v\n%v", b, a)
	}
}
