package dataset

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/source"
)

// repository completes t, a repository task, from its task.toml and its
// repository: code before and after are the function's text at the
// parent and at the commit, the message is message.txt or the commit's.
// The folder holds the harness (and, optionally, message.txt), never the
// repository's code.
func repository(t *Task, m meta, ext string, repos *repo.Cache) error {
	switch {
	case m.FilePath == "":
		return errors.New("a repository task needs file_path")
	case !repo.IsSHA(m.Commit):
		return fmt.Errorf("commit %q is not a commit id (7 to 40 hex digits)", m.Commit)
	case m.Parent != "" && !repo.IsSHA(m.Parent):
		return fmt.Errorf("parent %q is not a commit id", m.Parent)
	}
	for _, f := range []string{"before" + ext, "after" + ext} {
		if _, err := os.Stat(filepath.Join(t.Dir, f)); err == nil {
			return fmt.Errorf("%s: a repository task's code comes from its repository; remove the file", f)
		}
	}
	h, err := os.ReadFile(filepath.Join(t.Dir, "harness"+ext))
	if err != nil {
		return fmt.Errorf("harness%s: %w", ext, errors.Unwrap(err))
	}
	if strings.TrimSpace(string(h)) == "" {
		return fmt.Errorf("harness%s: file is empty", ext)
	}
	t.Harness = string(h)
	tr := &Repository{URL: m.RepoURL, Commit: m.Commit, Parent: m.Parent, Licence: m.Licence,
		Sources: m.Sources, IncludeDirs: m.IncludeDirs, Flags: m.Flags, Package: m.Package, PythonPath: m.PythonPath}
	if t.Repo == "" {
		if n, err := repo.Name(m.RepoURL); err == nil {
			t.Repo = strings.Replace(n, "+", "/", 1)
		}
	}
	ctx := context.Background()
	if tr.Commit, err = repos.Resolve(ctx, m.RepoURL, m.Commit); err != nil {
		return err
	}
	if tr.Parent == "" {
		tr.Parent = tr.Commit + "^"
	}
	if tr.Parent, err = repos.Resolve(ctx, m.RepoURL, tr.Parent); err != nil {
		return err
	}
	t.Tree = tr
	for _, side := range []struct {
		commit string
		dst    *string
	}{{tr.Parent, &t.Before}, {tr.Commit, &t.After}} {
		src, err := repos.Show(ctx, m.RepoURL, side.commit, m.FilePath)
		if err != nil {
			return err
		}
		f, err := source.Find(source.Language(m.FilePath, src), src, m.Symbol)
		if err != nil {
			return fmt.Errorf("%s at %s: %w", m.FilePath, side.commit[:12], err)
		}
		*side.dst = source.Extract(src, f)
		if side.dst == &t.Before {
			t.Context = source.Context(src, f, MaxContext)
		}
	}
	if t.Before == t.After {
		return fmt.Errorf("%s is the same at %s and %s", m.Symbol, tr.Parent[:12], tr.Commit[:12])
	}
	msg, err := os.ReadFile(filepath.Join(t.Dir, "message.txt"))
	switch {
	case err == nil && strings.TrimSpace(string(msg)) != "":
		t.Message = strings.TrimSpace(string(msg)) + "\n"
	case err == nil || errors.Is(err, os.ErrNotExist):
		m, err := repos.Message(ctx, m.RepoURL, tr.Commit)
		if err != nil {
			return err
		}
		t.Message = strings.TrimSpace(m) + "\n"
	default:
		return err
	}
	return nil
}

// MaxContext bounds a repository task's file context, in bytes.
const MaxContext = 12 << 10

// Need is what a repository task needs fetched: its repository, the
// commit and the parent ("" for the commit's first parent), and, for Go,
// the modules of both trees.
type Need struct {
	Task, Language, URL, Commit, Parent string
}

// Needs lists the repository tasks of the task set in dir, read from
// their task.toml alone (nothing of the repository is needed yet).
func Needs(dir string) ([]Need, error) {
	dirs, err := taskFolders(dir)
	if err != nil {
		return nil, err
	}
	var out []Need
	for _, tdir := range dirs {
		id := filepath.Base(tdir)
		var m meta
		if _, err := toml.DecodeFile(filepath.Join(tdir, "task.toml"), &m); err != nil {
			return nil, fmt.Errorf("task %s: task.toml: %w", id, err)
		}
		if m.RepoURL == "" {
			continue
		}
		if !repo.IsSHA(m.Commit) || (m.Parent != "" && !repo.IsSHA(m.Parent)) {
			return nil, fmt.Errorf("task %s: task.toml: commit %q and parent %q must be commit ids", id, m.Commit, m.Parent)
		}
		out = append(out, Need{Task: id, Language: m.Language, URL: m.RepoURL, Commit: m.Commit, Parent: m.Parent})
	}
	return out, nil
}

// Fetch brings every repository the task set in dir needs into repos:
// one clone each, the trees of each task's commit and parent, and a Go
// task's modules. A commit that can't be had names its task.
func Fetch(ctx context.Context, dir string, repos *repo.Cache, log func(string)) (int, error) {
	needs, err := Needs(dir)
	if err != nil {
		return 0, err
	}
	byURL := map[string][]Need{}
	var urls []string
	for _, n := range needs {
		if byURL[n.URL] == nil {
			urls = append(urls, n.URL)
		}
		byURL[n.URL] = append(byURL[n.URL], n)
	}
	var errs []error
	for _, u := range urls {
		if err := ctx.Err(); err != nil {
			return 0, fmt.Errorf("dataset fetch: %w", err)
		}
		if err := fetchOne(ctx, repos, u, byURL[u]); err != nil {
			errs = append(errs, err)
			continue
		}
		if log != nil {
			log(fmt.Sprintf("dataset fetch: %s: %d tasks ready", u, len(byURL[u])))
		}
	}
	if len(errs) > 0 {
		return 0, fmt.Errorf("%d of %d repositories could not be fetched:\n%w", len(errs), len(urls), errors.Join(errs...))
	}
	return len(needs), nil
}

// fetchOne fetches one repository for its tasks.
func fetchOne(ctx context.Context, repos *repo.Cache, u string, needs []Need) error {
	var shas []string
	for _, n := range needs {
		shas = append(shas, n.Commit)
		if n.Parent != "" {
			shas = append(shas, n.Parent)
		}
	}
	if err := repos.Fetch(ctx, u, shas...); err != nil {
		var me *repo.MissingError
		if errors.As(err, &me) {
			for _, n := range needs {
				if me.Commit == n.Commit || me.Commit == n.Parent {
					return fmt.Errorf("task %s: %w", n.Task, err)
				}
			}
		}
		var ids []string
		for _, n := range needs {
			ids = append(ids, n.Task)
		}
		what := "tasks"
		if len(ids) == 1 {
			what = "task"
		}
		return fmt.Errorf("%s %s: %w", what, strings.Join(ids, ", "), err)
	}
	for _, n := range needs {
		parent := n.Parent
		if parent == "" {
			parent = n.Commit + "^"
		}
		for _, c := range []string{n.Commit, parent} {
			tree, err := repos.Tree(ctx, u, c)
			if err != nil {
				return fmt.Errorf("task %s: %w", n.Task, err)
			}
			if n.Language == "go" {
				if _, err := repos.GoModules(ctx, tree); err != nil {
					return fmt.Errorf("task %s: %w", n.Task, err)
				}
			}
		}
	}
	return nil
}
