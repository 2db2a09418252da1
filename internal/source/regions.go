package source

import (
	"bytes"
	"regexp"
	"strings"
)

// region is a C or C++ function found by braces rather than by the
// grammar: where its header (return type, name, parameters) starts,
// where its body ends, and the classes and namespaces around it.
type region struct {
	start, end int
	names      []string
	header     string
}

// frame is an open brace: a scope (namespace, class, extern "C") whose
// body may hold functions, or anything else.
type frame struct {
	scope bool
	name  string // "" for an unnamed scope
}

// regions finds the function definitions of C or C++ source by its
// braces, the way ctags does: a brace at namespace or class level whose
// header has a parameter list opens a function, and its matching brace
// ends it. Comments, strings and the preprocessor are skipped; of a
// `#if` group only the first branch is read, so that the braces of
// alternative branches do not count twice.
func regions(src []byte) []region {
	l := lexer{src: src}
	var out []region
	var stack []frame
	boundary := 0 // where the next header starts
	inFunc := -1  // the stack depth at which the current function's body opened
	var fnStart int
	var fnNames []string
	var fnHeader string
	parens := 0
	for {
		i, c := l.next()
		if i < 0 {
			return out
		}
		if inFunc < 0 {
			// Outside functions, braces within parentheses are
			// initializers (a default argument "= {}"), not blocks.
			switch c {
			case '(':
				parens++
				continue
			case ')':
				parens = max(parens-1, 0)
				continue
			case '{', '}', ';':
				if parens > 0 {
					continue
				}
			}
		}
		switch c {
		case '#':
			parens = 0
			if inFunc < 0 {
				boundary = l.pos
			}
		case ';':
			if inFunc < 0 {
				boundary = i + 1
			}
		case '{':
			if inFunc >= 0 {
				stack = append(stack, frame{})
				continue
			}
			boundary = skipComments(src, boundary, i)
			header := uncomment(string(bytes.TrimSpace(src[boundary:i])))
			if initBrace(header) {
				continue // a braced initializer of a constructor's member: part of the header
			}
			kind, name := classify(header)
			switch kind {
			case "scope":
				stack = append(stack, frame{scope: true, name: name})
			case "function":
				stack = append(stack, frame{})
				inFunc = len(stack)
				fnStart = boundary + leadingSpace(src[boundary:i])
				fnNames = scopeNames(stack[:len(stack)-1])
				fnHeader = header
			default:
				stack = append(stack, frame{})
			}
			boundary = i + 1
		case '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if inFunc >= 0 && len(stack) < inFunc {
				out = append(out, region{start: fnStart, end: i + 1, names: fnNames, header: fnHeader})
				inFunc = -1
			}
			if inFunc < 0 {
				boundary = i + 1
			}
		case ':':
			// "public:" and the like end nothing but start a new header.
			if inFunc < 0 {
				h := strings.TrimSpace(string(src[boundary:i]))
				if h == "public" || h == "private" || h == "protected" || strings.HasSuffix(h, "Q_SLOTS") {
					boundary = i + 1
				}
			}
		}
	}
}

func scopeNames(stack []frame) []string {
	var names []string
	for _, f := range stack {
		if f.scope && f.name != "" {
			names = append(names, f.name)
		}
	}
	return names
}

func leadingSpace(b []byte) int { return len(b) - len(bytes.TrimLeft(b, " \t\r\n\f\v")) }

// skipComments returns where the code after the white space and comments
// from i (and before end) starts: a function's doc comment is not part of
// it.
func skipComments(src []byte, i, end int) int {
	for i < end {
		i += leadingSpace(src[i:end])
		switch {
		case bytes.HasPrefix(src[i:end], []byte("//")):
			i = min(lineEnd(src, i), end)
		case bytes.HasPrefix(src[i:end], []byte("/*")):
			e := bytes.Index(src[i+2:end], []byte("*/"))
			if e < 0 {
				return i
			}
			i += 2 + e + 2
		default:
			return i
		}
	}
	return i
}

