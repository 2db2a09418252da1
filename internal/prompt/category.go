package prompt

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/perfcon/perfcon/internal/table"
)

// Category reads the category a description names: raw is the name as
// written (trimmed of marks), category the known name it maps to, or ""
// when it maps to none.
//
// The last explicit category line counts: a category line (below), a
// markdown table's row "| Category | x |" or column headed "Category",
// a JSON "category" key with a string value, a "Final answer" or
// "Answer" line whose value is short (four words at most; a heading's
// is the next line with a letter) and names a category, \boxed{x}, or,
// with a value that maps to exactly one category, a category line
// labelled in Chinese ("类别：x", "分类：x") or a "Category:" label
// after other text on its line ("The final answer is: Category: x",
// "**Answer:** Category: x"; see inlineCategory). Only a description
// without one is read for the last sentence that declares a category
// (see lastDeclared).
//
// A category line reads, in any case: marks from [ \t*#>_-], a list
// number ("4." or "4)") and marks from [ \t*_] if any, one word before
// "category" if any ("Final category"), "category", marks from [ \t*_],
// then a separator (':', a full-width '\uff1a', '=', an en or em dash, or
// '-' before a space) and the value, or nothing else (a heading). A value
// without a letter, and a heading's, is the next line with a letter. The
// value is cut at what follows a name ("x (because ...)", "x, since
// ...", "x - ...", "x. ...", "x<|end|>"; not "x, y" when y is a
// category's name) and trimmed of marks, quotes and a list number before
// the name ("8. x", "3) x", "#3 x"); see categoryOf for how it maps to a
// name.
func Category(description string) (category, raw string) {
	if value, found := scanCategory(description, true); found {
		raw = cleanCategory(value)
		return categoryOf(raw), raw
	}
	if raw = lastDeclared(description); raw != "" {
		return categoryOf(raw), raw
	}
	return "", ""
}

// lastCategory returns the value of the last category line with one.
// It reads each line by hand: a regular expression cost microseconds
// per description (FuzzCategory holds the two together).
func lastCategory(s string) (value string, found bool) {
	return scanCategory(s, false)
}

// scanCategory returns the value of the last category line with one, or
// (explicit true) of the last explicit category line of any shape.
func scanCategory(s string, explicit bool) (value string, found bool) {
	column := -1 // of the table headed "Category" being read, or -1
	for pos := 0; pos < len(s); {
		end := lineEnd(s, pos)
		text := lineText(s, pos, end)
		if v, ok := categoryAt(s, pos, text); ok {
			if !hasLetter(v) {
				v, ok = nextLetterLine(s, end)
			}
			if ok {
				value, found = v, true
			}
			column = -1
		} else if explicit {
			if v, ok := otherCategory(s, s[pos:text], end, &column); ok {
				value, found = v, true
			}
		}
		pos = end
	}
	return value, found
}

// otherCategory matches the explicit category lines other than category
// lines: line, which ends at next in s, is a table row, holds \boxed{}
// or a JSON "category" key, or is an answer line. column is the column
// headed "Category" of the table being read, or -1.
func otherCategory(s, line string, next int, column *int) (value string, ok bool) {
	if row := strings.TrimLeft(line, " \t"); strings.HasPrefix(row, "|") {
		return tableCategory(s, row, next, column)
	}
	*column = -1
	if strings.IndexByte(line, '\\') >= 0 {
		if v, ok := boxedCategory(line); ok {
			return v, true
		}
	}
	if v, heading, ok := answerAt(line); ok {
		if heading || !hasLetter(v) {
			v, ok = nextLetterLine(s, next)
		}
		if raw := cleanCategory(v); ok && len(strings.Fields(raw)) <= 4 && namesCategory(raw) {
			return v, true
		}
		// "**Answer:** Category: api_misuse": the label after it may name one.
	}
	if v, ok := jsonCategory(line); ok {
		return v, true
	}
	if v, ok := chineseCategory(line); ok {
		return v, true
	}
	return inlineCategory(line)
}

