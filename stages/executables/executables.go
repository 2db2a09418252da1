package executables

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/perfcon/perfcon/internal/dataset"
	"github.com/perfcon/perfcon/internal/table"
)

// Options says which task set to read and where the table goes.
type Options struct {
	Dataset string
	// Commits, when set, is a commits table: only its tasks get an
	// executable, and a task set with none of them gives an empty table.
	Commits string
	// Reviews, when set, is the decisions table (perfcon executables
	// review): a decision on a task's current harness sets its review
	// status, so decisions survive a rebuild of the table.
	Reviews string
	// Drafts, when set, is the drafts table (perfcon executables draft):
	// a commit of Commits outside the task set gets its latest draft,
	// to be validated again.
	Drafts string
	// Tasks, when set, keeps only the tasks it selects.
	Tasks dataset.Selection
	Out   string
	Log   io.Writer
}

// Run writes the executables table for every task in the set. Harnesses
// authored with the task set are approved as written, unless a review
// decided otherwise; validation is a separate step that runs them.
//
// Once ctx is done, it stops and leaves the table as it was.
func Run(ctx context.Context, opts Options) error {
	tasks, err := dataset.Load(opts.Dataset)
	if err != nil {
		return err
	}
	if tasks, err = dataset.Filter(opts.Tasks, tasks, func(t dataset.Task) string { return t.ID }, opts.Dataset); err != nil {
		return err
	}
	var keep map[string]bool
	symbols, categories := map[string]string{}, map[string]string{}
	if opts.Commits != "" {
		commits, err := table.ReadFile[table.Change](opts.Commits)
		if err != nil {
			return err
		}
		keep = make(map[string]bool, len(commits))
		for _, c := range commits {
			keep[c.TaskID] = true
			symbols[c.TaskID] = c.Symbol
			categories[c.TaskID] = c.Category
		}
	}
	rows := make([]table.Executable, 0, len(tasks))
	inSet := map[string]bool{}
	for _, t := range tasks {
		inSet[t.ID] = true
		if keep != nil && !keep[t.ID] {
			continue
		}
		e := table.Executable{
			TaskID:        t.ID,
			Language:      t.Language,
			Harness:       t.Harness,
			Entry:         t.Symbol,
			Scale:         t.Scale,
			DeclaredScale: t.Scale,
			ReviewStatus:  table.ReviewApproved,
			Origin:        OriginAuthored,
			Validation:    table.ValidationNotRun,
			CostKind:      t.Cost,
		}
		if r := t.Tree; r != nil {
			e.RepoURL, e.Sources, e.IncludeDirs, e.BuildFlags = r.URL, r.Sources, r.IncludeDirs, r.Flags
			e.GoPackage, e.PythonPath = r.Package, r.PythonPath
		}
		rows = append(rows, e)
	}
	if keep != nil && opts.Drafts != "" {
		drafts, err := readOptional[table.Draft](opts.Drafts)
		if err != nil {
			return err
		}
		latest := LatestDrafts(drafts)
		for _, id := range slices.Sorted(maps.Keys(keep)) {
			if d, ok := latest[id]; ok && !inSet[id] {
				rows = append(rows, executableOf(d, symbols[id], categories[id]))
			}
		}
	}
	if opts.Reviews != "" {
		reviews, err := ReadReviews(opts.Reviews)
		if err != nil {
			return err
		}
		rows = ApplyReviews(rows, reviews)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("executables: %w", err)
	}
	if err := table.WriteFile(opts.Out, rows); err != nil {
		return err
	}
	if opts.Log != nil {
		fmt.Fprintf(opts.Log, "executables: %d harnesses -> %s\n", len(rows), opts.Out)
	}
	return nil
}
