// Package sqlsplit splits SQL text into its statements: at the semicolons
// outside strings, quoted names, comments, escape strings and
// dollar-quoted strings, as DuckDB reads them. It also names a
// statement's kind by its first keyword.
package sqlsplit

import (
	"regexp"
	"strings"
	"unicode"
)

// Statements splits SQL at the semicolons outside quotes, with comments
// turned into spaces, leaving out empty statements.
func Statements(query string) []string {
	var stmts []string
	var b strings.Builder
	end := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			stmts = append(stmts, s)
		}
		b.Reset()
	}
	for i := 0; i < len(query); i++ {
		rest := query[i:]
		switch {
		case (rest[0] == 'E' || rest[0] == 'e') && len(rest) > 1 && rest[1] == '\'' &&
			(i == 0 || !isWord(query[i-1])):
			// An escape string: a backslash escapes the next character.
			n := 2
			for n < len(rest) && rest[n] != '\'' {
				if rest[n] == '\\' {
					n++
				}
				n++
			}
			n = min(n+1, len(rest))
			b.WriteString(rest[:n])
			i += n - 1
		case rest[0] == '$' && dollarTag.MatchString(rest):
			// A dollar-quoted string runs to the same tag.
			tag := dollarTag.FindString(rest)
			n := strings.Index(rest[len(tag):], tag)
			if n < 0 {
				n = len(rest)
			} else {
				n += 2 * len(tag)
			}
			b.WriteString(rest[:n])
			i += n - 1
		case rest[0] == '\'' || rest[0] == '"':
			// A doubled quote inside is read as two quoted runs.
			n := strings.IndexByte(rest[1:], rest[0]) + 2
			if n == 1 {
				n = len(rest)
			}
			b.WriteString(rest[:n])
			i += n - 1
		case strings.HasPrefix(rest, "--"):
			n := strings.IndexByte(rest, '\n')
			if n < 0 {
				n = len(rest)
			}
			b.WriteByte(' ')
			i += n - 1
		case strings.HasPrefix(rest, "/*"):
			n := strings.Index(rest[2:], "*/") + 4
			if n == 3 {
				n = len(rest)
			}
			b.WriteByte(' ')
			i += n - 1
		case rest[0] == ';':
			end()
		default:
			b.WriteByte(rest[0])
		}
	}
	end()
	return stmts
}

var dollarTag = regexp.MustCompile(`^\$[A-Za-z_]*\$`)

func isWord(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// Keyword returns a statement's first word in upper case, past any
// opening parentheses: SELECT, WITH, CREATE, ... A statement is one of
// Statements, its comments gone.
func Keyword(stmt string) string {
	word := strings.ToUpper(strings.TrimLeft(stmt, "( \t\r\n"))
	if i := strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		word = word[:i]
	}
	return word
}

// ReturnsRows reports whether a statement is a query, one that returns
// rows: SELECT, WITH, FROM or VALUES.
func ReturnsRows(stmt string) bool {
	switch Keyword(stmt) {
	case "SELECT", "WITH", "FROM", "VALUES":
		return true
	}
	return false
}
