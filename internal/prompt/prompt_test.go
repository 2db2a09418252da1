package prompt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func TestCode(t *testing.T) {
	const f = "def f(xs):\n    return sorted(xs)\n"
	for _, tc := range []struct {
		name, answer, wantCode, wantStatus string
	}{
		{"one fenced block", "Here it is:\n```python\n" + f + "```\nDone.", f, ExtractFenced},
		{"no language tag", "```\n" + f + "```", f, ExtractFenced},
		{"tildes", "~~~py\n" + f + "~~~", f, ExtractFenced},
		{"longer fence", "````python\n" + f + "````", f, ExtractFenced},
		{"prefers the tagged block", "```bash\npip install x\n```\n```python\n" + f + "```", f, ExtractMultiple},
		{"prefers the block with the symbol", "```python\nimport os\n```\n```python\n" + f + "```", f, ExtractMultiple},
		{"unfenced code", f, f, ExtractUnfenced},
		{"truncated", "```python\n" + f, f, ExtractTruncated},
		{"prose only", "I would sort the list once instead of twice.", "", ExtractEmpty},
		{"empty block", "```python\n```", "", ExtractEmpty},
		{"empty answer", "", "", ExtractEmpty},
		{"indented fence", "  ```python\n" + f + "  ```", f, ExtractFenced},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, status := Code(tc.answer, "python", "f")
			if code != tc.wantCode || status != tc.wantStatus {
				t.Errorf("Code() = %q, %q; want %q, %q", code, status, tc.wantCode, tc.wantStatus)
			}
		})
	}
}

func TestCategory(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"It was slow.\n\nCategory: inefficient_algorithm", "inefficient_algorithm"},
		{"**Category:** `memory_inefficiency`", "memory_inefficiency"},
		{"category = Inefficient IO", "inefficient_io"},
		{"Category: api-misuse", "api_misuse"},
		{"Category: fast\nCategory: parallelization", "parallelization"},
		{"Category: speed", ""},
		{"no category at all", ""},
		{"The category is plain.\n\nCATEGORY:\n  Inefficient_IO", "inefficient_io"},
		{"Category: fast\n> **category:** `memory_inefficiency`", "memory_inefficiency"},
	} {
		if got := Category(tc.in); got != tc.want {
			t.Errorf("Category(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRender(t *testing.T) {
	msgs, err := Render(DescribeVersion, Input{Language: "go", Message: "Use a map", CodeBefore: "BEFORE", CodeAfter: "AFTER"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Role != "system" || msgs[1].Role != "user" {
		t.Fatalf("messages %+v, want system then user", msgs)
	}
	for _, want := range []string{"BEFORE", "AFTER", "Use a map", "```go", "micro_architectural", "Category: <name>"} {
		if !strings.Contains(msgs[1].Content, want) {
			t.Errorf("describe prompt lacks %q", want)
		}
	}
	msgs, err = Render(GenerateVersion, Input{Language: "cpp", CodeBefore: "BEFORE", Description: "DESC"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BEFORE", "DESC", "C++"} {
		if !strings.Contains(msgs[1].Content, want) {
			t.Errorf("generate prompt lacks %q", want)
		}
	}
	if strings.Contains(msgs[1].Content, "AFTER") {
		t.Error("generate prompt shows code after")
	}
	if _, err := Render("describe-v999", Input{}); err == nil {
		t.Error("Render of an unknown version succeeded")
	}
}

// A digest stands for the messages it renders: every input changes it.
func TestDigestCoversInputs(t *testing.T) {
	base := Input{Language: "python", Message: "m", CodeBefore: "b", CodeAfter: "a", Description: "d"}
	p, err := New(DescribeVersion, base)
	if err != nil {
		t.Fatal(err)
	}
	same, _ := New(DescribeVersion, base)
	if p.Digest() != same.Digest() {
		t.Error("equal prompts digest apart")
	}
	other, _ := New(GenerateVersion, base)
	if p.Digest() == other.Digest() {
		t.Error("two template versions share a digest")
	}
	for name, edit := range map[string]func(*Input){
		"language":    func(in *Input) { in.Language = "go" },
		"message":     func(in *Input) { in.Message = "m2" },
		"code before": func(in *Input) { in.CodeBefore = "b2" },
		"code after":  func(in *Input) { in.CodeAfter = "a2" },
		"description": func(in *Input) { in.Description = "d2" },
		"boundaries":  func(in *Input) { in.Message, in.CodeBefore = "mb", "" },
	} {
		in := base
		edit(&in)
		q, _ := New(DescribeVersion, in)
		if q.Digest() == p.Digest() {
			t.Errorf("changing the %s leaves the digest", name)
		}
	}
	if _, err := New("describe-v999", base); err == nil {
		t.Error("New of an unknown version succeeded")
	}
}

// The answer cache trusts that a digest names its messages. The digest
// covers the template files and the inputs; this pins what Render's own
// code makes of them. When it fails because Render changed, change
// renderScheme, then the hashes here; when a template file changed, add
// a new version instead (a version, once used, is never edited).
func TestDigestPinsRender(t *testing.T) {
	for _, tc := range []struct {
		version        string
		digest, render string
	}{
		{DescribeVersion, "cdc0fd026cf5f33c893e569c7939fed6",
			"6ace7a1b26be6dc491acdc73ff3c916ac531352563bbda32f46668ae286a769e"},
		{GenerateVersion, "bfc8b9f93ad0d9ce90d29af57fff4bd9",
			"0a468363ce7b0820482b762e9ba779acd3a9a8bab588aabe94c5e503f5c4f7de"},
	} {
		p, err := New(tc.version, Input{Language: "cpp", Message: "Reserve the vector", CodeBefore: "int f();\n",
			CodeAfter: "int g();\n", Description: "It grew the vector one push at a time.\n\nCategory: memory_inefficiency"})
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := p.Render()
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, m := range msgs {
			fmt.Fprintf(h, "%d:%s%d:%s", len(m.Role), m.Role, len(m.Content), m.Content)
		}
		d := p.Digest()
		if got := hex.EncodeToString(d[:]); got != tc.digest {
			t.Errorf("%s: digest %s, want %s", tc.version, got, tc.digest)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != tc.render {
			t.Errorf("%s: rendered messages hash to %s, want %s", tc.version, got, tc.render)
		}
	}
}

// categoryLine is the rule Category follows, as a regular expression.
var categoryLine = regexp.MustCompile(`(?im)^[\s*#>_-]*category\s*[:=][\s*_` + "`" + `"']*([a-z_ -]+)`)

// Category reads what the regular expression would, on any text.
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
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, found := lastCategory(s)
		m := categoryLine.FindAllStringSubmatch(s, -1)
		if found != (len(m) > 0) || (found && name != m[len(m)-1][1]) {
			t.Errorf("lastCategory(%q) = %q, %v; the regular expression finds %q", s, name, found, m)
		}
	})
}
