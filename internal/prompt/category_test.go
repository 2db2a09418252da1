package prompt

import (
	"regexp"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
)

func TestCategory(t *testing.T) {
	for _, tc := range []struct {
		name, in, want, wantRaw string
	}{
		// Shapes of the line.
		{"plain", "It was slow.\n\nCategory: inefficient_algorithm", "inefficient_algorithm", "inefficient_algorithm"},
		{"bold label", "**Category**: memory_inefficiency", "memory_inefficiency", "memory_inefficiency"},
		{"bold label and colon", "**Category:** `memory_inefficiency`", "memory_inefficiency", "memory_inefficiency"},
		{"numbered", "3. Why it is faster: fewer calls.\n4. Category: inefficient_io", "inefficient_io", "inefficient_io"},
		{"numbered with a parenthesis", "4) **Category:** inefficient_io", "inefficient_io", "inefficient_io"},
		{"bullet", "- Cause: a lock per item\n- Category: poor_concurrency_control", "poor_concurrency_control", "poor_concurrency_control"},
		{"hyphen", "Category - parallelization", "parallelization", "parallelization"},
		{"em dash", "Category \u2014 micro_architectural", "micro_architectural", "micro_architectural"},
		{"en dash", "Category\u2013network_bottleneck", "network_bottleneck", "network_bottleneck"},
		{"equals", "category = Inefficient IO", "inefficient_io", "Inefficient IO"},
		{"angle brackets", "Category: <memory_inefficiency>", "memory_inefficiency", "memory_inefficiency"},
		{"code", "Category: `api_misuse`", "api_misuse", "api_misuse"},
		{"quotes", `Category: "api_misuse"`, "api_misuse", "api_misuse"},
		{"curly quotes", "Category: \u201capi_misuse\u201d", "api_misuse", "api_misuse"},
		{"heading", "## Category\n\ninefficient_algorithm\n", "inefficient_algorithm", "inefficient_algorithm"},
		{"bold heading", "**Category**\nparallelization", "parallelization", "parallelization"},
		{"value on the next line", "The category is plain.\n\nCATEGORY:\n  Inefficient_IO", "inefficient_io", "Inefficient_IO"},
		{"reasons after", "Category: memory_inefficiency (because every append copied the string)", "memory_inefficiency", "memory_inefficiency"},
		{"reasons after a comma", "Category: api_misuse, since the pattern is compiled per call", "api_misuse", "api_misuse"},
		{"reasons after a dash", "Category: network_bottleneck - one round trip per key", "network_bottleneck", "network_bottleneck"},
		{"full stop", "Category: inefficient_algorithm.", "inefficient_algorithm", "inefficient_algorithm"},
		{"one word before", "**Final category:** parallelization", "parallelization", "parallelization"},
		{"quoted line", "> **category:** `memory_inefficiency`", "memory_inefficiency", "memory_inefficiency"},
		{"crlf", "Reasons.\r\nCategory: inefficient_io\r\n", "inefficient_io", "inefficient_io"},
		{"the last line counts", "Category: fast\nCategory: parallelization", "parallelization", "parallelization"},
		{"a heading without a value", "Category: api_misuse\n\n## Category\n", "api_misuse", "api_misuse"},
		{"full-width colon", "Category\uff1amemory_inefficiency", "memory_inefficiency", "memory_inefficiency"},
		{"a special token after the name", "Category: inefficient_algorithm<|end|>", "inefficient_algorithm", "inefficient_algorithm"},
		{"</s> after the name", "Category: inefficient_io</s>", "inefficient_io", "inefficient_io"},
		{"a list number before the name", "Category: 8. micro_architectural", "micro_architectural", "micro_architectural"},
		{"a list number with a parenthesis", "**Category:** 3) inefficient_io", "inefficient_io", "inefficient_io"},
		{"a list number with a hash", "Category: #6 network_bottleneck", "network_bottleneck", "network_bottleneck"},
		{"a list number with a hash and a dash", "Category: #2 - `memory_inefficiency`", "memory_inefficiency", "memory_inefficiency"},
		{"a number that is no list number", "Category: 3.5x faster", "", "3.5x faster"},
		// A label after other text on its line.
		{"after a lead-in", "The final answer is: Category: parallelization", "parallelization", "parallelization"},
		{"after an answer label", "**Answer:** Category: api_misuse", "api_misuse", "api_misuse"},
		{"after an emoji", "\u2705 Category: poor_concurrency_control", "poor_concurrency_control", "poor_concurrency_control"},
		{"after a sentence", "So the answer is Category: inefficient_io.", "inefficient_io", "inefficient_io"},
		{"after a dash, reasons after", "Putting it together \u2014 Category: memory_inefficiency (the copies)", "memory_inefficiency", "memory_inefficiency"},
		{"the last label counts", "I first thought Category: api_misuse, but no.\n\nMy answer: Category: memory_inefficiency", "memory_inefficiency", "memory_inefficiency"},
		{"a label that names none leaves the line before", "Category: api_misuse\nIn one word, Category: speed", "api_misuse", "api_misuse"},
		{"a negated label leaves the line before", "Category: memory_inefficiency\n\nThis is not Category: parallelization: the pool was there.", "memory_inefficiency", "memory_inefficiency"},
		{"a label after an article leaves the line before", "Category: inefficient_io\nSome would file it under the Category: memory_inefficiency heading.", "inefficient_io", "inefficient_io"},
		// Labelled in Chinese.
		{"Chinese label", "\u7c7b\u522b\uff1aapi_misuse", "api_misuse", "api_misuse"},
		{"other Chinese label", "**\u5206\u7c7b\uff1a** `memory_inefficiency`", "memory_inefficiency", "memory_inefficiency"},
		{"Chinese label, ASCII colon", "\u7c7b\u522b: parallelization\uff08\u591a\u7ebf\u7a0b\uff09", "parallelization", "parallelization"},
		// Other explicit lines.
		{"table row", "| Aspect | Value |\n|---|---|\n| Fix | a pool |\n| Category | parallelization |", "parallelization", "parallelization"},
		{"table row in bold and code", "| **Category** | `memory_inefficiency` |", "memory_inefficiency", "memory_inefficiency"},
		{"table column", "| Category | Why |\n|:--|:--|\n| inefficient_io | one write per entry |\n", "inefficient_io", "inefficient_io"},
		{"table header that is the answer", "| Category | parallelization |\n|---|---|\n| Why | one core busy |", "parallelization", "parallelization"},
		{"JSON", "```json\n{\"category\": \"inefficient_algorithm\"}\n```", "inefficient_algorithm", "inefficient_algorithm"},
		{"JSON unfenced, more keys", `{"reason": "a heap of k", "Category": "Inefficient Algorithm"}`, "inefficient_algorithm", "Inefficient Algorithm"},
		{"JSON over lines", "{\n  \"category\": \"network_bottleneck\",\n  \"confidence\": 0.9\n}", "network_bottleneck", "network_bottleneck"},
		{"Final Answer after candidates", "- **api_misuse**: no\n- **memory_inefficiency**: the copy\n\nFinal Answer: memory_inefficiency", "memory_inefficiency", "memory_inefficiency"},
		{"Answer", "**Answer:** `api_misuse`", "api_misuse", "api_misuse"},
		{"Final answer heading", "## Final Answer\n\nparallelization\n", "parallelization", "parallelization"},
		{"boxed", "Final Answer: $\\boxed{parallelization}$", "parallelization", "parallelization"},
		{"boxed text", `\(\boxed{\text{memory\_inefficiency}}\)`, "memory_inefficiency", "memory_inefficiency"},
		{"the last explicit line counts", "Category: inefficient_algorithm\n\nFinal answer: api_misuse", "api_misuse", "api_misuse"},
		{"a category line after an answer line", "Final answer: api_misuse\nCategory: inefficient_io", "inefficient_io", "inefficient_io"},
		{"an answer line that names no category", "Category: parallelization\n\nAnswer: yes", "parallelization", "parallelization"},
		{"an answer line that is a sentence", "**Answer:** the loop copied memory on every pass.\n\nThe category is inefficient_io.", "inefficient_io", "inefficient_io"},
		{"an explicit line beats a later declaration", "Category: api_misuse\n\nThe category is memory_inefficiency.", "api_misuse", "api_misuse"},
		// Sentences that declare a category, with no explicit line.
		{"the category is", "One open per event.\nThe category is inefficient_io.", "inefficient_io", "inefficient_io"},
		{"the category is, because", "This isn't really a parallelization problem. The category is poor_concurrency_control, because of a lock per item.",
			"poor_concurrency_control", "poor_concurrency_control"},
		{"classify as", "I'd classify this as a **network_bottleneck**.", "network_bottleneck", "network_bottleneck"},
		{"categorise as", "We categorise it as Memory Inefficiency.", "memory_inefficiency", "Memory Inefficiency"},
		{"the answer is", "Looking at the candidates.\n\nSo the answer is **parallelization**.\n\nThe pool speeds it up.", "parallelization", "parallelization"},
		{"the answer is, colon", "The answer is: **micro_architectural**", "micro_architectural", "micro_architectural"},
		{"falls under", "This falls under the network_bottleneck category.", "network_bottleneck", "network_bottleneck"},
		{"falls under the category of", "It falls under the category of inefficient I/O.", "inefficient_io", "inefficient I/O"},
		{"this is a problem", "This is an inefficient_algorithm problem: the scan is quadratic.", "inefficient_algorithm", "inefficient_algorithm"},
		{"this is a classic issue", "This is a classic lock contention issue.", "poor_concurrency_control", "classic lock contention"},
		{"the last declaration counts", "At first the category is api_misuse, I thought. The category is memory_inefficiency.", "memory_inefficiency", "memory_inefficiency"},
		// Names as models spell them.
		{"hyphens", "Category: api-misuse", "api_misuse", "api-misuse"},
		{"spaces and capitals", "Category: Memory Inefficiency", "memory_inefficiency", "Memory Inefficiency"},
		{"British", "Category: Parallelisation", "parallelization", "Parallelisation"},
		{"American", "Category: parallelization", "parallelization", "parallelization"},
		{"parallelism", "Category: parallelism", "parallelization", "parallelism"},
		{"parallel", "Category: parallel", "parallelization", "parallel"},
		{"multithreading", "Category: multi-threading", "parallelization", "multi-threading"},
		{"inefficient I/O", "Category: Inefficient I/O", "inefficient_io", "Inefficient I/O"},
		{"I/O and buffering", "Category: inefficient I/O / buffering", "inefficient_io", "inefficient I/O / buffering"},
		{"I/O", "Category: I/O", "inefficient_io", "I/O"},
		{"IO", "Category: IO", "inefficient_io", "IO"},
		{"system calls", "Category: system calls", "inefficient_io", "system calls"},
		{"microarchitectural", "Category: Microarchitectural", "micro_architectural", "Microarchitectural"},
		{"micro-architectural", "Category: micro-architectural", "micro_architectural", "micro-architectural"},
		{"micro architectural optimisation", "Category: Micro architectural optimization", "micro_architectural", "Micro architectural optimization"},
		{"branch prediction", "Category: branch prediction", "micro_architectural", "branch prediction"},
		{"memory", "Category: memory", "memory_inefficiency", "memory"},
		{"allocation", "Category: allocation", "memory_inefficiency", "allocation"},
		{"excess allocations", "Category: excess allocations", "memory_inefficiency", "excess allocations"},
		{"algorithmic", "Category: algorithmic", "inefficient_algorithm", "algorithmic"},
		{"algorithm", "Category: Algorithm", "inefficient_algorithm", "Algorithm"},
		{"data structure", "Category: data structure choice", "inefficient_algorithm", "data structure choice"},
		{"concurrency", "Category: concurrency", "poor_concurrency_control", "concurrency"},
		{"lock contention", "Category: lock contention", "poor_concurrency_control", "lock contention"},
		{"synchronisation", "Category: synchronisation", "poor_concurrency_control", "synchronisation"},
		{"synchronization", "Category: synchronization overhead", "poor_concurrency_control", "synchronization overhead"},
		{"network", "Category: network", "network_bottleneck", "network"},
		{"networking", "Category: Networking", "network_bottleneck", "Networking"},
		{"network I/O", "Category: network I/O", "network_bottleneck", "network I/O"},
		{"round trips", "Category: round trips", "network_bottleneck", "round trips"},
		{"API misuse", "Category: API misuse", "api_misuse", "API misuse"},
		{"library misuse", "Category: library misuse", "api_misuse", "library misuse"},
		{"CamelCase", "Category: ApiMisuse", "api_misuse", "ApiMisuse"},
		{"CamelCase with a capital run", "Category: **InefficientIO**", "inefficient_io", "InefficientIO"},
		{"CamelCase, micro", "Category: MicroArchitectural", "micro_architectural", "MicroArchitectural"},
		{"CamelCase, capital run first", "Category: APIMisuse", "api_misuse", "APIMisuse"},
		// Lines that name no category.
		{"two categories", "Category: api_misuse or memory_inefficiency", "", "api_misuse or memory_inefficiency"},
		{"two categories with a slash", "Category: concurrency / parallelism", "", "concurrency / parallelism"},
		{"two categories after a comma", "Category: api_misuse, memory_inefficiency", "", "api_misuse, memory_inefficiency"},
		{"two categories after a semicolon", "Category: `api_misuse`; `memory_inefficiency`", "", "api_misuse`; `memory_inefficiency"},
		{"two in a table row", "| Category | api_misuse, memory_inefficiency |", "", "api_misuse, memory_inefficiency"},
		{"two in a final answer", "Final Answer: api_misuse or memory_inefficiency", "", "api_misuse or memory_inefficiency"},
		{"an unknown name in JSON", `{"category": "speed"}`, "", "speed"},
		{"an unknown name", "Category: speed", "", "speed"},
		{"no category line", "no category at all", "", ""},
		{"in a sentence", "The category of this change is clearly memory_inefficiency.", "", ""},
		{"two words before", "This falls in the category: memory_inefficiency", "", ""},
		{"a word after the label", "Category-wise it is an API problem.", "", ""},
		{"categories", "Categories: api_misuse", "", ""},
		{"a list number of four digits", "2024. Category: api_misuse", "", ""},
		{"only a heading", "## Category\n", "", ""},
		{"a Chinese label that names none", "\u7c7b\u522b\uff1a\u5185\u5b58", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, raw := Category(tc.in)
			if got != tc.want || raw != tc.wantRaw {
				t.Errorf("Category(%q) = %q, %q; want %q, %q", tc.in, got, raw, tc.want, tc.wantRaw)
			}
		})
	}
}

