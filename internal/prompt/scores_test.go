package prompt

import (
	"fmt"
	"strings"
	"testing"
)

// show prints scores as "4 5 -" (- for none) and the status.
func show(s Scores) string {
	var b strings.Builder
	for _, p := range []*int32{s.NamesInefficiency, s.NamesFix, s.InventsNothing} {
		if p == nil {
			b.WriteString("- ")
		} else {
			fmt.Fprintf(&b, "%d ", *p)
		}
	}
	return b.String() + s.Status
}

// Answers as chat models give them: the asked-for lines, with markdown,
// scales, JSON, tables, reasoning, and the ways they go wrong.
func TestParseScores(t *testing.T) {
	for _, tc := range []struct {
		name, content, field, want string
	}{
		{"as asked", "It names the loop.\n\nInefficiency: 4\nFix: 5\nInvented: 3", "", "4 5 3 ok"},
		{"bold labels", "Reasons...\n\n**Inefficiency:** 4\n**Fix:** 5\n**Invented:** 5", "", "4 5 5 ok"},
		{"bold values and scale", "- Inefficiency: **4**/5\n- Fix: 3 / 5\n- Invented: 5 out of 5", "", "4 3 5 ok"},
		{"column names", "names_inefficiency: 2\nnames_fix = 2\ninvents_nothing: 1", "", "2 2 1 ok"},
		{"parenthesis and heading marks", "### Inefficiency (names_inefficiency): 4\n### Fix (names_fix): 4\n### Invented (invents_nothing): 4", "", "4 4 4 ok"},
		{"json", "```json\n{\"inefficiency\": 4, \"fix\": \"5\", \"invented\": 2}\n```", "", "4 5 2 ok"},
		{"json of column names", `{"names_inefficiency":1,"names_fix":2,"invents_nothing":3}`, "", "1 2 3 ok"},
		{"markdown table", "| Criterion | Score |\n|---|---|\n| **Inefficiency** | 5 |\n| Fix | 4 |\n| Invented | 5 |", "", "5 4 5 ok"},
		{"whole-number decimals", "Inefficiency: 4.0\nFix: 5.0\nInvented: 3", "", "4 5 3 ok"},
		{"one line", "Scores: Inefficiency: 3, Fix: 4, Invented: 5.", "", "3 4 5 ok"},
		{"last occurrence wins", "Inefficiency: 2\nFix: 2\nInvented: 2\n\nOn reflection:\nInefficiency: 4\nFix: 5\nInvented: 5", "", "4 5 5 ok"},
		{"reasoning block is not read", "<think>\nInefficiency: 1\nFix: 1\nInvented: 1\n</think>\nInefficiency: 5\nFix: 4", "", "5 4 - partial"},
		{"reasoning field is not read", "Inefficiency: 3\nFix: 3\nInvented: 4", "Inefficiency: 1\nFix: 1\nInvented: 1", "3 3 4 ok"},
		{"cut inside reasoning", "<think>\nThe loop... Inefficiency: 4", "", "- - - truncated"},
		{"out of range", "Inefficiency: 6\nFix: 0\nInvented: 5", "", "- - 5 out_of_range"},
		{"another scale", "Inefficiency: 8/10\nFix: 4/5\nInvented: 5", "", "- 4 5 out_of_range"},
		{"half points", "Inefficiency: 4.5\nFix: 4\nInvented: 5", "", "- 4 5 out_of_range"},
		{"the last is out of range", "Inefficiency: 4\nFix: 4\nInvented: 4\nInvented: 7", "", "4 4 - out_of_range"},
		{"missing", "Inefficiency: 4\nFix: 5", "", "4 5 - partial"},
		{"placeholders", "Inefficiency: N\nFix: N\nInvented: N", "", "- - - none"},
		{"prose", "The fix replaces the inner loop; nothing is invented.", "", "- - - none"},
		{"labels without numbers", "Inefficiency: the nested loop.\nFix: a set lookup.\nInefficiency: 3\nFix: 4\nInvented: 5", "", "3 4 5 ok"},
		{"prefix is not fix", "prefix: 3\nInefficiency: 3\nFix: 4\nInvented: 5", "", "3 4 5 ok"},
		{"a speedup is no score", "Fix: 3x faster\nInefficiency: 2\nInvented: 2", "", "2 - 2 partial"},
		{"full-width colon and dash", "Inefficiency\uff1a4\nFix \u2014 3\nInvented - 5", "", "4 3 5 ok"},
		{"crlf", "Inefficiency: 4\r\nFix: 4\r\nInvented: 4\r\n", "", "4 4 4 ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(ParseScores(Split(tc.content, tc.field))); got != tc.want {
				t.Errorf("%q\ngot  %s\nwant %s", tc.content, got, tc.want)
			}
		})
	}
}

// The judge sees the message, both versions of the code (or the patch
// when there are none) and the description, and is told the three lines
// to end with.
func TestRenderScore(t *testing.T) {
	msgs, err := Render(ScoreVersion, Input{Language: "go", Message: "Use a map", CodeBefore: "BEFORE", CodeAfter: "AFTER",
		Description: "DESC"})
	if err != nil {
		t.Fatal(err)
	}
	user := msgs[1].Content
	for _, want := range []string{"Use a map", "```go\nBEFORE\n```", "```go\nAFTER\n```", "<explanation>\nDESC\n</explanation>",
		"Inefficiency: N\nFix: N\nInvented: N", "5 = every claim is supported by the code"} {
		if !strings.Contains(user, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, user)
		}
	}
	if strings.Contains(user, "```diff") {
		t.Errorf("the prompt shows a patch beside the code:\n%s", user)
	}
	msgs, err = Render(ScoreVersion, Input{Language: "go", Patch: "-a\n+b", Description: "DESC"})
	if err != nil {
		t.Fatal(err)
	}
	if user := msgs[1].Content; !strings.Contains(user, "```diff\n-a\n+b\n```") || strings.Contains(user, "Code before") ||
		strings.Contains(user, "Commit message") {
		t.Errorf("without code, the prompt should show the patch alone:\n%s", user)
	}
	// The description is in the digest: another description is another
	// cache entry.
	p, _ := New(ScoreVersion, Input{Language: "go", CodeBefore: "a", CodeAfter: "b", Description: "x"})
	q, _ := New(ScoreVersion, Input{Language: "go", CodeBefore: "a", CodeAfter: "b", Description: "y"})
	if p.Digest() == q.Digest() {
		t.Error("two descriptions share a digest")
	}
}
