package prompt

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Extraction outcomes, recorded as generations.extract_status.
const (
	ExtractFenced    = "fenced"          // one fenced block
	ExtractMultiple  = "multiple_blocks" // several; the best was taken
	ExtractUnfenced  = "unfenced"        // no fence; the answer taken as code
	ExtractTruncated = "truncated"       // a fence opened and never closed
	ExtractDiff      = "diff_only"       // the only code is a unified diff
	ExtractEmpty     = "empty"           // no code found
)

// ExtractStatuses lists every extraction outcome with its meaning, in
// the order to show them (the README, perfcon's help, report cells).
var ExtractStatuses = []struct{ Name, Meaning string }{
	{ExtractFenced, "the answer's one fenced code block was taken"},
	{ExtractMultiple, "the answer had several fenced blocks; the one that best rewrites the task's code was taken"},
	{ExtractUnfenced, "the answer had no fence and reads as code: its code was taken, without the prose lines before and after it"},
	{ExtractTruncated, "the block taken opened and never closed: the answer was cut inside its code"},
	{ExtractDiff, "the answer's only code is a unified diff: no code was taken"},
	{ExtractEmpty, "the answer holds no code"},
}

type block struct {
	tag    string
	code   string
	closed bool
}

var languageTags = map[string][]string{
	"python": {"python", "py", "python3", "py3"},
	"go":     {"go", "golang"},
	"cpp":    {"cpp", "c++", "cc", "cxx", "c", "hpp", "h"},
	"c":      {"c", "h"},
}

// languageName reports whether a line is only a language's name as a
// fence tags it: "python", "go", "cpp", "c++".
func languageName(line string) bool {
	line = strings.ToLower(strings.TrimSpace(line))
	for _, tags := range languageTags {
		if slices.Contains(tags, line) {
			return true
		}
	}
	return false
}

// nonCodeTags name blocks that hold no program: shell sessions, output,
// data and patches.
var nonCodeTags = map[string]bool{
	"text": true, "txt": true, "plaintext": true, "plain": true, "output": true, "log": true,
	"bash": true, "sh": true, "shell": true, "zsh": true, "console": true, "shell-session": true,
	"powershell": true, "cmd": true, "json": true, "yaml": true, "yml": true, "toml": true,
	"ini": true, "csv": true, "markdown": true, "md": true, "diff": true, "patch": true,
}

// Code extracts the code of a generation from a model's answer (its
// reasoning already removed) to a task in language whose entry point is
// symbol (maybe qualified, "pkg.Func" or "Class::method") and whose code
// was codeBefore.
//
// Of several fenced blocks it takes the one that best rewrites the
// task's code, comparing in turn: a block tagged with the task's
// language or untagged beats one tagged with another language, which
// beats a shell session, output or data; then one that defines symbol;
// then one that differs from codeBefore (a copy of the original loses
// to the rewrite); then one that defines more of codeBefore's top-level
// names (a whole file beats a snippet); then, of blocks that define
// symbol, one that closed (a whole file beats a copy of it cut at the
// token bound); then one with imports, when codeBefore has them; then
// the later one (a rewrite comes after what it rewrites). A block that
// is a unified diff is never taken: an answer whose only code is diffs
// gives none, and ExtractDiff. A block tagged markdown, md, text or txt
// that holds fenced blocks (````markdown around ```python) counts as
// those blocks. See fencedBlocks for how a block's code is read.
//
// An answer without fences is taken when most of its lines read as
// code, without the prose lines before and after the code (a lead-in
// "Here's the optimized code:", a closing paragraph; see proseLine) and
// without a first line that is only a language's name ("python", left of
// a fence by a client that stripped markdown).
func Code(answer, language, symbol, codeBefore string) (code, status string) {
	blocks := unwrapBlocks(fencedBlocks(answer))
	if len(blocks) == 0 {
		c := strings.TrimSpace(answer)
		switch {
		case c == "":
			return "", ExtractEmpty
		case diffHeaders(c):
			return "", ExtractDiff
		}
		if !looksLikeCode(c) {
			return "", ExtractEmpty
		}
		c = strings.TrimSpace(withoutProse(c))
		if first, rest, ok := strings.Cut(c, "\n"); ok && languageName(first) {
			// What is left of a fence whose backticks a client stripped.
			c = strings.TrimSpace(withoutProse(rest))
		}
		if c == "" {
			return "", ExtractEmpty
		}
		return c + "\n", ExtractUnfenced
	}
	best, status := pick(blocks, language, symbol, codeBefore)
	if status != "" {
		return "", status
	}
	code = strings.TrimSpace(best.code)
	switch {
	case !best.closed:
		status = ExtractTruncated
	case len(blocks) > 1:
		status = ExtractMultiple
	default:
		status = ExtractFenced
	}
	return withNewline(best.code, code), status
}

