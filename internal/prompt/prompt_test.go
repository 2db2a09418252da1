package prompt

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/perfcon/perfcon/internal/table"
)

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
	for _, c := range table.Categories {
		if want := "- " + c + ": " + table.CategoryDefinitions[c] + ".\n"; !strings.Contains(msgs[1].Content, want) {
			t.Errorf("describe prompt lacks the definition line %q", want)
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

// The definitions are a value the describe prompt shows: changing one
// changes its digest, and leaves those of the versions that never showed
// them.
func TestDigestCoversDefinitions(t *testing.T) {
	in := Input{Language: "go", Message: "m", CodeBefore: "b", CodeAfter: "a"}
	digests := func() map[string][16]byte {
		m := map[string][16]byte{}
		for _, v := range []string{DescribeVersion, "describe-v1", GenerateVersion} {
			p, err := New(v, in)
			if err != nil {
				t.Fatal(err)
			}
			m[v] = p.Digest()
		}
		return m
	}
	was := digests()
	saved := definitions
	defer func() { definitions = saved }()
	definitions = strings.Replace(definitions, "memory", "Memory", 1)
	now := digests()
	if now[DescribeVersion] == was[DescribeVersion] {
		t.Errorf("%s: changing a definition leaves the digest", DescribeVersion)
	}
	for _, v := range []string{"describe-v1", GenerateVersion} {
		if now[v] != was[v] {
			t.Errorf("%s: changing a definition changes the digest of a prompt that does not show them", v)
		}
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
		{"describe-v1", "cdc0fd026cf5f33c893e569c7939fed6",
			"6ace7a1b26be6dc491acdc73ff3c916ac531352563bbda32f46668ae286a769e"},
		{"describe-v2", "76948384e6456692bb757ca2fe233163",
			"6fb6906a0bed2dddb465f0aa70f5b9e70bf46b509444850109486376eae8fe56"},
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
