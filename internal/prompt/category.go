package prompt

import (
	"strings"
	"unicode/utf8"

	"github.com/perfcon/perfcon/internal/table"
)

// Category reads the last category line of a description: raw is its
// value as written (trimmed of marks), category the known name it maps
// to, or "" when it maps to none.
//
// A category line reads, in any case: marks from [ \t*#>_-], a list
// number ("4." or "4)") and marks from [ \t*_] if any, one word before
// "category" if any ("Final category"), "category", marks from [ \t*_],
// then a separator (':', '=', an en or em dash, or '-' before a space)
// and the value, or nothing else (a heading). A value without a letter,
// and a heading's, is the next line with a letter. The last line with a
// value counts. The value is cut at what follows a name ("x (because
// ...)", "x, since ...", "x - ...", "x. ...") and trimmed of marks and
// quotes; see categoryOf for how it maps to a name.
func Category(description string) (category, raw string) {
	value, found := lastCategory(description)
	if !found {
		return "", ""
	}
	raw = cleanCategory(value)
	return categoryOf(raw), raw
}

// lastCategory returns the value of the last category line with one.
// It reads each line by hand: a regular expression cost microseconds
// per description (FuzzCategory holds the two together).
func lastCategory(s string) (value string, found bool) {
	for pos := 0; pos < len(s); {
		end := lineEnd(s, pos)
		if v, ok := categoryAt(s, pos, lineText(s, pos, end)); ok {
			if !hasLetter(v) {
				v, ok = nextLetterLine(s, end)
			}
			if ok {
				value, found = v, true
			}
		}
		pos = end
	}
	return value, found
}

// lineText returns where the text of the line s[pos:end] stops: before
// its "\n" and a "\r" ahead of it.
func lineText(s string, pos, end int) int {
	if end > pos && s[end-1] == '\n' {
		end--
	}
	if end > pos && s[end-1] == '\r' {
		end--
	}
	return end
}

// categoryAt matches a category line, s[pos:end], and returns its value
// on the line, which may be empty.
func categoryAt(s string, pos, end int) (value string, ok bool) {
	line := s[:end]
	i := skip(line, pos, "\t *#>_-")
	if d := digits(line, i); d > 0 {
		if d > 3 || i+d == end || (line[i+d] != '.' && line[i+d] != ')') {
			return "", false
		}
		i = skip(line, i+d+1, "\t *_")
	}
	if v, ok := labelAt(line, i); ok {
		return v, true
	}
	// One word before the label, as in "Final category:".
	w := i
	for w < end && ('a' <= line[w]|0x20 && line[w]|0x20 <= 'z') {
		w++
	}
	if w == i || w == end || (line[w] != ' ' && line[w] != '\t') {
		return "", false
	}
	return labelAt(line, skip(line, w, "\t "))
}

// labelAt matches "category", its marks and separator at i of line (a
// line's text, to its end) and returns the value after them.
func labelAt(line string, i int) (value string, ok bool) {
	const label = "category"
	if len(line)-i < len(label) || !strings.EqualFold(line[i:i+len(label)], label) {
		return "", false
	}
	i = skip(line, i+len(label), "\t *_")
	switch {
	case i == len(line): // a heading
		return "", true
	case line[i] == ':', line[i] == '=':
		i++
	case strings.HasPrefix(line[i:], "\u2013"), strings.HasPrefix(line[i:], "\u2014"):
		i += len("\u2014")
	case line[i] == '-' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
		i++
	default:
		return "", false
	}
	return line[skip(line, i, "\t *_"):], true
}

// skip returns the first index from i whose byte is not in set.
func skip(s string, i int, set string) int {
	for i < len(s) && strings.IndexByte(set, s[i]) >= 0 {
		i++
	}
	return i
}

// digits counts the ASCII digits from i.
func digits(s string, i int) int {
	n := 0
	for i+n < len(s) && '0' <= s[i+n] && s[i+n] <= '9' {
		n++
	}
	return n
}

// hasLetter reports whether s holds an ASCII letter.
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i]|0x20 && s[i]|0x20 <= 'z' {
			return true
		}
	}
	return false
}

// nextLetterLine returns the text of the first line from pos that holds
// a letter: the value of a heading or of a label with nothing after it.
func nextLetterLine(s string, pos int) (string, bool) {
	for pos < len(s) {
		end := lineEnd(s, pos)
		if line := s[pos:lineText(s, pos, end)]; hasLetter(line) {
			return line, true
		}
		pos = end
	}
	return "", false
}

// categoryMarks are what models put around a category's name: spaces,
// emphasis, code, quotes and brackets, and a full stop after it.
const categoryMarks = " \t*_`\"'<>[]{}.:\u201c\u201d\u2018\u2019\u00ab\u00bb"

// cleanCategory cuts a category line's value to the name it gives.
func cleanCategory(v string) string {
	isMark := func(r rune) bool { return r == utf8.RuneError || strings.ContainsRune(categoryMarks, r) }
	v = strings.TrimLeftFunc(v, func(r rune) bool { return r == '(' || isMark(r) })
	cut := len(v)
	for _, sep := range []string{"(", ")", ",", ";", "!", "?", ": ", ". ", " - ", "\u2013", "\u2014"} {
		if i := strings.Index(v[:cut], sep); i >= 0 {
			cut = i
		}
	}
	return strings.TrimFunc(v[:cut], isMark)
}