// pick chooses the block Code takes, or says why there is none:
// ExtractDiff or ExtractEmpty.
func pick(blocks []block, language, symbol, codeBefore string) (block, string) {
	var name, flatBefore string
	var before map[string]bool
	var beforeHasImports bool
	if len(blocks) > 1 {
		name, flatBefore = symbolName(symbol), withoutSpace(codeBefore)
		before, beforeHasImports = definedNames(codeBefore, language), hasImports(codeBefore, language)
	}
	var best block
	var bestRank [6]int
	found, diffs := false, false
	for _, b := range blocks {
		code := strings.TrimSpace(b.code)
		if code == "" {
			continue
		}
		tag := tagLanguage(b.tag)
		if tag == "diff" || tag == "patch" || isDiff(code) {
			diffs = true
			continue
		}
		if len(blocks) == 1 { // nothing to compare it with
			return b, ""
		}
		// r ranks the block: its tag, whether it defines symbol, whether
		// it differs from codeBefore, how many of codeBefore's names it
		// defines, whether it closed (when it defines symbol), and
		// whether it has imports.
		var r [6]int
		switch {
		case tag == "" || slices.Contains(languageTags[language], tag):
			r[0] = 2
		case !nonCodeTags[tag]:
			r[0] = 1
		}
		if name != "" && definesSymbol(code, language, name) {
			r[1] = 1
		}
		if withoutSpace(code) != flatBefore {
			r[2] = 1
		}
		if len(before) > 0 {
			names := definedNames(code, language)
			for n := range before {
				if names[n] {
					r[3]++
				}
			}
		}
		if r[1] == 1 && b.closed {
			r[4] = 1 // a whole copy beats a repeat of it cut at the token bound
		}
		if beforeHasImports && hasImports(code, language) {
			r[5] = 1
		}
		// Ties go to the later block.
		if !found || slices.Compare(r[:], bestRank[:]) >= 0 {
			best, bestRank, found = b, r, true
		}
	}
	switch {
	case found && (bestRank[0] > 0 || !diffs):
		return best, ""
	case diffs:
		return block{}, ExtractDiff
	}
	return block{}, ExtractEmpty
}