// inlineCategory reads the last "Category:" label after other text on a
// line whose value maps to exactly one category: "The final answer is:
// Category: parallelization", "**Answer:** Category: api_misuse", "✅
// Category: x". The label is capitalised and follows no article or the
// like ("in the category: x", "this Category: x" are prose), negation
// in its clause ("it is not Category: x") or number alone ("2024.
// Category: x"); then come marks from [ \t*_], ':' or a full-width
// '\uff1a', and the value.
func inlineCategory(line string) (value string, ok bool) {
	for i := 0; i < len(line); i++ {
		k := strings.IndexByte(line[i:], 'C')
		if k < 0 {
			break
		}
		i += k
		if v, found := inlineLabelAt(line, i); found {
			value, ok = v, true
		}
	}
	return value, ok
}

// notBeforeLabel are the words after which "Category" is a noun of the
// sentence, not a label.
var notBeforeLabel = map[string]bool{"a": true, "an": true, "the": true, "this": true, "that": true,
	"its": true, "their": true, "our": true, "my": true, "your": true, "his": true, "her": true,
	"which": true, "what": true, "whose": true, "each": true, "every": true, "any": true, "no": true,
	"some": true, "one": true, "another": true, "same": true, "other": true}

// inlineLabelAt matches inlineCategory's label at i of line, a 'C'.
func inlineLabelAt(line string, i int) (value string, ok bool) {
	const label = "category"
	if len(line)-i < len(label) || !strings.EqualFold(line[i:i+len(label)], label) || (i > 0 && isWordByte(line[i-1])) {
		return "", false
	}
	j := skip(line, i+len(label), " \t*_")
	switch {
	case j < len(line) && line[j] == ':':
		j++
	case strings.HasPrefix(line[j:], "\uff1a"):
		j += len("\uff1a")
	default:
		return "", false
	}
	before := strings.TrimRight(line[:i], " \t*_`\"'")
	w := len(before)
	for w > 0 && 'a' <= before[w-1]|0x20 && before[w-1]|0x20 <= 'z' {
		w--
	}
	if notBeforeLabel[strings.ToLower(before[w:])] || negated(before) {
		return "", false
	}
	// A number alone before it is a list number, which a category line
	// bounds to three digits: "2024. Category: x" is none.
	if n := strings.Trim(before, " \t*#>_-.)("); n != "" && digits(n, 0) == len(n) {
		return "", false
	}
	v := line[skip(line, j, " \t*_"):]
	if categoryOf(cleanCategory(v)) == "" {
		return "", false
	}
	return v, true
}

// chineseCategory matches a category line labelled in Chinese, as models
// that drift into it write one: marks and a list number as a category
// line's, "类别" or "分类", marks from [ \t*_], then ':' or a full-width
// '\uff1a' and a value that maps to exactly one category.
func chineseCategory(line string) (value string, ok bool) {
	i := skip(line, 0, "\t *#>_-")
	if d := digits(line, i); d > 0 && d <= 3 && i+d < len(line) && (line[i+d] == '.' || line[i+d] == ')') {
		i = skip(line, i+d+1, "\t *_")
	}
	n := 0
	for _, label := range []string{"\u7c7b\u522b", "\u5206\u7c7b"} {
		if strings.HasPrefix(line[i:], label) {
			n = len(label)
		}
	}
	if n == 0 {
		return "", false
	}
	i = skip(line, i+n, " \t*_")
	switch {
	case i < len(line) && line[i] == ':':
		i++
	case strings.HasPrefix(line[i:], "\uff1a"):
		i += len("\uff1a")
	default:
		return "", false
	}
	v := line[skip(line, i, " \t*_"):]
	if categoryOf(cleanCategory(v)) == "" {
		return "", false
	}
	return v, true
}