// Sentences that mention a category without declaring it, or declare
// two, or none, name no category.
func TestCategoryNotDeclared(t *testing.T) {
	for _, in := range []string{
		"This isn't really a parallelization problem: the work was already spread over goroutines.",
		"It is not a parallelization problem.",
		"At first glance this could look like an **api_misuse**.",
		"Parallelization would not help here, since the loop is tiny.",
		"The category is not parallelization.",
		"The category is neither api_misuse nor memory_inefficiency.",
		"I wouldn't classify this as parallelization.",
		"We should not categorise it as memory inefficiency.",
		"If this is a parallelization problem, more threads would help.",
		"Whether this is a network problem is unclear.",
		"The answer is to reuse the connection across requests.",
		"The answer isn't parallelization.",
		"The category is api_misuse or memory_inefficiency.",
		"I'd classify this as api_misuse, memory_inefficiency.",
		"This is a hard problem.",
		"This is a memory_inefficiency.",
		"This is a case of lock contention.",
		"The category is clear.",
		"It falls under two headings.",
		"The subcategory is parallelization.",
		"Recategorize this as parallelization.",
		// A label mid-line that is prose, or names none or two.
		"It is hard to pick the category: it is hard to say.",
		"It is hard to pick the Category: it is hard to say.",
		"The change falls in the Category: api_misuse bucket, or maybe another.",
		"This is not Category: parallelization at all.",
		"The candidates are Category: api_misuse or memory_inefficiency.",
		"We could write Category: speed here.",
		"A SubCategory: parallelization is no label.",
		"Step 1: category: parallelization?",
	} {
		if c, raw := Category(in); c != "" || raw != "" {
			t.Errorf("Category(%q) = %q, %q; want none", in, c, raw)
		}
	}
}