// tagLanguage is the language word of a fence's info string: "python"
// of "python title=solution.py".
func tagLanguage(tag string) string {
	if i := strings.IndexAny(tag, " \t{:,;"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// isDiff tells a unified diff from code: it has a diff's headers, or
// most of its lines are added or removed ones.
func isDiff(code string) bool {
	if diffHeaders(code) {
		return true
	}
	lines, changed := 0, 0
	for line := range strings.Lines(code) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		lines++
		if line[0] == '+' || line[0] == '-' {
			changed++
		}
	}
	return changed >= 2 && 2*changed > lines
}

// diffHeaders reports whether s has a unified diff's headers: a hunk
// header, a git diff line, or a pair of file headers.
func diffHeaders(s string) bool {
	minus, plus := false, false
	for line := range strings.Lines(s) {
		switch {
		case strings.HasPrefix(line, "@@ ") || strings.HasPrefix(line, "diff --git "):
			return true
		case strings.HasPrefix(line, "--- "):
			minus = true
		case strings.HasPrefix(line, "+++ "):
			plus = true
		}
	}
	return minus && plus
}

// withoutSpace is s with every space removed, to compare code modulo
// layout.
func withoutSpace(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// withNewline is code, which TrimSpace cut from s, ending in one
// newline: a part of s when a newline follows code there.
func withNewline(s, code string) string {
	start := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	if end := start + len(code); end < len(s) && s[end] == '\n' {
		return s[start : end+1]
	}
	return code + "\n"
}

// fencedBlocks finds the fenced blocks of s; each block's code is the
// text between its fences, as it is in s, with two exceptions. A block
// whose opening fence is indented (a fence in a list item) is dedented
// by the fence's indentation when each of its lines that is not blank
// starts with it. A block with no closing fence line before the end of s,
// or before a fence line with a tag (the next block's), closes at its
// first line that ends in the closing fence ("}```"), the fence cut from
// the code; with none either, it takes the rest of s and is not closed.
// CodeLlama's tags, [PYTHON] ... [/PYTHON], fence a block too (see
// bracketTag and bracketBlock).
func fencedBlocks(s string) []block {
	var blocks []block
	for pos := 0; pos < len(s); {
		end := lineEnd(s, pos)
		line := s[pos:end]
		trimmed := strings.TrimSpace(line)
		fence := fenceOf(trimmed)
		if fence == "" {
			if tag, closing := bracketTag(s, trimmed, end); closing != "" {
				var b block
				b, pos = bracketBlock(s, end, tag, closing)
				blocks = append(blocks, b)
				continue
			}
			pos = end
			continue
		}
		b := block{tag: strings.ToLower(strings.TrimSpace(strings.TrimLeft(trimmed, fence[:1])))}
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		start, code := end, ""
		pos = len(s)
		glued, gluedNext := -1, 0 // the first line ending in the fence
		for p := start; p < len(s); {
			e := lineEnd(s, p)
			t := strings.TrimSpace(s[p:e])
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				code, b.closed, pos = s[start:p], true, e
				break
			}
			if glued < 0 {
				glued, gluedNext = gluedFence(s[p:e], fence), e
				if glued >= 0 {
					glued += p
				}
			} else if f := fenceOf(t); f != "" && strings.TrimLeft(t, f[:1]) != "" {
				break // a tagged fence opens the next block: the glued one closed this
			}
			p = e
		}
		if !b.closed {
			if glued >= 0 {
				code, b.closed, pos = strings.TrimRight(s[start:glued], " \t")+"\n", true, gluedNext
			} else {
				code = s[start:]
			}
		}
		b.code = dedent(code, indent)
		blocks = append(blocks, b)
	}
	return blocks
}

// bracketTags are the tags CodeLlama and its kin wrap code in instead of
// a fence, [PYTHON] ... [/PYTHON], with the language each names.
var bracketTags = map[string]string{"python": "python", "py": "python", "go": "go", "golang": "go",
	"cpp": "cpp", "c++": "cpp", "c": "c", "code": ""}

// bracketTag reads a line (trimmed) that opens a block in brackets,
// which ends at end of s: the block's language tag and the line that
// closes it, or no closing when the line opens none. The tag is in
// capitals ("[PYTHON]"), or its closing line follows.
func bracketTag(s, line string, end int) (tag, closing string) {
	if len(line) < 3 || line[0] != '[' || line[len(line)-1] != ']' {
		return "", ""
	}
	name := line[1 : len(line)-1]
	tag, ok := bracketTags[strings.ToLower(name)]
	if !ok {
		return "", ""
	}
	closing = "[/" + strings.ToUpper(name) + "]"
	if name != strings.ToUpper(name) && !strings.Contains(strings.ToUpper(s[end:]), closing) {
		return "", ""
	}
	return tag, closing
}

// bracketBlock reads the block in brackets whose code starts at start of
// s and that closing closes: the block, and where the text after it
// starts. The closing tag is a line of its own or ends a line of code
// ("return x[/PYTHON]"); without one the block takes the rest of s and
// is not closed.
func bracketBlock(s string, start int, tag, closing string) (block, int) {
	b := block{tag: tag}
	for p := start; p < len(s); {
		e := lineEnd(s, p)
		line := strings.TrimRight(s[p:e], " \t\r\n")
		if at := len(line) - len(closing); at >= 0 && strings.EqualFold(line[at:], closing) {
			b.code, b.closed = s[start:p], true
			if code := strings.TrimRight(line[:at], " \t"); strings.TrimSpace(code) != "" {
				b.code += code + "\n"
			}
			return b, e
		}
		p = e
	}
	b.code = s[start:]
	return b, len(s)
}

// gluedFence returns where in line, a line of code, a closing fence of
// fence glued to the code ("}```") starts, or -1.
func gluedFence(line, fence string) int {
	text := strings.TrimRight(line, " \t\r\n")
	run := len(text) - len(strings.TrimRight(text, fence[:1]))
	if run >= len(fence) && strings.TrimSpace(text[:len(text)-run]) != "" {
		return len(text) - run
	}
	return -1
}

// dedent cuts indent from the start of each line of code, when each
// line that is not blank starts with it; a blank line loses its spaces.
func dedent(code, indent string) string {
	if indent == "" {
		return code
	}
	for line := range strings.Lines(code) {
		if strings.TrimSpace(line) != "" && !strings.HasPrefix(line, indent) {
			return code
		}
	}
	var b strings.Builder
	b.Grow(len(code))
	for line := range strings.Lines(code) {
		if l, ok := strings.CutPrefix(line, indent); ok {
			b.WriteString(l)
		} else {
			b.WriteString(strings.TrimLeft(line, " \t"))
		}
	}
	return b.String()
}

// wrapperTags tag blocks that models wrap their answer in, fences and
// all: ````markdown around ```python.
var wrapperTags = map[string]bool{"markdown": true, "md": true, "text": true, "txt": true}

// unwrapBlocks replaces each wrapper block that holds fenced blocks with
// them. A wrapper that closed closes the last of them.
func unwrapBlocks(blocks []block) []block {
	wrapped := false
	for _, b := range blocks {
		wrapped = wrapped || wrapperTags[tagLanguage(b.tag)]
	}
	if !wrapped {
		return blocks
	}
	var out []block
	for _, b := range blocks {
		inner := []block(nil)
		if wrapperTags[tagLanguage(b.tag)] {
			inner = fencedBlocks(b.code)
		}
		if len(inner) == 0 {
			out = append(out, b)
			continue
		}
		if b.closed {
			inner[len(inner)-1].closed = true
		}
		out = append(out, inner...)
	}
	return out
}

// fenceOf returns the fence a line opens (``` or ~~~, three or more), or "".
func fenceOf(line string) string {
	for _, ch := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, ch))
		if n >= 3 {
			return strings.Repeat(ch, n)
		}
	}
	return ""
}

