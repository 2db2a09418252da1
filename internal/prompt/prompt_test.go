package prompt

import (
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
