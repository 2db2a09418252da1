package prompt

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What Code reads of a block to tell a rewrite of the task's code from a
// snippet or other code: the names it defines. It reads lines, not a
// syntax tree: a block may be cut short or not parse, and a definition
// starts a line in every language perfcon measures.

// symbolName is the last identifier of a qualified symbol: Func of
// "pkg.Func", method of "Class::method", Get of "(*Cache).Get".
func symbolName(symbol string) string {
	ids := strings.FieldsFunc(symbol, func(r rune) bool { return !isIdentRune(r) })
	if len(ids) == 0 {
		return ""
	}
	return ids[len(ids)-1]
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// ident returns the identifier that starts s, or "".
func ident(s string) string {
	for i, r := range s {
		if !isIdentRune(r) || (i == 0 && unicode.IsDigit(r)) {
			return s[:i]
		}
	}
	return s
}

// definedNames are the names code defines at its top level: functions,
// classes and module constants in Python; functions, methods, types,
// variables and constants in Go; functions, structs, classes, enums and
// aliases in C and C++.
func definedNames(code, language string) map[string]bool {
	names := map[string]bool{}
	group := false // inside a Go var ( ... ), const ( ... ) or type ( ... )
	for line := range strings.Lines(code) {
		line = strings.TrimRight(line, " \t\r\n")
		if line == "" {
			continue
		}
		switch language {
		case "python":
			if n := pythonDef(line); n != "" && !startsIndented(line) {
				names[n] = true
			} else if n := ident(line); n != "" && !pythonKeywords[n] && !startsIndented(line) {
				if rest := strings.TrimLeft(line[len(n):], " \t"); strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "==") {
					names[n] = true
				}
			}
		case "go":
			switch {
			case group && line == ")":
				group = false
			case group:
				if n := ident(strings.TrimLeft(line, " \t")); n != "" {
					names[n] = true
				}
			default:
				n, opens := goDef(line)
				if n != "" {
					names[n] = true
				}
				group = opens
			}
		case "cpp", "c":
			if !startsIndented(line) {
				if n := cppDef(line); n != "" {
					names[n] = true
				}
			}
		}
	}
	return names
}

// definesSymbol reports whether code defines name anywhere, a method
// included.
func definesSymbol(code, language, name string) bool {
	for line := range strings.Lines(code) {
		line = strings.TrimRight(line, " \t\r\n")
		var n string
		switch language {
		case "python":
			n = pythonDef(strings.TrimLeft(line, " \t"))
		case "go":
			n, _ = goDef(line)
		case "cpp", "c":
			n = cppDef(strings.TrimLeft(line, " \t"))
		default:
			if strings.Contains(line, name+"(") {
				return true
			}
		}
		if n == name {
			return true
		}
	}
	return false
}

func startsIndented(line string) bool { return line[0] == ' ' || line[0] == '\t' }

var pythonKeywords = map[string]bool{"if": true, "elif": true, "else": true, "for": true, "while": true,
	"try": true, "except": true, "finally": true, "with": true, "return": true, "import": true, "from": true,
	"def": true, "class": true, "async": true, "global": true, "assert": true, "raise": true, "del": true}

// pythonDef is the name a def or class line defines.
func pythonDef(line string) string {
	line = strings.TrimPrefix(line, "async ")
	for _, kw := range []string{"def ", "class "} {
		if rest, ok := strings.CutPrefix(line, kw); ok {
			return ident(strings.TrimLeft(rest, " \t"))
		}
	}
	return ""
}

// goDef is the name a top-level Go declaration line defines, and whether
// it opens a group ("var (").
func goDef(line string) (name string, opensGroup bool) {
	if rest, ok := strings.CutPrefix(line, "func "); ok {
		rest = strings.TrimLeft(rest, " \t")
		if strings.HasPrefix(rest, "(") { // a method: skip the receiver
			end := strings.IndexByte(rest, ')')
			if end < 0 {
				return "", false
			}
			rest = strings.TrimLeft(rest[end+1:], " \t")
		}
		return ident(rest), false
	}
	for _, kw := range []string{"type ", "var ", "const "} {
		if rest, ok := strings.CutPrefix(line, kw); ok {
			rest = strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(rest, "(") {
				return "", true
			}
			return ident(rest), false
		}
	}
	return "", false
}

// cppKeywords are the words before a '(' that are no function's name,
// and cppStatements the first words of a line that call, not define.
var (
	cppKeywords = map[string]bool{"if": true, "for": true, "while": true, "switch": true, "return": true,
		"sizeof": true, "catch": true, "decltype": true, "alignof": true, "static_assert": true, "defined": true,
		"operator": true, "new": true, "delete": true, "throw": true, "void": true, "int": true, "char": true,
		"bool": true, "double": true, "float": true, "long": true, "unsigned": true}
	cppStatements = map[string]bool{"return": true, "else": true, "if": true, "case": true, "throw": true,
		"new": true, "delete": true, "co_return": true, "co_await": true, "co_yield": true}
)

// cppDef is the name a C or C++ line defines: a struct, class, union,
// enum or alias, or a function whose definition starts there (a name
// before its first '(', after a return type or at the line's start, with
// no '=' before it and no ';' ending the line, which would make it a
// declaration or a call).
func cppDef(line string) string {
	if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") || strings.HasPrefix(line, "/*") ||
		strings.HasPrefix(line, "*") || strings.HasPrefix(line, "}") {
		return ""
	}
	for _, kw := range []string{"struct ", "class ", "union ", "enum class ", "enum struct ", "enum ", "using "} {
		if rest, ok := strings.CutPrefix(line, kw); ok {
			rest = strings.TrimLeft(rest, " \t")
			if n := ident(rest); n != "" && (kw != "using " || strings.Contains(rest, "=")) {
				return n
			}
			return ""
		}
	}
	paren := strings.IndexByte(line, '(')
	if paren <= 0 || strings.HasSuffix(line, ";") || strings.ContainsRune(line[:paren], '=') {
		return ""
	}
	head := strings.TrimRight(line[:paren], " \t")
	start := len(head)
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(head[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	n := head[start:]
	if n == "" || cppKeywords[n] || unicode.IsDigit(rune(n[0])) {
		return ""
	}
	prev := strings.TrimRight(head[:start], " \t")
	switch {
	case prev == "" || strings.HasSuffix(prev, "::"): // f( at the line's start, or Class::method(
		return n
	case strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, "->") || strings.HasSuffix(prev, "(") ||
		cppStatements[ident(prev)]:
		return "" // a call
	}
	return n
}

// hasImports reports whether code has an import, package or include
// line: a whole file has, a snippet seldom.
func hasImports(code, language string) bool {
	var prefixes []string
	switch language {
	case "python":
		prefixes = []string{"import ", "from "}
	case "go":
		prefixes = []string{"package ", "import "}
	case "cpp", "c":
		prefixes = []string{"#include"}
	default:
		return false
	}
	for line := range strings.Lines(code) {
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				return true
			}
		}
	}
	return false
}