// tableCategory reads a markdown table's row: the value of a row whose
// first cell is "Category", or the cell in the column headed "Category"
// (a header is a row with a delimiter row after it).
func tableCategory(s, row string, next int, column *int) (value string, ok bool) {
	if delimiterRow(row) {
		return "", false
	}
	cells := strings.Split(strings.Trim(strings.TrimRight(row, " \t"), "|"), "|")
	if *column >= 0 {
		if *column < len(cells) && hasLetter(cells[*column]) {
			return cells[*column], true
		}
		return "", false
	}
	k := slices.IndexFunc(cells, func(c string) bool { return strings.EqualFold(strings.Trim(c, " \t*_`:"), "category") })
	switch {
	case k < 0:
		return "", false
	case k == 0 && len(cells) > 1 && categoryOf(cleanCategory(cells[1])) != "":
		return cells[1], true // "| Category | x |", a header or not
	case delimiterRow(strings.TrimLeft(s[next:lineText(s, next, lineEnd(s, next))], " \t")):
		*column = k
		return "", false
	case k == 0 && len(cells) > 1 && hasLetter(cells[1]):
		return cells[1], true
	}
	return "", false
}

// delimiterRow reports whether a line is a markdown table's delimiter
// row, "|---|:--:|".
func delimiterRow(line string) bool {
	if !strings.HasPrefix(line, "|") || !strings.Contains(line, "-") {
		return false
	}
	return strings.Trim(line, "|-: \t") == ""
}

