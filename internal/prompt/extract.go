package prompt

import (
	"slices"
	"strings"
	"unicode"
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
	{ExtractUnfenced, "the answer had no fence and reads as code: all of it was taken"},
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
// names (a whole file beats a snippet); then one with imports, when
// codeBefore has them; then the later one (a rewrite comes after what it
// rewrites). A block that is a unified diff is never taken: an answer
// whose only code is diffs gives none, and ExtractDiff. An answer
// without fences is taken whole when most of its lines read as code.
func Code(answer, language, symbol, codeBefore string) (code, status string) {
	blocks := fencedBlocks(answer)
	if len(blocks) == 0 {
		c := strings.TrimSpace(answer)
		switch {
		case c == "":
			return "", ExtractEmpty
		case diffHeaders(c):
			return "", ExtractDiff
		case !looksLikeCode(c):
			return "", ExtractEmpty
		}
		return withNewline(answer, c), ExtractUnfenced
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
	var bestRank [5]int
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
		// defines, and whether it has imports.
		var r [5]int
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
		if beforeHasImports && hasImports(code, language) {
			r[4] = 1
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
// text between its fences, as it is in s.
func fencedBlocks(s string) []block {
	var blocks []block
	var cur *block
	var fence string
	start := 0 // of the current block's code
	for pos := 0; pos < len(s); {
		end := len(s)
		if nl := strings.IndexByte(s[pos:], '\n'); nl >= 0 {
			end = pos + nl + 1
		}
		trimmed := strings.TrimSpace(s[pos:end])
		switch {
		case cur == nil:
			if f := fenceOf(trimmed); f != "" {
				fence, start = f, end
				cur = &block{tag: strings.ToLower(strings.TrimSpace(strings.TrimLeft(trimmed, f[:1])))}
			}
		case strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "":
			cur.code, cur.closed = s[start:pos], true
			blocks = append(blocks, *cur)
			cur = nil
		}
		pos = end
	}
	if cur != nil {
		cur.code = s[start:]
		blocks = append(blocks, *cur)
	}
	return blocks
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
