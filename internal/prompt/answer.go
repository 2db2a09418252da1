package prompt

import "strings"

// Answer is a model's answer with its reasoning set apart.
type Answer struct {
	Text      string // the answer without its reasoning: what downstream reads
	Reasoning string // every reasoning block's text, and the reasoning field's, in order, joined by a blank line
	Unclosed  bool   // a reasoning block opened and never closed: the answer was cut inside its reasoning
}

// reasoningTags are the names of the blocks models wrap their reasoning
// in: <think> (Qwen3, DeepSeek-R1 and most open models), <thinking> and
// <reasoning>.
var reasoningTags = []string{"think", "thinking", "reasoning"}

// Split sets the reasoning of content apart; field is the server's
// separate reasoning (reasoning_content), which comes first in Reasoning.
//
// A reasoning block opens with <think>, <thinking> or <reasoning>, in any
// case, at the start of a line, and closes at the first closing tag of
// the same name after it, wherever that falls; there may be several. A
// block that never closes takes the rest of content, and Unclosed is
// set. A closing tag that comes before any opening one, as from servers
// whose chat template puts <think> in the prompt, makes everything before
// it reasoning (even inside a fence, when the tag is a line of its own).
// Other tags inside a fenced code block of the answer are code, not
// reasoning, and so is an opening tag in the middle of a line. Text is
// what is left, trimmed.
func Split(content, field string) Answer {
	var a Answer
	var reasoning []string
	if f := strings.TrimSpace(field); f != "" {
		reasoning = append(reasoning, f)
	}
	// Most answers have no tag at all.
	if !strings.Contains(content, "<") {
		a.Text = strings.TrimSpace(content)
		a.Reasoning = strings.Join(reasoning, "\n\n")
		return a
	}
	var text strings.Builder
	kept := 0       // content[kept:pos] is text not yet written to text
	opened := false // a block has opened: a closing tag before it is not stray
	fence := ""
	for pos := 0; pos < len(content); {
		end := lineEnd(content, pos)
		line := content[pos:end]
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
			// A line that is a closing tag alone is no code: the stray
			// reasoning opened a fence and never closed it.
			if _, n := tagAt(trimmed, 0, true); !opened && n > 0 && n == len(trimmed) {
				fence = ""
			} else {
				pos = end
				continue
			}
		}
		if f := fenceOf(trimmed); f != "" {
			fence = f
			pos = end
			continue
		}
		start := pos + len(line) - len(strings.TrimLeft(line, " \t"))
		if name, n := tagAt(content, start, false); n > 0 {
			text.WriteString(content[kept:start])
			opened = true
			body := start + n
			closeAt, closeLen := closingTag(content, body, name)
			if closeAt < 0 {
				reasoning = appendTrimmed(reasoning, content[body:])
				a.Unclosed = true
				kept = len(content)
				break
			}
			reasoning = appendTrimmed(reasoning, content[body:closeAt])
			kept, pos = closeAt+closeLen, closeAt+closeLen
			continue
		}
		if !opened {
			if at, n := strayClosing(line); at >= 0 {
				// Everything so far was reasoning whose opening tag was
				// in the prompt.
				reasoning = appendTrimmed(reasoning, content[kept:pos+at])
				opened = true
				kept, pos = pos+at+n, pos+at+n
				continue
			}
		}
		pos = end
	}
	text.WriteString(content[kept:])
	a.Text = strings.TrimSpace(text.String())
	a.Reasoning = strings.Join(reasoning, "\n\n")
	return a
}

// lineEnd returns the index just past the line that starts at pos,
// newline included.
func lineEnd(s string, pos int) int {
	if nl := strings.IndexByte(s[pos:], '\n'); nl >= 0 {
		return pos + nl + 1
	}
	return len(s)
}

// appendTrimmed appends s, trimmed, to list unless it is blank.
func appendTrimmed(list []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		list = append(list, s)
	}
	return list
}

// tagAt reads a reasoning tag, opening or (closing true) closing, at i in
// s: its name and length, or 0 when there is none.
func tagAt(s string, i int, closing bool) (name string, n int) {
	j := i
	if j >= len(s) || s[j] != '<' {
		return "", 0
	}
	j++
	if closing {
		if j >= len(s) || s[j] != '/' {
			return "", 0
		}
		j++
	}
	for _, t := range reasoningTags {
		if len(s)-j > len(t) && strings.EqualFold(s[j:j+len(t)], t) && s[j+len(t)] == '>' {
			return t, j + len(t) + 1 - i
		}
	}
	return "", 0
}

// closingTag finds the closing tag of name from i: where it starts and
// its length, or -1.
func closingTag(s string, i int, name string) (at, n int) {
	for i < len(s) {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			break
		}
		i += k
		if t, m := tagAt(s, i, true); m > 0 && t == name {
			return i, m
		}
		i += 2
	}
	return -1, 0
}

// strayClosing finds a closing reasoning tag in line: where and its
// length, or -1.
func strayClosing(line string) (at, n int) {
	for i := 0; i < len(line); {
		k := strings.Index(line[i:], "</")
		if k < 0 {
			break
		}
		i += k
		if _, m := tagAt(line, i, true); m > 0 {
			return i, m
		}
		i += 2
	}
	return -1, 0
}