var comment = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`)

// uncomment replaces the comments in a header by a space.
func uncomment(h string) string {
	if !strings.Contains(h, "/") {
		return h
	}
	return comment.ReplaceAllString(h, " ")
}

var (
	namespaceHeader = regexp.MustCompile(`^(?:inline\s+)?namespace\b\s*([\w:]*)`)
	externC         = regexp.MustCompile(`^extern\s+"C(?:\+\+)?"$`)
	classHeader     = regexp.MustCompile(`(?:^|\s|>)(?:class|struct|union)\s+(?:\[\[[^\]]*\]\]\s*|alignas\s*\([^)]*\)\s*|[A-Z][A-Z0-9_]*\s+)*([A-Za-z_]\w*)`)
	controlHeader   = regexp.MustCompile(`^(?:if|for|while|switch|do|else|try|catch|return)\b`)
)

// classify says what a header before '{' opens: "scope" (with its name),
// "function" or "other" (an enum, an initializer, a lambda).
func classify(h string) (kind, name string) {
	h = stripTemplate(h)
	if m := namespaceHeader.FindStringSubmatch(h); m != nil {
		return "scope", m[1]
	}
	if externC.MatchString(h) {
		return "scope", ""
	}
	if controlHeader.MatchString(h) || strings.HasPrefix(h, "enum") || strings.HasSuffix(h, "=") {
		return "other", ""
	}
	open := strings.IndexByte(h, '(')
	if m := classHeader.FindStringSubmatchIndex(h); m != nil && (open < 0 || m[0] < open) && !strings.Contains(h[:m[0]], "=") {
		return "scope", h[m[2]:m[3]]
	}
	if open > 0 && strings.Contains(h[open:], ")") && !strings.Contains(h[:open], "=") {
		return "function", ""
	}
	return "other", ""
}

// stripTemplate removes a leading template<...> header.
func stripTemplate(h string) string {
	for strings.HasPrefix(h, "template") {
		rest := strings.TrimLeft(h[len("template"):], " \t\r\n")
		if !strings.HasPrefix(rest, "<") {
			return h
		}
		depth := 0
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '<':
				depth++
			case '>':
				depth--
				if depth == 0 {
					h = strings.TrimSpace(rest[i+1:])
					i = len(rest)
				}
			}
		}
		if depth != 0 {
			return h
		}
	}
	return h
}

// initBrace reports whether a '{' after header is a braced initializer
// in a constructor's initializer list ("Foo() : a_{1} {"): the header has
// a parameter list, then a single ':', and the brace follows a name.
func initBrace(h string) bool {
	close := strings.LastIndexByte(h, ')')
	if close < 0 {
		return false
	}
	rest := h[close+1:]
	colon := strings.IndexByte(rest, ':')
	if colon < 0 || strings.Contains(rest[colon:], "::") && strings.Count(rest[colon:], ":") == 2 && colon+1 < len(rest) && rest[colon+1] == ':' {
		return false
	}
	last := h[len(h)-1]
	return last == '_' || last == '>' || '0' <= last && last <= '9' || 'a' <= last|0x20 && last|0x20 <= 'z'
}

// regionName is a function's name read from its header, for when the
// grammar can't read it: the name before the parameter list, that is
// before the first parenthesised group followed by what may follow
// parameters (qualifiers, an initializer list, a trailing return type,
// a macro in capitals, or nothing). A group followed by another name is
// a macro's arguments ("Py_LOCAL_INLINE(int) f(...)").
func regionName(h string) string {
	h = stripTemplate(h)
	for i := 0; i < len(h); i++ {
		if h[i] != '(' {
			continue
		}
		j := matching(h, i)
		if j < 0 {
			return ""
		}
		name := nameBefore(h[:i])
		after := strings.TrimSpace(h[j+1:])
		if name != "" && followsParameters(after) {
			return name
		}
		i = j
	}
	return ""
}

var afterParameters = regexp.MustCompile(`^(?:$|:|->|const\b|volatile\b|noexcept\b|override\b|final\b|throw\b|mutable\b|&|=|\[\[|[A-Z][A-Z0-9_]*\b)`)

func followsParameters(s string) bool { return afterParameters.MatchString(s) }

// nameBefore is the (qualified) name at the end of s.
func nameBefore(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	end := len(s)
	i := end
	for i > 0 {
		c := s[i-1]
		if c == '_' || c == ':' || c == '~' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z' {
			i--
			continue
		}
		break
	}
	name := strings.TrimLeft(s[i:end], ":")
	if k := strings.LastIndex(s, "operator"); k >= 0 && (k == 0 || !isIdent(s[k-1])) && strings.TrimSpace(s[k+len("operator"):]) != "" {
		// operator*, operator==, operator bool, operator""_x
		rest := s[k+len("operator"):]
		if isIdent(rest[0]) && !strings.ContainsAny(rest, " \t") {
			// operatorX is an identifier, not an operator.
		} else {
			j := k
			for j > 0 && (isIdent(s[j-1]) || s[j-1] == ':' || s[j-1] == '~') {
				j--
			}
			return strings.TrimLeft(s[j:k], ":") + "operator" + strings.Join(strings.Fields(rest), " ")
		}
	}
	if name == "" || '0' <= name[0] && name[0] <= '9' {
		return ""
	}
	switch name {
	case "if", "for", "while", "switch", "return", "sizeof", "decltype", "alignas", "__attribute__", "noexcept":
		return ""
	}
	return name
}

func matching(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// lexer returns the bytes of C or C++ source that matter to regions: the
// punctuation outside comments, strings and character literals, and '#'
// for each preprocessor line, which it skips with the code of every
// branch of a #if group but the first.
type lexer struct {
	src []byte
	pos int
	// conds holds one entry per open #if: whether its first branch is
	// over (the rest is skipped).
	conds   []bool
	skipped int // how many of conds are skipping
}

func (l *lexer) next() (int, byte) {
	src := l.src
	for l.pos < len(src) {
		i := l.pos
		c := src[i]
		switch {
		case c == '#' && lineStart(src, i):
			l.directive()
			if l.skipped == 0 {
				return i, '#'
			}
			continue
		case l.skipped > 0:
			l.pos = lineEnd(src, i) + 1
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			l.pos = lineEnd(src, i)
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 {
				l.pos = len(src)
			} else {
				l.pos = i + 2 + end + 2
			}
			continue
		case c == '"':
			l.pos = l.quoted(i, '"')
			continue
		case c == '\'' && !(i > 0 && isIdent(src[i-1]) && i+1 < len(src) && '0' <= src[i+1] && src[i+1] <= '9'):
			l.pos = l.quoted(i, '\'')
			continue
		case c == 'R' && i+1 < len(src) && src[i+1] == '"' && (i == 0 || !isIdent(src[i-1])):
			l.pos = l.raw(i + 1)
			continue
		}
		l.pos = i + 1
		switch c {
		case '{', '}', ';', ':', '(', ')':
			return i, c
		}
	}
	return -1, 0
}

// directive reads a preprocessor line (with its continuations) and keeps
// track of #if groups.
func (l *lexer) directive() {
	end := lineEnd(l.src, l.pos)
	for end > 0 && end < len(l.src) && l.src[end-1] == '\\' {
		end = lineEnd(l.src, end+1)
	}
	line := bytes.TrimSpace(l.src[l.pos:end])
	l.pos = end + 1
	switch {
	case isDirective(line, "if", "ifdef", "ifndef"):
		l.conds = append(l.conds, false)
		if l.skipped > 0 {
			l.skipped++
		}
	case isDirective(line, "elif", "else", "elifdef", "elifndef"):
		if n := len(l.conds); n > 0 && !l.conds[n-1] {
			l.conds[n-1] = true
			if l.skipped == 0 {
				l.skipped = 1
			}
		}
	case isDirective(line, "endif"):
		if n := len(l.conds); n > 0 {
			if l.skipped > 0 && (l.conds[n-1] || l.skipped > 1) {
				l.skipped--
			}
			l.conds = l.conds[:n-1]
		}
	}
}

func (l *lexer) quoted(i int, q byte) int {
	for j := i + 1; j < len(l.src); j++ {
		switch l.src[j] {
		case '\\':
			j++
		case q, '\n':
			return j + 1
		}
	}
	return len(l.src)
}

// raw skips a C++ raw string R"delim(...)delim"; quote is the '"'.
func (l *lexer) raw(quote int) int {
	open := bytes.IndexByte(l.src[quote:], '(')
	if open < 0 || open > 17 {
		return quote + 1
	}
	delim := ")" + string(l.src[quote+1:quote+open]) + `"`
	end := bytes.Index(l.src[quote+open:], []byte(delim))
	if end < 0 {
		return len(l.src)
	}
	return quote + open + end + len(delim)
}

func lineStart(src []byte, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch src[j] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

func lineEnd(src []byte, i int) int {
	if e := bytes.IndexByte(src[i:], '\n'); e >= 0 {
		return i + e
	}
	return len(src)
}