// Every category's name reads as itself, and so do its spellings with
// spaces, in capitals and in CamelCase.
func TestCategoryNames(t *testing.T) {
	for _, c := range table.Categories {
		camel := ""
		for _, w := range strings.Split(c, "_") {
			camel += strings.ToUpper(w[:1]) + w[1:]
		}
		for _, written := range []string{c, strings.ReplaceAll(c, "_", " "), strings.ToUpper(c), camel} {
			if got, _ := Category("Category: " + written); got != c {
				t.Errorf("Category(%q) = %q, want %q", "Category: "+written, got, c)
			}
		}
	}
}

// categoryLabel is the rule categoryAt follows on a line's text, as a
// regular expression: the value is its group.
var categoryLabel = regexp.MustCompile(`^(?i)[ \t*#>_-]*(?:[0-9]{1,3}[.)][ \t*_]*)?(?:(?-i:[A-Za-z]+)[ \t]+)?` +
	`category[ \t*_]*(?:$|(?::|=|\x{2013}|\x{2014}|\x{FF1A}|-(?:[ \t]|$))[ \t*_]*(.*)$)`)

var letter = regexp.MustCompile(`[A-Za-z]`)

// lastCategoryByRegexp is lastCategory written plainly: each line
// matched with categoryLabel, a value without a letter taken from the
// next line with one.
func lastCategoryByRegexp(s string) (value string, found bool) {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	for i, line := range lines {
		m := categoryLabel.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		v, ok := m[1], true
		if !letter.MatchString(v) {
			ok = false
			for _, next := range lines[i+1:] {
				if letter.MatchString(next) {
					v, ok = next, true
					break
				}
			}
		}
		if ok {
			value, found = v, true
		}
	}
	return value, found
}