// looksLikeCode tells an unfenced program from a prose answer: at least
// half its lines read as code. Words alone don't tell ("returning" holds
// "return"), but prose lines seldom start indented or with a keyword, or
// end as statements and blocks do.
func looksLikeCode(s string) bool {
	lines, code := 0, 0
	for line := range strings.Lines(s) {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		lines++
		if codeLine(line, trimmed) {
			code++
		}
	}
	return code > 0 && 2*code >= lines
}

// codeStarts are how lines of code start, and codeEnds how they end.
var (
	codeStarts = []string{"def ", "class ", "import ", "from ", "return", "if ", "for ", "while ", "with ",
		"try:", "else", "elif ", "except", "async ", "@", "func ", "package ", "type ", "var ", "const ",
		"#include", "#define", "#pragma", "struct ", "static ", "template", "using ", "namespace ", "std::",
		"//", "/*", "}", "{"}
	codeEnds = []string{"{", "}", ";", ":", ")", "(", ",", "[", "]"}
)

// codeLine reports whether a line (and trimmed, it trimmed) reads as
// code: indented other than as a list item, or starting or ending as
// code does.
func codeLine(line, trimmed string) bool {
	if line[0] == ' ' || line[0] == '\t' {
		return !strings.HasPrefix(trimmed, "- ") && !strings.HasPrefix(trimmed, "* ")
	}
	for _, p := range codeStarts {
		if strings.HasPrefix(trimmed, p) {
			return true
		}
	}
	for _, e := range codeEnds {
		if strings.HasSuffix(trimmed, e) {
			return true
		}
	}
	return false
}

