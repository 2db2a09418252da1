package executables

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/perfcon/perfcon/internal/repo"
	"github.com/perfcon/perfcon/internal/source"
	"github.com/perfcon/perfcon/internal/table"
)

// RepoBuild is how a mined commit builds as a repository task: where
// its repository is and how its function's package builds (the
// executables row's repository columns), and how a harness reaches the
// function: the import line and the call's expression. A draft keeps it
// as JSON (table.Draft.RepoBuild).
type RepoBuild struct {
	URL         string   `json:"repo_url"`
	GoPackage   string   `json:"go_package,omitempty"`
	PythonPath  string   `json:"python_path,omitempty"`
	Sources     []string `json:"build_sources,omitempty"`
	IncludeDirs []string `json:"build_include_dirs,omitempty"`
	Import      string   `json:"import,omitempty"`
	Call        string   `json:"call,omitempty"`
	// Context is the parent's file around the function, for a prompt.
	Context string `json:"-"`
}

// repoBuildOf works out c's RepoBuild from its repository at url, fetched
// into repos: Go's package from the nearest go.mod, Python's import path
// (a src/ layout on PYTHONPATH), a C++ file's header beside it.
func repoBuildOf(ctx context.Context, repos *repo.Cache, url string, c table.Commit) (RepoBuild, error) {
	rb := RepoBuild{URL: url}
	if err := repos.Fetch(ctx, url, c.CommitSHA, c.ParentSHA); err != nil {
		return rb, err
	}
	tree, err := repos.Tree(ctx, url, c.ParentSHA)
	if err != nil {
		return rb, err
	}
	if src, err := os.ReadFile(filepath.Join(tree, c.FilePath)); err == nil {
		if f, err := source.Find(source.Language(c.FilePath, src), src, c.Symbol); err == nil {
			rb.Context = source.Context(src, f, 12<<10)
		}
	}
	name := shortName(c.Symbol)
	top, method := name, false
	if i := strings.LastIndexAny(c.Symbol, ".:"); i >= 0 {
		top, method = strings.TrimRight(c.Symbol[:i], ":."), true
	}
	rb.Call = name
	switch c.Language {
	case "python":
		pp, module := pythonModule(tree, c.FilePath)
		rb.PythonPath = pp
		rb.Import = fmt.Sprintf("from %s import %s", module, strings.SplitN(top, ".", 2)[0])
		if method {
			rb.Call = "TODO_an_instance_of_" + top + "." + name
		}
	case "go":
		if rb.GoPackage, err = goPackage(tree, c.FilePath); err != nil {
			return rb, err
		}
		rb.Import, rb.Call = fmt.Sprintf("pkg %q", rb.GoPackage), "pkg."+name
		if method {
			rb.Call = "TODO_a_" + top + "_value." + name
		}
	case "cpp":
		rb.Sources, rb.IncludeDirs = []string{c.FilePath}, []string{filepath.ToSlash(filepath.Dir(c.FilePath))}
		rb.Import = fmt.Sprintf("#include %q  // TODO: the header that declares it", header(tree, c.FilePath))
		rb.Call = strings.ReplaceAll(c.Symbol, ".", "::")
	}
	return rb, nil
}

// apply sets e's repository columns from the JSON of a RepoBuild ("":
// none).
func applyRepoBuild(e *table.Executable, js string) {
	if js == "" {
		return
	}
	var rb RepoBuild
	if json.Unmarshal([]byte(js), &rb) != nil {
		return
	}
	e.RepoURL, e.GoPackage, e.PythonPath, e.Sources, e.IncludeDirs = rb.URL, rb.GoPackage, rb.PythonPath, rb.Sources, rb.IncludeDirs
}

// pythonModule is the folder on PYTHONPATH ("src" for a src layout, else
// the root) and the module path of file.
func pythonModule(tree, file string) (string, string) {
	pp := ""
	if strings.HasPrefix(file, "src/") {
		pp = "src"
	}
	mod := strings.TrimSuffix(strings.TrimPrefix(file, pp+"/"), ".py")
	mod = strings.TrimSuffix(strings.ReplaceAll(mod, "/", "."), ".__init__")
	return pp, mod
}

// goPackage is the import path of file's package: its module's path (the
// nearest go.mod above it) and the folder below.
func goPackage(tree, file string) (string, error) {
	dir := filepath.Dir(file)
	for d := dir; ; d = filepath.Dir(d) {
		b, err := os.ReadFile(filepath.Join(tree, d, "go.mod"))
		if err == nil {
			mf, err := modfile.ParseLax("go.mod", b, nil)
			if err != nil || mf.Module == nil {
				return "", fmt.Errorf("%s: no module path", filepath.Join(d, "go.mod"))
			}
			rel, _ := filepath.Rel(d, dir)
			return strings.TrimSuffix(path.Join(mf.Module.Mod.Path, filepath.ToSlash(rel)), "/."), nil
		}
		if d == "." || d == "/" {
			return "", fmt.Errorf("no go.mod above %s", file)
		}
	}
}

// header is the header beside a C++ source of the same name, else the
// file itself.
func header(tree, file string) string {
	base := strings.TrimSuffix(file, filepath.Ext(file))
	for _, ext := range []string{".h", ".hpp", ".hh", ".hxx"} {
		if _, err := os.Stat(filepath.Join(tree, base+ext)); err == nil {
			return filepath.Base(base + ext)
		}
	}
	return filepath.Base(file)
}

// json is rb as a draft keeps it.
func (rb RepoBuild) json() string {
	b, _ := json.Marshal(rb)
	return string(b)
}

// repoBuilds are the RepoBuilds of the commits cs when opts drafts
// repository tasks (none otherwise), by task.
func repoBuilds(ctx context.Context, opts DraftOptions, cs []*table.Commit) (map[string]RepoBuild, error) {
	out := map[string]RepoBuild{}
	if opts.Repository == "" {
		return out, nil
	}
	repos := opts.RepoCache
	if repos == nil {
		repos = repo.Default()
	}
	for _, c := range cs {
		rb, err := repoBuildOf(ctx, repos, opts.Repository, *c)
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", c.TaskID, err)
		}
		out[c.TaskID] = rb
	}
	return out, nil
}