// lastCategory reads what the regular expression would, on any text; a
// category is one of the known names or none, and a category line added
// at the end has the last word.
func FuzzCategory(f *testing.F) {
	for _, s := range []string{
		"It was slow.\n\nCategory: inefficient_algorithm",
		"**Category:** `memory_inefficiency`",
		"category = Inefficient IO",
		"Category: parallelization\nCategory: speed",
		"Category:\n\ncategory: inefficient_io",
		"Category: _*\nx",
		"Category:  *",
		"> - category\n: api_misuse",
		"The category is plain.\n  \n## Category = 'inefficient-io'",
		"Category: \u212aernel \u017fpeed",
		"4. **Category** \u2014 Parallelisation\r\n",
		"## Category\n\n`micro-architectural` (branches)",
		"Final category - I/O / buffering",
		"Category-wise, 12) category:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		value, found := lastCategory(s)
		if v, ok := lastCategoryByRegexp(s); found != ok || value != v {
			t.Errorf("lastCategory(%q) = %q, %v; the regular expression reads %q, %v", s, value, found, v, ok)
		}
		c, raw := Category(s)
		if c != "" && !table.IsCategory(c) {
			t.Errorf("Category(%q) = %q, not a category", s, c)
		}
		if c != categoryOf(raw) {
			t.Errorf("Category(%q) = %q, but its raw value %q maps to %q", s, c, raw, categoryOf(raw))
		}
		if c, _ := Category(s + "\nCategory: api_misuse"); c != "api_misuse" {
			t.Errorf("Category(%q + a last line naming api_misuse) = %q", s, c)
		}
	})
}

// A description whose category is only declared in its last sentence
// is read for it.
func BenchmarkCategoryDeclared(b *testing.B) {
	description := strings.Repeat("The loop rebuilt the string on every pass, so each append copied everything "+
		"written so far; it isn't a parallelization problem.\n\n", 24) + "So the answer is **memory_inefficiency**.\n"
	b.SetBytes(int64(len(description)))
	for b.Loop() {
		Category(description)
	}
}

func BenchmarkCategory(b *testing.B) {
	description := strings.Repeat("The loop rebuilt the string on every pass, so each append copied everything "+
		"written so far.\n\n", 24) + "- Fix: size a builder once.\n\n**Category:** `memory_inefficiency`\n"
	b.SetBytes(int64(len(description)))
	for b.Loop() {
		Category(description)
	}
}