// withoutProse cuts the prose, and the blank lines, before and after the
// code of an unfenced answer: prose lines (see proseLine) and paragraphs
// of prose (see proseParagraph).
func withoutProse(s string) string {
	start, end := 0, len(s)
	for start < end {
		e := lineEnd(s, start)
		line := s[start:e]
		if p := paragraphEnd(s, start, end); proseParagraph(s[start:p], true) {
			start = p
			continue
		}
		if strings.TrimSpace(line) == "" || proseLine(line) {
			start = e
			continue
		}
		break
	}
	for end > start {
		b := lineStart(s, start, end)
		line := s[b:end]
		if p := paragraphStart(s, start, end); proseParagraph(s[p:end], false) {
			end = p
			continue
		}
		if strings.TrimSpace(line) == "" || proseLine(line) {
			end = b
			continue
		}
		break
	}
	return s[start:end]
}

// lineStart returns where the last line of s[start:end] starts.
func lineStart(s string, start, end int) int {
	return strings.LastIndexByte(s[start:end-1], '\n') + start + 1
}

// paragraphEnd returns where the paragraph that starts at start ends: at
// the blank line after it, or at end.
func paragraphEnd(s string, start, end int) int {
	for p := start; p < end; {
		e := lineEnd(s, p)
		if strings.TrimSpace(s[p:e]) == "" {
			return p
		}
		p = e
	}
	return end
}

// paragraphStart returns where the paragraph that ends at end starts:
// after the blank line before it, or at start.
func paragraphStart(s string, start, end int) int {
	for p := end; p > start; {
		b := lineStart(s, start, p)
		if strings.TrimSpace(s[b:p]) == "" {
			return p
		}
		p = b
	}
	return start
}

// proseParagraph reports whether a paragraph of two lines or more
// around an unfenced answer's code is prose: its first line is prose or
// starts a sentence (see sentenceStart), its last ends one ('.', '!',
// '?', or, leading the code, ':' after two words that start no code),
// and none of its lines is indented, holds '=' outside `code` spans, or
// ends as code does (one of "{}()[];", or ':' before the last line). The
// lines between, wrapped, may start as code does ("with std::endl, so
// ...").
func proseParagraph(p string, leading bool) bool {
	first := p[:lineEnd(p, 0)]
	if !proseLine(first) && !sentenceStart(first) {
		return false
	}
	n, last := 0, ""
	for line := range strings.Lines(p) {
		if n > 0 && strings.HasSuffix(last, ":") {
			return false
		}
		if line[0] == ' ' || line[0] == '\t' || strings.ContainsRune(withoutCodeSpans(line), '=') {
			return false
		}
		last, n = strings.TrimRight(strings.TrimSpace(line), "*_`"), n+1
		if last == "" || strings.IndexByte("{}()[];", last[len(last)-1]) >= 0 {
			return false
		}
	}
	if n < 2 {
		return false
	}
	switch last[len(last)-1] {
	case '.', '!', '?':
		return true
	case ':':
		body, _, _ := proseStart(last)
		return leading && len(strings.Fields(body)) >= 2
	}
	return false
}

