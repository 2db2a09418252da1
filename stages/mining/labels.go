package mining

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/perfcon/perfcon/internal/table"
)

// LabelFile is a file of labelled commits (datasets/labels), the repository
// whose commits it labels, and its split: "train" files are learned
// from; "heldout" files never are, and tell how the miner does on
// histories nobody tuned it on.
type LabelFile struct {
	File, Repo, Split string
}

// Splits of the label files.
const (
	SplitTrain   = "train"
	SplitHeldOut = "heldout"
	// SplitUnseen files were labelled after the miner's last change and
	// are used for nothing but its figures: not to write the rules, fit
	// the classifier or choose the defaults.
	SplitUnseen = "unseen"
)

// Splits are the splits a label file may be of.
var Splits = []string{SplitTrain, SplitHeldOut, SplitUnseen}

// ReadLabelIndex reads dir/index.csv: a header of file, repo and split,
// then one label file a line.
func ReadLabelIndex(dir string) ([]LabelFile, error) {
	path := filepath.Join(dir, "index.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(records) == 0 || !slices.Equal(records[0], []string{"file", "repo", "split"}) {
		return nil, fmt.Errorf("%s: the header must be file,repo,split", path)
	}
	var out []LabelFile
	for i, r := range records[1:] {
		if !slices.Contains(Splits, r[2]) {
			return nil, fmt.Errorf("%s:%d: split %q: must be one of %s", path, i+2, r[2], strings.Join(Splits, ", "))
		}
		out = append(out, LabelFile{File: filepath.Join(dir, r[0]), Repo: r[1], Split: r[2]})
	}
	return out, nil
}

// label is a line of a label file.
type label struct {
	SHA      string  `json:"sha"`
	IsPerf   *bool   `json:"is_perf"`
	Category *string `json:"category"`
}

func readLabels(path string) ([]label, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l label
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		switch {
		case l.SHA == "" || l.IsPerf == nil:
			return nil, fmt.Errorf("%s:%d: a label needs sha and is_perf", path, n)
		case *l.IsPerf && (l.Category == nil || !slices.Contains(table.Categories, *l.Category)):
			return nil, fmt.Errorf("%s:%d: performance work needs one of the categories (%s)", path, n, strings.Join(table.Categories, ", "))
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// Labelled reads the labelled commits of files as Examples, from the
// clone that clone gives of each repository (holding the listed
// commits). A commit labelled in two files of one repository counts
// once, as the first file says.
//
// With judge, a model is asked about every commit as commits mine
// --judge would ask it (Example.Judge).
func Labelled(ctx context.Context, files []LabelFile, clone func(ctx context.Context, repo string, shas []string) (string, error), workers int, log io.Writer, judge *Judging) ([]Example, error) {
	type labels struct {
		shas []string
		by   map[string]label
	}
	repos := map[string]*labels{}
	var order []string
	for _, f := range files {
		ls, err := readLabels(f.File)
		if err != nil {
			return nil, err
		}
		r := repos[f.Repo]
		if r == nil {
			r = &labels{by: map[string]label{}}
			repos[f.Repo] = r
			order = append(order, f.Repo)
		}
		for _, l := range ls {
			if _, ok := r.by[l.SHA]; !ok {
				r.by[l.SHA] = l
				r.shas = append(r.shas, l.SHA)
			}
		}
	}
	var out []Example
	for _, name := range order {
		r := repos[name]
		dir, err := clone(ctx, name, r.shas)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if log != nil {
			fmt.Fprintf(log, "labels: reading %d commits of %s\n", len(r.shas), name)
		}
		es, err := Examples(ctx, dir, r.shas, workers, judge)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, e := range es {
			l, ok := r.by[e.SHA]
			if !ok {
				continue
			}
			e.Repo, e.Perf = name, *l.IsPerf
			if e.Perf {
				e.Category = *l.Category
			}
			out = append(out, e)
		}
	}
	return out, nil
}
