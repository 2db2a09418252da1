package mining

import (
	"regexp"
	"slices"
	"testing"
)

func TestNeeded(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{`\bfaster\b`, []string{"faster"}},
		{`\b(faster|quicker)\b`, []string{"faster", "quicker"}},
		{`\b(avoid\w*|skip)\b[^.]*\balloc`, []string{"alloc"}},
		{`\b(speed|\d+x)\b`, nil},
		{`\bo\(n\)`, []string{"o(n)"}},
		{`\b(ab|cd)\b`, nil},
	} {
		got := needed(tc.pattern)
		slices.Sort(got)
		slices.Sort(tc.want)
		if !slices.Equal(got, tc.want) {
			t.Errorf("needed(%q) = %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// A cue's needed strings never turn away a text it matches: every cue
// over a corpus of messages, with and without the filter.
func TestNeededKeepsEveryMatch(t *testing.T) {
	texts := []string{
		"speed up parsing by 3x", "reduce allocations in the hot path", "o(n^2) -> o(n)", "avoid re-computing hashes",
		"fix perf test", "don't bother clearing the table", "4s -> 1.3s", "use a lock-free queue", "bump version to 1.2.3",
		"docs: fix typo", "parallelize the checksum", "3 allocs/op -> 0 allocs/op", "cache the result",
	}
	for _, q := range messageCues {
		re := regexp.MustCompile(q.re.String())
		for _, s := range texts {
			if re.MatchString(s) && !mayMatch(q.need, s) {
				t.Errorf("cue %s matches %q but its needed strings %q are not in it", q.name, s, q.need)
			}
		}
	}
}
