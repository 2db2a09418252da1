package commits

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/table"
)

// Options says which task set to read and where the table goes.
type Options struct {
	Dataset string // a task set folder
	Out     string // the commits table
	// Tasks, when set, keeps only the tasks it selects.
	Tasks dataset.Selection
	Log   io.Writer
}

// Run writes the commits table for every task in the set. Once ctx is
// done, it stops and leaves the table as it was.
func Run(ctx context.Context, opts Options) error {
	tasks, err := dataset.Load(opts.Dataset)
	if err != nil {
		return err
	}
	if tasks, err = dataset.Filter(opts.Tasks, tasks, folderID, opts.Dataset); err != nil {
		return err
	}
	source := filepath.Base(filepath.Clean(opts.Dataset))
	rows := make([]table.Commit, 0, len(tasks))
	for _, t := range tasks {
		rows = append(rows, Row(t, source))
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("commits: %w", err)
	}
	if err := table.WriteFile(opts.Out, rows); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "commits: %d tasks from %s -> %s\n", len(rows), opts.Dataset, opts.Out)
	}
	return nil
}

func folderID(t dataset.Task) string { return t.ID }

// Row turns a task folder into its commits row. Authored tasks have no
// upstream history, so their commit and parent ids are content hashes:
// stable across runs and machines.
func Row(t dataset.Task, source string) table.Commit {
	patch := udiff.Unified("a/"+t.FilePath, "b/"+t.FilePath, t.Before, t.After)
	added, removed := CountLines(patch)
	commit, parent := Hash(t.ID, t.Before, t.After, t.Message), Hash(t.ID, t.Before)
	if t.Tree != nil {
		// A repository task is the real commit.
		commit, parent = t.Tree.Commit, t.Tree.Parent
	}
	return table.Commit{
		TaskID:         t.ID,
		Source:         source,
		Repo:           t.Repo,
		CommitSHA:      commit,
		ParentSHA:      parent,
		Language:       t.Language,
		Category:       t.Category,
		CategorySource: table.CategoryAuthored,
		CommitMessage:  t.Message,
		FilePath:       t.FilePath,
		Symbol:         t.Symbol,
		CodeBefore:     t.Before,
		CodeAfter:      t.After,
		Patch:          patch,
		LinesAdded:     added,
		LinesRemoved:   removed,
		// A task is one function of one change.
		FunctionsInCommit: 1,
		FileContext:       t.Context,
		TaskSet:           t.Set,
		CategoryEvidence:  reason(t),
	}
}

// reason is the category's evidence of a task folder: the reason its
// task.toml gives, if any.
func reason(t dataset.Task) []string {
	if t.Reason == "" {
		return nil
	}
	return []string{t.Reason}
}

// CountLines counts the lines a unified patch adds and removes: the
// lines_added and lines_removed of its row.
func CountLines(patch string) (added, removed int32) {
	plus, minus := PatchLines(patch)
	return int32(len(plus)), int32(len(minus))
}

// PatchLines are the lines a unified patch adds and removes, without
// their marks: those CountLines counts.
func PatchLines(patch string) (plus, minus []string) {
	for _, l := range strings.Split(patch, "\n") {
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
		case strings.HasPrefix(l, "+"):
			plus = append(plus, l[1:])
		case strings.HasPrefix(l, "-"):
			minus = append(minus, l[1:])
		}
	}
	return plus, minus
}

// Hash is the SHA-1 of parts, each prefixed with its length, in hex: the
// ids the table makes up, for an authored task's commit and parent and
// for an imported row without an id.
func Hash(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d\x00%s", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

var slugChars = regexp.MustCompile(`[^a-z0-9]+`)

// Slug makes s fit a task id: lower case letters, digits and '-', at
// most n bytes.
func Slug(s string, n int) string {
	s = strings.Trim(slugChars.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > n {
		s = strings.TrimRight(s[:n], "-")
	}
	return s
}