// boxedCategory reads the last \boxed{x} of a line, LaTeX as models
// write it: $\boxed{\text{memory\_inefficiency}}$.
func boxedCategory(line string) (value string, ok bool) {
	const boxed = `\boxed{`
	i := strings.LastIndex(line, boxed)
	if i < 0 {
		return "", false
	}
	v := line[i+len(boxed):]
	depth, end := 1, -1
	for k := 0; k < len(v) && end < 0; k++ {
		switch v[k] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				end = k
			}
		}
	}
	if end < 0 {
		return "", false
	}
	v = strings.TrimSpace(v[:end])
	// \text{x}, \mathrm{x} and the like around the name.
	for strings.HasPrefix(v, `\`) && strings.HasSuffix(v, "}") {
		open := strings.IndexByte(v, '{')
		if open < 2 || !isLetters(v[1:open]) {
			break
		}
		v = strings.TrimSpace(v[open+1 : len(v)-1])
	}
	return strings.NewReplacer(`\_`, "_", `\ `, " ").Replace(v), true
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('a' <= s[i]|0x20 && s[i]|0x20 <= 'z') {
			return false
		}
	}
	return true
}

// answerAt matches an answer line: marks and a list number as a
// category line's, "Final" if any, "answer", marks, then a separator
// (':', '\uff1a' or '=') and the value, or nothing else (a heading).
func answerAt(line string) (value string, heading, ok bool) {
	i := skip(line, 0, "\t *#>_-")
	if d := digits(line, i); d > 0 {
		if d > 3 || i+d == len(line) || (line[i+d] != '.' && line[i+d] != ')') {
			return "", false, false
		}
		i = skip(line, i+d+1, "\t *_")
	}
	if hasPrefixFold(line[i:], "final") && i+5 < len(line) && (line[i+5] == ' ' || line[i+5] == '\t') {
		i = skip(line, i+5, "\t ")
	}
	if !hasPrefixFold(line[i:], "answer") {
		return "", false, false
	}
	i = skip(line, i+len("answer"), "\t *_")
	switch {
	case i == len(line):
		return "", true, true
	case line[i] == ':', line[i] == '=':
		i++
	case strings.HasPrefix(line[i:], "\uff1a"):
		i += len("\uff1a")
	default:
		return "", false, false
	}
	return line[skip(line, i, "\t *_"):], false, true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// jsonCategory reads a JSON (or Python) "category" key of a line with a
// string value: {"category": "inefficient_algorithm"}.
func jsonCategory(line string) (value string, ok bool) {
	for _, q := range []byte{'"', '\''} {
		for i := 0; i < len(line); i++ {
			k := strings.IndexByte(line[i:], q)
			if k < 0 {
				break
			}
			i += k
			if v, ok := jsonValue(line, i); ok {
				return v, true
			}
		}
	}
	return "", false
}

// jsonValue reads the string value of a "category" key quoted at i of
// line.
func jsonValue(line string, i int) (value string, ok bool) {
	const key = "category"
	q := line[i]
	if len(line)-i < len(key)+2 || !strings.EqualFold(line[i+1:i+1+len(key)], key) || line[i+1+len(key)] != q {
		return "", false
	}
	j := skip(line, i+len(key)+2, " \t")
	if j == len(line) || line[j] != ':' {
		return "", false
	}
	j = skip(line, j+1, " \t")
	if j == len(line) || (line[j] != '"' && line[j] != '\'') {
		return "", false
	}
	if e := strings.IndexByte(line[j+1:], line[j]); e >= 0 {
		return line[j+1 : j+1+e], true
	}
	return "", false
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
	case strings.HasPrefix(line[i:], "\uff1a"):
		i += len("\uff1a")
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

// categoryCuts are what ends a category line's value: what follows the
// name.
var categoryCuts = []string{"(", ")", ",", ";", "!", "?", ": ", ". ", " - ", "\u2013", "\u2014", "<|", "</", "\uff08"}

// cleanCategory cuts a category line's value to the name it gives. A
// ',' or ';' before a category's name is no cut: "api_misuse,
// memory_inefficiency" names two.
func cleanCategory(v string) string {
	isMark := func(r rune) bool { return r == utf8.RuneError || strings.ContainsRune(categoryMarks, r) }
	v = strings.TrimLeftFunc(v, func(r rune) bool { return r == '(' || isMark(r) })
	if n := listNumber(v); n > 0 {
		v = strings.TrimLeftFunc(v[n:], isMark)
	}
	cut := len(v)
	for _, sep := range categoryCuts {
		for from := 0; from < cut; {
			i := strings.Index(v[from:cut], sep)
			if i < 0 {
				break
			}
			i += from
			if (sep == "," || sep == ";") && startsWithCategory(v[i+1:]) {
				from = i + 1
				continue
			}
			cut = i
			break
		}
	}
	return strings.TrimFunc(v[:cut], isMark)
}

// listNumber is the length of the list number a value starts with, as
// when a model numbers the name as its prompt listed it ("8.
// micro_architectural", "3) x", "#3 x", "#3: x"), with the space and a
// dash after it; 0 when there is none or nothing with a letter follows.
func listNumber(v string) int {
	i := 0
	hash := strings.HasPrefix(v, "#")
	if hash {
		i++
	}
	d := digits(v, i)
	if d == 0 || d > 3 {
		return 0
	}
	i += d
	switch {
	case i < len(v) && (v[i] == '.' || v[i] == ')' || v[i] == ':'):
		i++
	case !hash:
		return 0
	}
	if i == len(v) || (v[i] != ' ' && v[i] != '\t') {
		return 0
	}
	i = skip(v, i, " \t")
	for _, dash := range []string{"- ", "\u2013 ", "\u2014 "} {
		if strings.HasPrefix(v[i:], dash) {
			i = skip(v, i+len(dash), " \t")
			break
		}
	}
	if !hasLetter(v[i:]) {
		return 0
	}
	return i
}

// startsWithCategory reports whether s, past marks and an "and" or "or",
// starts with a category's name.
func startsWithCategory(s string) bool {
	s = strings.TrimLeft(s, " \t*_`\"'")
	for _, w := range []string{"and ", "or "} {
		if hasPrefixFold(s, w) {
			s = strings.TrimLeft(s[len(w):], " \t*_`\"'")
		}
	}
	for _, c := range table.Categories {
		if hasPrefixFold(s, c) && (len(s) == len(c) || !isWordByte(s[len(c)])) {
			return true
		}
	}
	return false
}

