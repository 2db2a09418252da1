package prompt

import (
	"strings"
	"unicode"
)

// Extraction outcomes, recorded as generations.extract_status.
const (
	ExtractFenced    = "fenced"          // one fenced block
	ExtractMultiple  = "multiple_blocks" // several; the best was taken
	ExtractUnfenced  = "unfenced"        // no fence; the answer taken as code
	ExtractTruncated = "truncated"       // a fence opened and never closed
	ExtractEmpty     = "empty"           // no code found
)

type block struct {
	tag    string
	code   string
	closed bool
}

var languageTags = map[string][]string{
	"python": {"python", "py", "python3"},
	"go":     {"go", "golang"},
	"cpp":    {"cpp", "c++", "cc", "cxx", "c", "hpp"},
	"c":      {"c", "h"},
}

// Code extracts the code of a generation from a model's answer, preferring
// a block tagged with the task's language, then the one that defines
// symbol, then the longest.
func Code(answer, language, symbol string) (code, status string) {
	blocks := fencedBlocks(answer)
	if len(blocks) == 0 {
		c := strings.TrimSpace(answer)
		if c == "" || !looksLikeCode(c) {
			return "", ExtractEmpty
		}
		return withNewline(answer, c), ExtractUnfenced
	}
	best := pick(blocks, language, symbol)
	code = strings.TrimSpace(best.code)
	switch {
	case code == "":
		return "", ExtractEmpty
	case !best.closed:
		status = ExtractTruncated
	case len(blocks) > 1:
		status = ExtractMultiple
	default:
		status = ExtractFenced
	}
	return withNewline(best.code, code), status
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

func pick(blocks []block, language, symbol string) block {
	score := func(b block) int {
		s := 0
		for _, t := range languageTags[language] {
			if b.tag == t {
				s += 4
			}
		}
		if symbol != "" && strings.Contains(b.code, symbol) {
			s += 2
		}
		if b.closed {
			s++
		}
		return s
	}
	best := blocks[0]
	for _, b := range blocks[1:] {
		if sb, sbest := score(b), score(best); sb > sbest || (sb == sbest && len(b.code) > len(best.code)) {
			best = b
		}
	}
	return best
}

// looksLikeCode tells an unfenced program from a prose answer.
func looksLikeCode(s string) bool {
	for _, kw := range []string{"def ", "import ", "func ", "package ", "#include", "return", "class ", "{", "};"} {
		if strings.Contains(s, kw) {
			return true
		}
	}
	return false
}
