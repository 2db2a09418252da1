package prompt

import (
	"strings"
	"unicode"
)

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
//
// Line ends are read as "\n" ("\r\n" becomes "\n" in Text and
// Reasoning), and the chat template's special tokens a server leaves at
// the start or end of content or field (<|im_end|>, <|eot_id|>,
// <|end|>, <|assistant|>, a last </s>: see trimSpecialTokens) are no
// part of either. A token that ends a turn with text after it ends
// content or field there: what follows is a model running on into the
// next turns ("```<|im_end|>\n<|im_start|>user\nThanks!"; see
// endOfTurn).
func Split(content, field string) Answer {
	var a Answer
	var reasoning []string
	content, field = cleanAnswer(content), cleanAnswer(field)
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

// cleanAnswer is s with "\r\n" read as "\n", cut at the end of its
// turn (see endOfTurn), and without the special tokens at its ends.
func cleanAnswer(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	if at := endOfTurn(s); at >= 0 {
		s = s[:at]
	}
	return trimSpecialTokens(s)
}

// endTurnTokens end a model's turn: ChatML's, Llama 3's, Phi's, GPT's,
// DeepSeek Coder's and DeepSeek's, Gemma's, and Llama 2's and Mistral's.
var endTurnTokens = []string{"<|im_end|>", "<|eot_id|>", "<|end|>", "<|endoftext|>", "<|EOT|>",
	"<\uff5cend\u2581of\u2581sentence\uff5c>", "<end_of_turn>", "</s>"}

// endOfTurn returns where the answer s ends, at the first token that
// ends a turn with text after it, or -1: a server that let the model run
// on past its turn sends the next turns too (<|im_end|> then
// "<|im_start|>user\nThanks!"). The token ends its line, or another
// special token follows it at once; in a fenced block it is also alone on
// its line, glued to a fence ("```<|im_end|>", whose line is then "```")
// or followed by a line that starts with a special token (a turn's
// header, "<|im_start|>user"), since a line of code may end with one
// ("# strip </s>"). A "</s>" after an "<s>" on its line closes that tag.
func endOfTurn(s string) int {
	first := -1 // the first token's index: most answers have none
	for i := 0; i < len(s); i++ {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			break
		}
		if i += k; endTurnTokenAt(s, i) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return -1
	}
	fence := ""
	for pos := 0; pos < len(s); {
		end := lineEnd(s, pos)
		line := s[pos:end]
		if end > first && strings.IndexByte(line, '<') >= 0 {
			for i := 0; i < len(line); i++ {
				k := strings.IndexByte(line[i:], '<')
				if k < 0 {
					break
				}
				i += k
				n := endTurnTokenAt(line, i)
				if n == 0 || strings.TrimSpace(s[pos+i+n:]) == "" {
					continue
				}
				rest := strings.TrimSpace(line[i+n:])
				before := strings.TrimSpace(line[:i])
				switch {
				case rest != "" && specialTokenAfter(rest) == 0:
					continue // text follows on its line: a mention
				case line[i+1] == '/' && strings.Contains(line[:i], "<s>"):
					continue
				case fence != "" && rest == "" && before != "" && strings.Trim(before, fence[:1]) != "" &&
					specialTokenAfter(strings.TrimLeftFunc(s[end:], unicode.IsSpace)) == 0:
					continue // a line of code that ends with one, and no turn after it
				}
				return pos + i
			}
		}
		trimmed := strings.TrimSpace(line)
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]) == "" {
				fence = ""
			}
		} else {
			fence = fenceOf(trimmed)
		}
		pos = end
	}
	return -1
}

// endTurnTokenAt is the length of the token of endTurnTokens at i of s,
// or 0.
func endTurnTokenAt(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	switch s[i+1] { // what the tokens' second bytes are
	case '|', '/', 'e', "\uff5c"[0]:
	default:
		return 0
	}
	for _, t := range endTurnTokens {
		if strings.HasPrefix(s[i:], t) {
			return len(t)
		}
	}
	return 0
}

// Special tokens of chat templates a server may leave in an answer: at
// its end, the turn's end (<|im_end|>, <|eot_id|>, <|end|>,
// <|endoftext|>, DeepSeek's <｜end▁of▁sentence｜>, Gemma's
// <end_of_turn>, Llama 2's and Mistral's </s>); at its start, a role's
// header (<|assistant|>, <|im_start|>assistant,
// <|start_header_id|>assistant<|end_header_id|>, <s>).
var (
	endTokens   = []string{"</s>", "<eos>", "<end_of_turn>"}
	startTokens = []string{"<s>", "<bos>", "<start_of_turn>model", "<start_of_turn>"}
)

// maxToken bounds a special token's length: a longer "<|...|>" is text.
const maxToken = 64

// trimSpecialTokens cuts the special tokens at the ends of s, and the
// space around them; s is returned as it is when it has none.
func trimSpecialTokens(s string) string {
	if strings.IndexByte(s, '<') < 0 {
		return s
	}
	out := s
	for {
		t := strings.TrimRightFunc(out, unicode.IsSpace)
		n := specialTokenBefore(t)
		if n == 0 {
			break
		}
		out = t[:len(t)-n]
	}
	for {
		t := strings.TrimLeftFunc(out, unicode.IsSpace)
		n := specialTokenAfter(t)
		if n == 0 {
			break
		}
		out = t[n:]
	}
	if len(out) == len(s) {
		return s
	}
	return out
}

// specialTokenBefore is the length of the special token s ends with, or 0.
func specialTokenBefore(s string) int {
	for _, t := range endTokens {
		if len(s) >= len(t) && strings.EqualFold(s[len(s)-len(t):], t) {
			return len(t)
		}
	}
	for _, b := range [][2]string{{"<|", "|>"}, {"<\uff5c", "\uff5c>"}} {
		if !strings.HasSuffix(s, b[1]) {
			continue
		}
		body := s[:len(s)-len(b[1])]
		if i := strings.LastIndex(body, b[0]); i >= 0 && tokenBody(body[i+len(b[0]):]) {
			return len(s) - i
		}
	}
	return 0
}

// specialTokenAfter is the length of the special token s starts with,
// with the role's name after a header token ("<|im_start|>assistant"),
// or 0.
func specialTokenAfter(s string) int {
	for _, t := range startTokens {
		if len(s) >= len(t) && strings.EqualFold(s[:len(t)], t) {
			return len(t)
		}
	}
	for _, b := range [][2]string{{"<|", "|>"}, {"<\uff5c", "\uff5c>"}} {
		if !strings.HasPrefix(s, b[0]) {
			continue
		}
		rest := s[len(b[0]):]
		if j := strings.Index(rest, b[1]); j >= 0 && tokenBody(rest[:j]) {
			n := len(b[0]) + j + len(b[1])
			if name := strings.ToLower(rest[:j]); name == "im_start" || name == "start_header_id" {
				if r := s[n:]; len(r) >= len("assistant") && strings.EqualFold(r[:len("assistant")], "assistant") {
					n += len("assistant")
				}
			}
			return n
		}
	}
	return 0
}

// tokenBody reports whether s can be the name inside a special token's
// brackets: a short run without space or angle brackets.
func tokenBody(s string) bool {
	if s == "" || len(s) > maxToken {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || r == '<' || r == '>' {
			return false
		}
	}
	return true
}
