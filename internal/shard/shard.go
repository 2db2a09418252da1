// Package shard splits a stage's tasks into n parts that run apart (on the
// nodes of a cluster, say) and puts their tables back together.
//
// Shard i of n (0 ≤ i < n, as a Slurm array's task ids count) holds the
// stage's tasks, sorted by id, whose place in that order is i modulo n:
// every program of one task runs in one shard, and the shards' sizes
// differ by one at most. A shard writes its part beside the table, as
// <table>.shards/<i>-of-<n>.parquet; Merge checks the parts (every shard
// there, no task in two) and writes the table.
package shard

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcon/perfcon/internal/table"
)

// Spec is one shard: Index of Count. The zero Spec is the whole, not a
// shard.
type Spec struct {
	Index, Count int
}

// Parse reads "i/n".
func Parse(s string) (Spec, error) {
	i, n, ok := strings.Cut(s, "/")
	idx, err1 := strconv.Atoi(strings.TrimSpace(i))
	cnt, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || cnt < 1 || idx < 0 || idx >= cnt {
		return Spec{}, fmt.Errorf("shard %q: want i/n with 0 <= i < n, as 0/4 ... 3/4", s)
	}
	return Spec{idx, cnt}, nil
}

func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Whole says whether s is no shard at all.
func (s Spec) Whole() bool { return s.Count <= 1 }

// Pick returns the ids of s among ids (which it sorts).
func (s Spec) Pick(ids []string) []string {
	slices.Sort(ids)
	if s.Whole() {
		return ids
	}
	var out []string
	for k, id := range ids {
		if k%s.Count == s.Index {
			out = append(out, id)
		}
	}
	return out
}

// Dir is the folder of a table's shard parts.
func Dir(tablePath string) string { return tablePath + ".shards" }

// Path is where shard s of the table at tablePath writes its part.
func (s Spec) Path(tablePath string) string {
	return filepath.Join(Dir(tablePath), fmt.Sprintf("%d-of-%d.parquet", s.Index, s.Count))
}

// MissingError lists the shards that have not written their part.
type MissingError struct {
	Table   string
	Count   int
	Missing []int
}

func (e *MissingError) Error() string {
	ids := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		ids[i] = strconv.Itoa(m)
	}
	return fmt.Sprintf("%s: %d of %d shards have not written their part: %s (run them again; finished ones are kept)",
		e.Table, len(e.Missing), e.Count, strings.Join(ids, ","))
}

// RunKey is the metadata key of the run a part belongs to, and RunEnv the
// environment variable that names the run: a driver that submits shards
// (perfcon slurm) sets it, so that the shards' parts carry it and a part
// left by an earlier run is not taken for this run's.
const (
	RunKey = "perfcon.shard_run"
	RunEnv = "PERFCON_SHARD_RUN"
)

// Missing returns the shards of n that have no part for the table yet:
// with $PERFCON_SHARD_RUN set, no part of that run.
func Missing(tablePath string, n int) []int {
	run := os.Getenv(RunEnv)
	var out []int
	for i := range n {
		path := Spec{i, n}.Path(tablePath)
		if _, err := os.Stat(path); err != nil {
			out = append(out, i)
			continue
		}
		if run != "" {
			if md, err := table.ReadMetadata(path); err != nil || md[RunKey] != run {
				out = append(out, i)
			}
		}
	}
	return out
}

// Parts reads the n parts of a table, by shard, and checks that every
// shard wrote one and that each row's task (by taskOf) belongs to the
// shard that wrote it among ids, the tasks the shards were given: none
// written twice. With every, each of ids must have rows too (a stage that
// may leave a task without rows, as measure does with one it can't
// calibrate, passes false).
func Parts[T any](tablePath string, n int, ids []string, every bool, taskOf func(T) string) ([][]T, error) {
	if n < 1 {
		return nil, fmt.Errorf("merge: %d shards", n)
	}
	if m := Missing(tablePath, n); len(m) > 0 {
		return nil, &MissingError{Table: tablePath, Count: n, Missing: m}
	}
	owner := map[string]int{}
	for i := range n {
		for _, id := range (Spec{i, n}).Pick(slices.Clone(ids)) {
			owner[id] = i
		}
	}
	parts := make([][]T, n)
	seen := map[string]int{}
	for i := range n {
		rows, err := table.ReadFile[T](Spec{i, n}.Path(tablePath))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			id := taskOf(r)
			o, ok := owner[id]
			switch {
			case !ok:
				return nil, fmt.Errorf("shard %d/%d wrote task %s, which is not among the tasks to merge: were the shards run on other tables?", i, n, id)
			case o != i:
				return nil, fmt.Errorf("shard %d/%d wrote task %s, which is shard %d/%d's: were the shards run with another shard count?", i, n, id, o, n)
			}
			seen[id] = i
		}
		parts[i] = rows
	}
	var missing []string
	for _, id := range ids {
		if !every {
			break
		}
		if _, ok := seen[id]; !ok {
			missing = append(missing, fmt.Sprintf("%s (shard %d)", id, owner[id]))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: no rows for %d tasks: %s", tablePath, len(missing), strings.Join(missing, ", "))
	}
	return parts, nil
}

// Clean removes a table's shard parts once it is merged.
func Clean(tablePath string) error {
	err := os.RemoveAll(Dir(tablePath))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Merge reads the n parts of the table at tablePath as Parts does and
// writes their rows, shard by shard, as the table; the parts are removed
// after. It returns the rows written.
func Merge[T any](tablePath string, n int, ids []string, every bool, taskOf func(T) string) (int, error) {
	parts, err := Parts(tablePath, n, ids, every, taskOf)
	if err != nil {
		return 0, err
	}
	w, err := table.Create[T](tablePath)
	if err != nil {
		return 0, err
	}
	defer w.Abort()
	rows := 0
	for _, p := range parts {
		if err := w.Write(p...); err != nil {
			return 0, err
		}
		rows += len(p)
	}
	if err := w.Commit(); err != nil {
		return 0, err
	}
	return rows, Clean(tablePath)
}

// TaskIDs reads the task ids of a commits table: the tasks the LLM
// stages' shards split among them.
func TaskIDs(commitsPath string) ([]string, error) {
	rows, err := table.ReadFile[table.Change](commitsPath)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.TaskID
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// Set is Pick as a set: whether each id of ids is in s.
func (s Spec) Set(ids []string) map[string]bool {
	mine := map[string]bool{}
	for _, id := range s.Pick(slices.Clone(ids)) {
		mine[id] = true
	}
	return mine
}
