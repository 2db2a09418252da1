package source

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// goFunctions parses a Go file with go/parser. A file with syntax errors
// still gives the functions the parser could read.
func goFunctions(src []byte) ([]Func, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if f == nil {
		return nil, err
	}
	tf := fset.File(f.Pos())
	var out []Func
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		start, end := tf.Offset(fd.Pos()), tf.Offset(fd.End())
		if start < 0 || end > len(src) || start >= end {
			continue
		}
		fn := Func{Symbol: fd.Name.Name, Start: start, End: end, Line: tf.Line(fd.Pos())}
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			fn.Symbol = receiverType(fd.Recv.List[0].Type) + "." + fd.Name.Name
		}
		fn.Signature = goTokens(src[tf.Offset(fd.Type.Pos()):tf.Offset(fd.Type.End())])
		out = append(out, fn)
	}
	return out, nil
}

// receiverType is the name of a method's receiver type, without pointer
// or type parameters: (s *Set[T]) is Set.
func receiverType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// goTokens is src's tokens without comments and the semicolons the
// scanner adds at line ends, so layout does not change it.
func goTokens(src []byte) string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	var b strings.Builder
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		if lit == "" {
			lit = tok.String()
		}
		b.WriteString(lit)
		b.WriteByte(' ')
	}
	return b.String()
}