var underscores = strings.NewReplacer(" ", "_", "-", "_")

// categoryWords are the words and phrases that name a category in what
// models write for one; a word ending in '*' is a prefix. Longer phrases
// come first, so "network I/O" is a network bottleneck, not I/O.
var categoryWords = []struct {
	words    []string
	category string
}{
	{[]string{"network", "io"}, "network_bottleneck"},
	{[]string{"data", "structure*"}, "inefficient_algorithm"},
	{[]string{"input", "output"}, "inefficient_io"},
	{[]string{"system", "call*"}, "inefficient_io"},
	{[]string{"round", "trip*"}, "network_bottleneck"},
	{[]string{"multi", "thread*"}, "parallelization"},
	{[]string{"multi", "core*"}, "parallelization"},
	{[]string{"multi", "process*"}, "parallelization"},
	{[]string{"false", "sharing"}, "micro_architectural"},
	{[]string{"api"}, "api_misuse"},
	{[]string{"apis"}, "api_misuse"},
	{[]string{"misus*"}, "api_misuse"},
	{[]string{"memory"}, "memory_inefficiency"},
	{[]string{"alloc*"}, "memory_inefficiency"},
	{[]string{"copy"}, "memory_inefficiency"},
	{[]string{"copies"}, "memory_inefficiency"},
	{[]string{"copying"}, "memory_inefficiency"},
	{[]string{"garbage"}, "memory_inefficiency"},
	{[]string{"heap"}, "memory_inefficiency"},
	{[]string{"concurren*"}, "poor_concurrency_control"},
	{[]string{"lock*"}, "poor_concurrency_control"},
	{[]string{"contention"}, "poor_concurrency_control"},
	{[]string{"synchroni*"}, "poor_concurrency_control"},
	{[]string{"mutex*"}, "poor_concurrency_control"},
	{[]string{"atomic*"}, "poor_concurrency_control"},
	{[]string{"io"}, "inefficient_io"},
	{[]string{"buffering"}, "inefficient_io"},
	{[]string{"unbuffered"}, "inefficient_io"},
	{[]string{"disk"}, "inefficient_io"},
	{[]string{"file*"}, "inefficient_io"},
	{[]string{"syscall*"}, "inefficient_io"},
	{[]string{"network*"}, "network_bottleneck"},
	{[]string{"roundtrip*"}, "network_bottleneck"},
	{[]string{"connection*"}, "network_bottleneck"},
	{[]string{"socket*"}, "network_bottleneck"},
	{[]string{"rpc*"}, "network_bottleneck"},
	{[]string{"http"}, "network_bottleneck"},
	{[]string{"algorithm*"}, "inefficient_algorithm"},
	{[]string{"complexity"}, "inefficient_algorithm"},
	{[]string{"quadratic"}, "inefficient_algorithm"},
	{[]string{"asymptotic*"}, "inefficient_algorithm"},
	{[]string{"parallel*"}, "parallelization"},
	{[]string{"multithread*"}, "parallelization"},
	{[]string{"multicore"}, "parallelization"},
	{[]string{"multiprocess*"}, "parallelization"},
	{[]string{"micro*"}, "micro_architectural"},
	{[]string{"branch*"}, "micro_architectural"},
	{[]string{"simd"}, "micro_architectural"},
	{[]string{"vectori*"}, "micro_architectural"},
	{[]string{"locality"}, "micro_architectural"},
}

// categoryOf maps the name a model gave to a category: the name itself
// in any case, with spaces or '-' for '_'; else the one category its
// words name ("Parallelisation", "inefficient I/O / buffering", "lock
// contention"). A name whose words name no category, or two ("api_misuse
// or memory_inefficiency"), maps to "".
func categoryOf(raw string) string {
	lower := strings.ToLower(raw)
	if c := underscores.Replace(lower); table.IsCategory(c) {
		return c
	}
	words := strings.FieldsFunc(strings.ReplaceAll(lower, "i/o", "io"), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
	found := ""
	for i := 0; i < len(words); {
		n, c := categoryPhrase(words[i:])
		if n == 0 {
			i++
			continue
		}
		if found != "" && c != found {
			return "" // two categories: the model did not choose
		}
		found, i = c, i+n
	}
	return found
}

// categoryPhrase matches an entry of categoryWords at the start of words:
// how many words it took and its category, or 0.
func categoryPhrase(words []string) (int, string) {
	for _, e := range categoryWords {
		if len(e.words) > len(words) {
			continue
		}
		ok := true
		for k, w := range e.words {
			if p, prefix := strings.CutSuffix(w, "*"); prefix {
				ok = strings.HasPrefix(words[k], p)
			} else {
				ok = words[k] == w
			}
			if !ok {
				break
			}
		}
		if ok {
			return len(e.words), e.category
		}
	}
	return 0, ""
}