// isWordByte reports whether b is an ASCII letter, digit or '_'.
func isWordByte(b byte) bool {
	return 'a' <= b|0x20 && b|0x20 <= 'z' || '0' <= b && b <= '9' || b == '_'
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
// in any case, with spaces or '-' for '_', or in CamelCase ("ApiMisuse",
// "InefficientIO"); else the one category its words name
// ("Parallelisation", "inefficient I/O / buffering", "lock contention").
// A name whose words name no category, or two ("api_misuse or
// memory_inefficiency"), maps to "".
func categoryOf(raw string) string {
	lower := strings.ToLower(camelWords(raw))
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

// camelWords is a CamelCase name with its words apart: "ApiMisuse" is
// "Api_Misuse", "InefficientIO" "Inefficient_IO", "IOBound" "IO_Bound".
// A '_' goes before each capital after a small letter, and before the
// last capital of a run that a small letter follows.
func camelWords(s string) string {
	isUpper := func(b byte) bool { return 'A' <= b && b <= 'Z' }
	isLower := func(b byte) bool { return 'a' <= b && b <= 'z' }
	at := func(i int) bool { // a word starts at i
		return i > 0 && isUpper(s[i]) && (isLower(s[i-1]) || isUpper(s[i-1]) && i+1 < len(s) && isLower(s[i+1]))
	}
	n := 0
	for i := range len(s) {
		if at(i) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + n)
	for i := range len(s) {
		if at(i) {
			b.WriteByte('_')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// namesCategory reports whether raw's words name a category, one or
// more.
func namesCategory(raw string) bool {
	lower := strings.ToLower(camelWords(raw))
	if table.IsCategory(underscores.Replace(lower)) {
		return true
	}
	words := strings.FieldsFunc(strings.ReplaceAll(lower, "i/o", "io"), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
	for i := range words {
		if n, _ := categoryPhrase(words[i:]); n > 0 {
			return true
		}
	}
	return false
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

// Declarations are the words of a sentence that declares a category,
// the name after them: "The category is x", "I'd classify this as x",
// "So the answer is x", "It falls under x", and "This is a x problem"
// (issue, case), whose name ends before the noun. declarationsAt gives
// the few that can start at a word, by its first two letters.
var (
	categoryDeclarations = []string{"category is", "categorize this as", "categorize it as",
		"categorize this change as", "categorise this as", "categorise it as", "categorise this change as"}
	classifyDeclarations = []string{"classify this as", "classify it as", "classify this change as"}
	answerDeclarations   = []string{"answer is"}
	fallDeclarations     = []string{"falls under", "fall under", "falls into", "fall into"}
	thisDeclarations     = []string{"this is a", "this is an"}
)

// declarationsAt returns the declarations that may start at s[i:], a
// word's start with a byte after it.
func declarationsAt(s string, i int) []string {
	switch s[i] | 0x20 {
	case 'c':
		switch s[i+1] | 0x20 {
		case 'a':
			return categoryDeclarations
		case 'l':
			return classifyDeclarations
		}
	case 'a':
		if s[i+1]|0x20 == 'n' {
			return answerDeclarations
		}
	case 'f':
		if s[i+1]|0x20 == 'a' {
			return fallDeclarations
		}
	case 't':
		if s[i+1]|0x20 == 'h' {
			return thisDeclarations
		}
	}
	return nil
}

// byteClass classes bytes for lastDeclared, which reads every byte:
// wordByte for what isWordByte reports, declarationStart for a letter a
// declaration starts with, 0 for the rest.
var byteClass = func() (t [256]uint8) {
	for b := range 256 {
		if isWordByte(byte(b)) {
			t[b] = wordByte
		}
	}
	for _, b := range "caftCAFT" {
		t[b] = declarationStart
	}
	return t
}()

const (
	wordByte = 1 + iota
	declarationStart
)

// declaredNouns end the name of "this is a x problem".
var declaredNouns = map[string]bool{"issue": true, "problem": true, "case": true}

// lastDeclared returns the name the last sentence that declares a
// category gives, one that maps to exactly one category, or "". A
// mention is no declaration: "this isn't really a parallelization
// problem" and "the category is not x" declare none, nor does a clause
// that negates or doubts the declaration ("I wouldn't classify this as
// x", "if this is a x problem"). The name is at most three words, past an
// article, "category of" and a last "category" ("falls under the
// network_bottleneck category").
func lastDeclared(s string) (raw string) {
	// From the end: the first declaration found is the last.
	for i := len(s) - 2; i >= 0; i-- {
		if byteClass[s[i]] != declarationStart || (i > 0 && byteClass[s[i-1]] != 0) {
			continue
		}
		for _, d := range declarationsAt(s, i) {
			j := i + len(d)
			if j > len(s) || s[i+2]|0x20 != d[2] || !strings.EqualFold(s[i:j], d) || (j < len(s) && byteClass[s[j]] != 0) {
				continue
			}
			if v := declaredName(s, i, j, d); v != "" {
				raw = v // of the longest declaration that starts here
			}
		}
		if raw != "" {
			return raw
		}
	}
	return ""
}

// declaredName reads the name a declaration d, s[at:after], gives on its
// line, or "".
func declaredName(s string, at, after int, d string) string {
	if negated(s[max(0, at-32):at]) {
		return ""
	}
	rest := s[after:lineText(s, after, lineEnd(s, after))]
	rest = strings.TrimLeft(rest, " \t")
	if r, ok := strings.CutPrefix(rest, ":"); ok {
		rest = r
	}
	words := strings.Fields(cleanCategory(rest))
	if len(words) > 0 && isArticle(words[0]) {
		words = words[1:]
	}
	if strings.HasPrefix(d, "fall") && len(words) > 1 && strings.EqualFold(words[0], "category") && strings.EqualFold(words[1], "of") {
		words = words[2:]
		if len(words) > 0 && isArticle(words[0]) {
			words = words[1:]
		}
	}
	if strings.HasPrefix(d, "this is") {
		k := slices.IndexFunc(words, func(w string) bool { return declaredNouns[strings.ToLower(strings.Trim(w, categoryMarks))] })
		if k < 0 {
			return ""
		}
		words = words[:k]
	} else if n := len(words); n > 1 && strings.EqualFold(strings.Trim(words[n-1], categoryMarks), "category") {
		words = words[:n-1]
	}
	if len(words) == 0 || len(words) > 3 {
		return ""
	}
	switch strings.ToLower(strings.Trim(words[0], categoryMarks)) {
	case "not", "no", "never", "neither", "nor", "to":
		return ""
	}
	raw := strings.Trim(strings.Join(words, " "), categoryMarks)
	if categoryOf(raw) == "" {
		return ""
	}
	return raw
}

func isArticle(w string) bool {
	w = strings.ToLower(w)
	return w == "a" || w == "an" || w == "the"
}

// negated reports whether the clause before a declaration, the end of
// before, negates or doubts it: "I wouldn't", "not", "never", "if",
// "whether", "unless".
func negated(before string) bool {
	if i := strings.LastIndexAny(before, ".!?;,:\n"); i >= 0 {
		before = before[i+1:]
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(before), func(r rune) bool { return r == ' ' || r == '\t' || r == '*' || r == '_' }) {
		switch {
		case w == "not", w == "never", w == "if", w == "whether", w == "unless", strings.HasSuffix(w, "n't"), strings.HasSuffix(w, "n\u2019t"):
			return true
		}
	}
	return false
}
