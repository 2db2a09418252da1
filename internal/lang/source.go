package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// Source is the file a variant is built from: an executable's prelude
// (the imports, types and stand-ins a function cut from its repository
// needs), then the variant's code.
//
// Go wants one package clause, and every import ahead of the first
// declaration: a variant that brings its own (a model's rewrite of a
// mined function that needed a new package, say) has them merged into the
// prelude's, and an import that neither part uses is dropped, so a
// rewrite that no longer needs a package the function before used still
// builds. Go's rule is by name, as goimports applies it: an import is
// used when its name is the left side of a selector.
func Source(language, prelude, code string) string {
	if prelude == "" {
		return code
	}
	if language == "go" {
		if s, ok := goSource(prelude, code); ok {
			return s
		}
	}
	return strings.TrimRight(prelude, "\n") + "\n\n" + code
}

// goFile is a Go source split at the end of its imports.
type goFile struct {
	imports []*ast.ImportSpec
	body    string // what follows the package clause and the imports
	used    map[string]bool
}

func parseGo(src string) (goFile, bool) {
	fset := token.NewFileSet()
	prefix := ""
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly)
	if err != nil { // no package clause: a function or declarations alone
		prefix = "package main\n"
		if f, err = parser.ParseFile(fset, "", prefix+src, parser.ImportsOnly); err != nil {
			return goFile{}, false
		}
	}
	end := f.Name.End()
	if len(f.Decls) > 0 {
		end = f.Decls[len(f.Decls)-1].End()
	}
	cut := fset.Position(end).Offset - len(prefix)
	if cut < 0 {
		cut = 0
	}
	body := src[cut:]
	full, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+body, 0)
	if err != nil {
		return goFile{}, false
	}
	used := map[string]bool{}
	ast.Inspect(full, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	return goFile{imports: f.Imports, body: body, used: used}, true
}

func goSource(prelude, code string) (string, bool) {
	p, ok := parseGo(prelude)
	if !ok {
		return "", false
	}
	c, ok := parseGo(code)
	if !ok {
		return "", false
	}
	var b strings.Builder
	b.WriteString("package main\n")
	seen := map[string]bool{}
	var specs []string
	for _, im := range append(p.imports, c.imports...) {
		pth, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			return "", false
		}
		name := path.Base(pth)
		spec := im.Path.Value
		if im.Name != nil {
			name = im.Name.Name
			spec = name + " " + spec
		}
		if seen[spec] || (name != "_" && name != "." && !p.used[name] && !c.used[name]) {
			continue
		}
		seen[spec] = true
		specs = append(specs, spec)
	}
	if len(specs) > 0 {
		b.WriteString("\nimport (\n")
		for _, s := range specs {
			b.WriteString("\t" + s + "\n")
		}
		b.WriteString(")\n")
	}
	b.WriteString(strings.TrimRight(p.body, "\n"))
	b.WriteString("\n\n")
	b.WriteString(strings.TrimLeft(c.body, "\n"))
	return b.String(), true
}
