package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/perfcon/perfcon/internal/lang"
	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/table"
)

// Task is one task folder, read and checked.
type Task struct {
	ID       string
	Dir      string
	Language string
	Category string
	Repo     string
	FilePath string
	Symbol   string
	Scale    int64
	// Cost is the task's cost kind: task.toml's cost, else the
	// category's default (table.DefaultCost).
	Cost    string
	Message string
	Before  string
	After   string
	Harness string
	// Tree is set for a repository task: one that runs in its
	// repository's own tree (see Repository).
	Tree *Repository
	// Reason says why the task has its category.
	Reason string
	// Context is a repository task's file around the function, at the
	// parent (source.Context).
	Context string
	// Set is the name of the task set the folder lives in: its parent
	// folder's, past links (a folder of links to tasks of several sets
	// keeps each task's own).
	Set string
}

// Repository is where a repository task runs: its repository, the commit
// and its parent (code after's tree and code before's), and how the
// function's package builds.
type Repository struct {
	URL, Commit, Parent string
	Licence             string
	// C and C++: the repository's files compiled with the harness, the
	// include folders and extra compiler flags.
	Sources, IncludeDirs, Flags []string
	// Go: the function's package, as the harness imports it.
	Package string
	// Python: the folder of the tree on PYTHONPATH ("" the root).
	PythonPath string
}

type meta struct {
	Language string `toml:"language"`
	Category string `toml:"category"`
	Repo     string `toml:"repo"`
	FilePath string `toml:"file_path"`
	Symbol   string `toml:"symbol"`
	Scale    int64  `toml:"scale"`
	Cost     string `toml:"cost"`
	Reason   string `toml:"reason"`
	// A repository task's.
	RepoURL     string   `toml:"repo_url"`
	Commit      string   `toml:"commit"`
	Parent      string   `toml:"parent"`
	Licence     string   `toml:"licence"`
	Sources     []string `toml:"sources"`
	IncludeDirs []string `toml:"include_dirs"`
	Flags       []string `toml:"flags"`
	Package     string   `toml:"package"`
	PythonPath  string   `toml:"pythonpath"`
}

var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Load reads every task folder under dir. Sub-folders without a task.toml
// are skipped; a folder with one must be complete. A repository task's
// code comes from its repository in repo.Default's cache.
func Load(dir string) ([]Task, error) { return LoadFrom(dir, repo.Default()) }

// LoadFrom is Load with repository tasks read from repos.
func LoadFrom(dir string, repos *repo.Cache) ([]Task, error) {
	dirs, err := taskFolders(dir)
	if err != nil {
		return nil, err
	}
	var tasks []Task
	for _, tdir := range dirs {
		t, err := LoadTaskFrom(tdir, repos)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, t)
	}
	if len(tasks) == 0 {
		return nil, fmt.Errorf("reading task set: no task folders (with task.toml) in %s", dir)
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].ID < tasks[j].ID })
	return tasks, nil
}

// taskFolders are the folders of the task set dir (or links to folders)
// that hold a task.toml, in name order.
func taskFolders(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading task set: %w", err)
	}
	var out []string
	for _, e := range entries {
		tdir := filepath.Join(dir, e.Name())
		if !isDir(e, tdir) {
			continue
		}
		if _, err := os.Stat(filepath.Join(tdir, "task.toml")); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		out = append(out, tdir)
	}
	return out, nil
}

// isDir says whether the entry e, at path, is a folder or a link to one:
// a subset of a task set is a folder of links to its task folders.
func isDir(e fs.DirEntry, path string) bool {
	if e.Type()&fs.ModeSymlink != 0 {
		st, err := os.Stat(path)
		return err == nil && st.IsDir()
	}
	return e.IsDir()
}

// LoadTask reads and checks one task folder.
func LoadTask(dir string) (Task, error) { return LoadTaskFrom(dir, repo.Default()) }

// LoadTaskFrom is LoadTask with a repository task read from repos.
func LoadTaskFrom(dir string, repos *repo.Cache) (Task, error) {
	id := filepath.Base(dir)
	fail := func(file string, err error) (Task, error) {
		return Task{}, fmt.Errorf("task %s: %s: %w", id, filepath.Join(dir, file), err)
	}
	if !validID.MatchString(id) {
		return fail("", errors.New("folder name must be lowercase letters, digits and '-'"))
	}
	var m meta
	md, err := toml.DecodeFile(filepath.Join(dir, "task.toml"), &m)
	if err != nil {
		return fail("task.toml", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return fail("task.toml", fmt.Errorf("unknown key %q", keys[0].String()))
	}
	adapter, ok := lang.Lookup(m.Language)
	switch {
	case !ok:
		return fail("task.toml", fmt.Errorf("language %q is not one of %s", m.Language, strings.Join(lang.Names(), ", ")))
	case !table.IsCategory(m.Category):
		return fail("task.toml", fmt.Errorf("category %q is not one of %s", m.Category, strings.Join(table.Categories, ", ")))
	case m.Symbol == "":
		return fail("task.toml", errors.New("symbol is empty"))
	case m.Scale <= 0:
		return fail("task.toml", errors.New("scale must be a positive integer"))
	case m.Cost != "" && !table.IsCostKind(m.Cost):
		return fail("task.toml", fmt.Errorf("cost %q is not one of %s", m.Cost, strings.Join(table.CostKinds, ", ")))
	}
	t := Task{ID: id, Dir: dir, Language: m.Language, Category: m.Category,
		Repo: m.Repo, FilePath: m.FilePath, Symbol: m.Symbol, Scale: m.Scale,
		Cost: table.CostOf(m.Cost, m.Category), Reason: m.Reason, Set: setOf(dir)}
	ext := adapter.Ext()
	if m.RepoURL != "" {
		if err := repository(&t, m, ext, repos); err != nil {
			return fail("task.toml", err)
		}
		return t, nil
	}
	if m.Commit != "" || m.Parent != "" || len(m.Sources) > 0 || m.Package != "" {
		return fail("task.toml", errors.New("commit, parent, sources and package are a repository task's: repo_url is missing"))
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"message.txt", &t.Message},
		{"before" + ext, &t.Before},
		{"after" + ext, &t.After},
		{"harness" + ext, &t.Harness},
	} {
		b, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil {
			return fail(f.name, errors.Unwrap(err))
		}
		if strings.TrimSpace(string(b)) == "" {
			return fail(f.name, errors.New("file is empty"))
		}
		*f.dst = string(b)
	}
	if t.Before == t.After {
		return fail("after"+ext, errors.New("identical to before"))
	}
	if t.FilePath == "" {
		t.FilePath = t.Symbol + ext
	}
	t.Message = strings.TrimSpace(t.Message) + "\n"
	return t, nil
}

// setOf is the name of the folder that really holds the task folder dir.
func setOf(dir string) string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(filepath.Dir(dir))
}
