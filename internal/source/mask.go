package source

import (
	"bytes"
	"regexp"
)

// bareMacro is a line holding only a macro's name in capitals, with no
// arguments and no semicolon: FMT_BEGIN_NAMESPACE, G_BEGIN_DECLS.
var bareMacro = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*[A-Z][A-Z0-9_]*$`)

// cppGuard opens a preprocessor group that holds only for C++ compilers.
var cppGuard = regexp.MustCompile(`^\s*#\s*(if|ifdef)\b.*__cplusplus`)

// mask returns C or C++ source fit for a parser that does not run the
// preprocessor. Two things are blanked out:
//   - the `extern "C" {` and `}` that headers put inside `#ifdef
//     __cplusplus` groups: left in, the parser sees an unmatched brace and
//     the rest of the file becomes one error;
//   - lines that hold only a macro's name (FMT_BEGIN_NAMESPACE): the
//     parser takes it for a type and the next declaration for a function
//     of that type.
//
// Blanks keep every byte where it was, so positions in the result are
// positions in src. src itself is not changed.
func mask(src []byte) []byte {
	out := src
	blank := func(start, end int) {
		if &out[0] == &src[0] {
			out = bytes.Clone(src)
		}
		for i := start; i < end; i++ {
			if out[i] != '\r' {
				out[i] = ' '
			}
		}
	}
	inGuard, depth := false, 0
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := bytes.TrimSpace(src[start:end])
		switch {
		case !inGuard && cppGuard.Match(line):
			inGuard, depth = true, 0
		case inGuard && isDirective(line, "if", "ifdef", "ifndef"):
			depth++
		case inGuard && depth > 0 && isDirective(line, "endif"):
			depth--
		case inGuard && depth == 0 && isDirective(line, "endif", "else", "elif"):
			inGuard = false
		case inGuard && (bytes.Equal(line, []byte("}")) || bytes.HasPrefix(line, []byte(`extern "C"`)) && bytes.HasSuffix(line, []byte("{"))):
			blank(start, end)
		case bareMacro.Match(line):
			blank(start, end)
		}
		start = end + 1
	}
	return out
}

// isDirective reports whether line is a preprocessor directive with one
// of the names.
func isDirective(line []byte, names ...string) bool {
	if len(line) == 0 || line[0] != '#' {
		return false
	}
	rest := bytes.TrimLeft(line[1:], " \t")
	for _, n := range names {
		if bytes.HasPrefix(rest, []byte(n)) && (len(rest) == len(n) || !isIdent(rest[len(n)])) {
			return true
		}
	}
	return false
}

func isIdent(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}
