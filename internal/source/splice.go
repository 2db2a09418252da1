package source

import (
	"fmt"
	"strings"
)

// Find is the function symbol of the file src: the one whose qualified
// name is symbol, else the one whose name and symbol agree in their last
// parts, however many the shorter has: "DecompressAllTags" and
// "SnappyDecompressor::DecompressAllTags" find
// "snappy::SnappyDecompressor::DecompressAllTags", and
// "pugi::impl::xml_parser::parse_tree" finds "xml_parser::parse_tree"
// where the parser could not see the namespaces (a macro opened them).
// "T.Method" finds a Go method of T. Where several agree, the one that
// agrees in more parts is taken; overloads of one name are one too many:
// the error names them.
func Find(lang string, src []byte, symbol string) (Func, error) {
	fs, err := Functions(lang, src)
	if err != nil {
		return Func{}, err
	}
	want := nameParts(symbol)
	best, bestN := []Func(nil), 0
	for _, f := range fs {
		n := commonTail(want, nameParts(f.Symbol))
		if f.Symbol == symbol {
			n = len(want) + 1 // exact: above any tail
		}
		switch {
		case n == 0 || n < bestN:
		case n > bestN:
			best, bestN = []Func{f}, n
		default:
			best = append(best, f)
		}
	}
	switch len(best) {
	case 1:
		return best[0], nil
	case 0:
		return Func{}, fmt.Errorf("no function %s in it", symbol)
	}
	var where []string
	for _, f := range best {
		where = append(where, fmt.Sprintf("%s at line %d", f.Symbol, f.Line))
	}
	return Func{}, fmt.Errorf("%d functions named %s in it (%s): name one", len(best), symbol, strings.Join(where, ", "))
}

// nameParts splits a qualified name at "::" and ".".
func nameParts(s string) []string {
	return strings.FieldsFunc(strings.ReplaceAll(s, "::", "."), func(r rune) bool { return r == '.' })
}

// commonTail is how many last parts a and b share, when the shorter of
// them is all shared; else 0.
func commonTail(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	if n < min(len(a), len(b)) {
		return 0
	}
	return n
}

// Extract is the text of function f of src from the start of its first
// line, with the indentation of that line taken off every line that has
// it, and a line end at its end, as a file's text and a model's answer
// have: a method reads as a function, and Splice puts it back where it
// was.
func Extract(src []byte, f Func) string {
	start := lineOf(src, f.Start)
	indent := string(src[start:f.Start])
	if strings.TrimSpace(indent) != "" {
		// Code ahead of it on its line: take the function alone.
		return string(src[f.Start:f.End]) + "\n"
	}
	lines := strings.SplitAfter(string(src[start:f.End]), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, indent)
	}
	return strings.TrimRight(strings.Join(lines, ""), "\n") + "\n"
}

// Splice is src with code in place of function f, indented as f was: its
// own indentation (that of its first line that has any text) is taken
// off first, so a method given back at the left margin, or indented
// otherwise, lands where f stood.
func Splice(src []byte, f Func, code string) []byte {
	start := lineOf(src, f.Start)
	indent := string(src[start:f.Start])
	if strings.TrimSpace(indent) != "" {
		start, indent = f.Start, ""
	}
	lines := strings.SplitAfter(strings.TrimRight(code, "\n"), "\n")
	own := ""
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			own = l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			break
		}
	}
	var b strings.Builder
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			b.WriteString(strings.TrimLeft(l, " \t"))
			continue
		}
		b.WriteString(indent)
		b.WriteString(strings.TrimPrefix(l, own))
	}
	out := make([]byte, 0, len(src)+len(code))
	out = append(out, src[:start]...)
	out = append(out, b.String()...)
	return append(out, src[f.End:]...)
}

func lineOf(src []byte, i int) int {
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	return i
}

// Marker stands for the function in the file Context shows.
const Marker = "<<< the function to rewrite goes here >>>"

// Context is the file src around function f, for a model rewriting f
// where it lives: the file with f's text replaced by Marker (at f's
// indentation), at most limit bytes. A longer file keeps its head (the
// imports and the first declarations) and the lines around f, and says
// where it was cut.
func Context(src []byte, f Func, limit int) string {
	start := lineOf(src, f.Start)
	indent := string(src[start:f.Start])
	if strings.TrimSpace(indent) != "" {
		start, indent = f.Start, ""
	}
	head, tail := string(src[:start]), string(src[f.End:])
	mark := indent + Marker
	if len(head)+len(mark)+len(tail) <= limit {
		return head + mark + tail
	}
	const cut = "\n... (cut here)\n"
	// A third of the room for the head, the rest around f, more of it
	// before f (its class, the helpers above it) than after.
	room := max(0, limit-len(mark)-3*len(cut))
	top := room / 3
	before, after := room/3, room/3
	if len(tail) < after {
		before += after - len(tail)
		after = len(tail)
	}
	var b strings.Builder
	if len(head) <= top+before {
		b.WriteString(head)
	} else {
		b.WriteString(upToLine(head[:top]))
		b.WriteString(cut)
		b.WriteString(fromLine(head[len(head)-before:]))
	}
	b.WriteString(mark)
	if len(tail) <= after {
		b.WriteString(tail)
	} else {
		b.WriteString(upToLine(tail[:after]))
		b.WriteString(cut)
	}
	return b.String()
}

// upToLine is s up to its last line end; fromLine is s from its first
// line start.
func upToLine(s string) string { return s[:strings.LastIndexByte(s, '\n')+1] }

func fromLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return ""
}
