package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// maxStageFunc bounds a function of a stage package, in lines: a stage
// says which programs and which rows; how they are run lives in
// internal/measure.
const maxStageFunc = 80

func TestStageFunctionsAreShort(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	err := filepath.WalkDir("../../stages", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			n++
			if lines := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; lines > maxStageFunc {
				t.Errorf("%s: %s is %d lines long (at most %d)", path, fd.Name.Name, lines, maxStageFunc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d functions found under stages/", n)
	}
}
