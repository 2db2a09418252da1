package lang

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A mined Go function built after its prelude: as it is, and as a model
// may rewrite it, with a package clause and imports of its own, a package
// the prelude lacks, one the prelude has, or none of the prelude's.
func TestGoSourceBuilds(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go")
	}
	const prelude = "package main\n\nimport (\n\t\"sort\"\n\t\"strings\"\n)\n\n// Rec stands in for the repository's type.\ntype Rec struct{ K string }\n"
	const harness = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(keys([]Rec{{\"b\"}, {\"a\"}})) }\n"
	for _, c := range []struct {
		name, code string
		has, lacks []string
	}{
		{"function alone", "func keys(rs []Rec) string {\n\tvar out []string\n\tfor _, r := range rs {\n\t\tout = append(out, r.K)\n\t}\n\tsort.Strings(out)\n\treturn strings.Join(out, \",\")\n}\n",
			[]string{`"sort"`, `"strings"`}, nil},
		{"own imports", "package main\n\nimport (\n\t\"slices\"\n\t\"strings\"\n)\n\nfunc keys(rs []Rec) string {\n\tvar out []string\n\tfor _, r := range rs {\n\t\tout = append(out, r.K)\n\t}\n\tslices.Sort(out)\n\treturn strings.Join(out, \",\")\n}\n",
			[]string{`"slices"`, `"strings"`}, []string{`"sort"`}},
		{"none of the prelude's", "func keys(rs []Rec) string {\n\ts := \"\"\n\tfor i := len(rs) - 1; i >= 0; i-- {\n\t\tif s != \"\" {\n\t\t\ts += \",\"\n\t\t}\n\t\ts += rs[i].K\n\t}\n\treturn s\n}\n",
			nil, []string{`"sort"`, `"strings"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := Source("go", prelude, c.code)
			for _, s := range c.has {
				if !strings.Contains(src, s) {
					t.Errorf("no import %s in\n%s", s, src)
				}
			}
			for _, s := range c.lacks {
				if strings.Contains(src, s) {
					t.Errorf("an unused import %s in\n%s", s, src)
				}
			}
			if strings.Count(src, "package main") != 1 || !strings.Contains(src, "type Rec struct") {
				t.Errorf("not one file of prelude and code:\n%s", src)
			}
			dir := t.TempDir()
			for name, body := range map[string]string{"go.mod": "module task\n\ngo 1.22\n", "solution.go": src, "harness.go": harness} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("go", "run", ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
			out, err := cmd.CombinedOutput()
			if err != nil || strings.TrimSpace(string(out)) != "a,b" {
				t.Fatalf("go run: %v\n%s\n%s", err, out, src)
			}
		})
	}
}

// Other languages, and Go that doesn't parse, are the prelude then the
// code; no prelude, the code alone.
func TestSourceConcatenates(t *testing.T) {
	if got := Source("python", "import re\n", "def f():\n    pass\n"); got != "import re\n\ndef f():\n    pass\n" {
		t.Errorf("python: %q", got)
	}
	if got := Source("go", "package main\n", "func f( {"); got != "package main\n\nfunc f( {" {
		t.Errorf("go that doesn't parse: %q", got)
	}
	if got := Source("cpp", "", "int f();"); got != "int f();" {
		t.Errorf("no prelude: %q", got)
	}
}
