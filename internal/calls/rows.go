package calls

import (
	"fmt"
	"slices"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/shard"
	"github.com/perfcon/perfcon/internal/table"
)

// Write writes a stage's rows to the table at path. With replace, the
// table is rows alone. Otherwise rows take the place of the rows that
// replaced says this run stands for (its models' rows for the tasks it
// was given), and every other row is kept: a run for one model never
// drops another's. It returns how many rows were kept.
func Write[R any](path string, rows []R, replace bool, replaced func(R) bool) (int, error) {
	if replace {
		return 0, table.WriteFile(path, rows)
	}
	kept, err := table.Update(path, rows, replaced)
	if err != nil {
		return 0, fmt.Errorf("keeping the other rows of %s: %w (--replace writes the table anew from this run's rows)", path, err)
	}
	return kept, nil
}

// Asked says whether a model named name is one of models.
func Asked(models []llm.Model, name string) bool {
	return slices.ContainsFunc(models, func(m llm.Model) bool { return m.Name() == name })
}

// Kept says, for a stage's summary, how many rows of other runs the
// table kept.
func Kept(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (and %d rows of other models or tasks kept)", n)
}

// MergeShards puts the n shards' parts of the table at out together,
// checking that every shard wrote its part and each task is in one, and
// writes their rows in place of the rows of the producers (by producer:
// a model, or a model and its describer) the parts hold, keeping the
// rest. It returns the rows the parts held.
func MergeShards[R any](commitsPath, out string, n int, key func(R) (task, producer string)) (int, error) {
	ids, err := shard.TaskIDs(commitsPath)
	if err != nil {
		return 0, err
	}
	parts, err := shard.Parts(out, n, ids, false, func(r R) string { t, _ := key(r); return t })
	if err != nil {
		return 0, err
	}
	rows := slices.Concat(parts...)
	producers := map[string]bool{}
	for _, r := range rows {
		_, p := key(r)
		producers[p] = true
	}
	if _, err := table.Update(out, rows, func(r R) bool { _, p := key(r); return producers[p] }); err != nil {
		return 0, err
	}
	return len(rows), shard.Clean(out)
}