// codeWords are first words of code lines that codeStarts leaves out.
var codeWords = map[string]bool{"assert": true, "raise": true, "del": true, "global": true, "nonlocal": true,
	"pass": true, "break": true, "continue": true, "yield": true, "await": true, "print": true, "lambda": true,
	"not": true, "match": true, "case": true, "default": true, "goto": true, "switch": true, "do": true,
	"throw": true, "delete": true, "new": true, "auto": true, "int": true, "void": true, "char": true,
	"bool": true, "unsigned": true, "signed": true, "long": true, "short": true, "double": true, "float": true,
	"extern": true, "inline": true, "typedef": true, "enum": true, "union": true, "public": true,
	"private": true, "protected": true, "virtual": true, "friend": true, "constexpr": true, "go": true,
	"defer": true, "select": true, "fallthrough": true, "sizeof": true, "operator": true}

// proseLine reports whether a line of an unfenced answer around its code
// is prose: it starts as prose does (see proseStart), and it is a
// heading, or a sentence of two words at least or a capitalised one
// ("Here's the optimized code:", "This version flushes once.", "Done."),
// with none of "={}#" and "//" before its '.', '!' or '?', or none of
// "([{=" before its ':', outside `code` spans; or, of three words at
// least, it ends as no code does and has none of "=(){}[];\"".
func proseLine(line string) bool {
	body, first, heading := proseStart(line)
	switch {
	case body == "":
		return false
	case heading:
		return true
	}
	t := strings.TrimSpace(line)
	words := len(strings.Fields(body))
	end := strings.TrimRight(t, "*_`")
	text := withoutCodeSpans(t)
	switch end[len(end)-1] {
	case '.', '!', '?':
		return (words >= 2 || unicode.IsUpper(first)) && !strings.ContainsAny(text, "={}#") && !strings.Contains(text, "//")
	case ':':
		return (words >= 2 || unicode.IsUpper(first)) && !strings.ContainsAny(text, "([{=")
	}
	return words >= 3 && !codeLine(line, t) && !strings.ContainsAny(text, "=(){}[];\"")
}

// proseStart reads how a line starts, as prose does: not indented, with
// a word (after a list marker, a markdown heading's "##" or emphasis)
// that starts no code. It returns the text from that word, which is ""
// when the line does not start as prose, the word's first letter, and
// whether the line is a heading.
func proseStart(line string) (body string, first rune, heading bool) {
	if line == "" || line[0] == ' ' || line[0] == '\t' {
		return "", 0, false
	}
	body = strings.TrimLeft(strings.TrimSpace(line), "*_>")
	if b, ok := strings.CutPrefix(body, "- "); ok {
		body = b
	} else if d := digits(body, 0); d > 0 && d+1 < len(body) && body[d] == '.' && body[d+1] == ' ' {
		body = body[d+2:]
	}
	if h := len(body) - len(strings.TrimLeft(body, "#")); h >= 2 && h <= 6 && h < len(body) && body[h] == ' ' {
		body, heading = body[h:], true // a markdown heading: "## Optimized code"
	}
	body = strings.TrimLeft(body, " *_")
	first, _ = utf8.DecodeRuneInString(body)
	if !unicode.IsLetter(first) {
		return "", 0, false
	}
	if heading {
		return body, first, true
	}
	for _, p := range codeStarts {
		if strings.HasPrefix(body, p) {
			return "", 0, false
		}
	}
	if codeWords[ident(body)] {
		return "", 0, false
	}
	return body, first, false
}

// sentenceStart reports whether a line starts a sentence wrapped over
// lines: it starts as prose with a capital, has three words at least, and
// none of "=(){}[]" outside `code` spans.
func sentenceStart(line string) bool {
	body, first, _ := proseStart(line)
	return body != "" && unicode.IsUpper(first) && len(strings.Fields(body)) >= 3 &&
		!strings.ContainsAny(withoutCodeSpans(line), "=(){}[]")
}

// withoutCodeSpans is a line of prose without its `code` spans.
func withoutCodeSpans(s string) string {
	if strings.Count(s, "`") < 2 {
		return s
	}
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 0 {
			b.WriteString(part)
		}
	}
	return b.String()
}
