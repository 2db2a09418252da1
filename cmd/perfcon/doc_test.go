package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// The perfcon commands of every page (the README, docs/ and the task
// sets' pages) name subcommands and flags that exist, and their make
// commands name targets and set variables the Makefile has: in their
// shell blocks, and in their inline code spans.
func TestDocPagesCommands(t *testing.T) {
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	perfconCmds, makeCmds := 0, 0
	for _, page := range docPages(t) {
		text, err := os.ReadFile(filepath.Join(repoRoot, page))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range pageCommands(string(text)) {
			if i := strings.Index(line, " # "); i >= 0 {
				line = line[:i]
			}
			for _, seg := range regexp.MustCompile(`&&|[;&|]`).Split(line, -1) {
				words := shellWords(seg)
				if len(words) == 0 {
					continue
				}
				switch words[0] {
				case "bin/perfcon", "perfcon":
					perfconCmds++
					checkPerfcon(t, page, line, words[1:])
				case "make":
					makeCmds++
					checkMake(t, page, line, words[1:], string(makefile))
				}
			}
		}
	}
	if perfconCmds < 30 || makeCmds < 10 {
		t.Errorf("read %d perfcon and %d make commands in the pages: is the parser broken?", perfconCmds, makeCmds)
	}
}

// repoRoot is the repository, from this package's folder.
const repoRoot = "../.."

// docPages lists the Markdown pages of the repository, relative to its
// root: the README, docs/, the task sets' pages and any other, but not
// test data, hidden folders or what make writes under reports/ (its
// README.md aside).
func docPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(repoRoot, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || rel == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(rel, ".md") && (!strings.HasPrefix(rel, "reports/") || rel == "reports/README.md") {
			pages = append(pages, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"README.md", "datasets/README.md"} {
		if !slices.Contains(pages, want) {
			t.Fatalf("found the pages %v, without %s", pages, want)
		}
	}
	return pages
}

// pageCommands returns a page's shell lines (continuations joined) and
// its inline code spans that are perfcon or make commands.
func pageCommands(text string) []string {
	var lines []string
	fenced, shell := false, false // in a fenced block; in a shell one
	var cont string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l) // fences and lines indented under a list item
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			lang := strings.TrimPrefix(l, "```")
			shell = fenced && (lang == "" || lang == "sh" || lang == "bash" || lang == "shell")
			continue
		}
		if !shell {
			continue
		}
		if strings.HasSuffix(l, "\\") {
			cont += strings.TrimSuffix(l, "\\") + " "
			continue
		}
		lines = append(lines, cont+l)
		cont = ""
	}
	for _, m := range regexp.MustCompile("`((?:bin/)?perfcon [^`]+|make [A-Za-z][^`]*)`").FindAllStringSubmatch(text, -1) {
		lines = append(lines, strings.ReplaceAll(m[1], "\n", " "))
	}
	return lines
}

// checkMake checks that a make command's words name targets and set
// variables the Makefile has.
func checkMake(t *testing.T, page, line string, args []string, makefile string) {
	t.Helper()
	for _, w := range args {
		if strings.HasPrefix(w, "-") {
			continue
		}
		if name, _, ok := strings.Cut(w, "="); ok {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\s*(\?|:)?=`).MatchString(makefile) {
				t.Errorf("%s: %q: the Makefile has no variable %s", page, line, name)
			}
			continue
		}
		if !makeTargets(makefile)[w] {
			t.Errorf("%s: %q: the Makefile has no target %s", page, line, w)
		}
	}
}

// makeTargets returns the targets the Makefile has rules for.
func makeTargets(makefile string) map[string]bool {
	targets := map[string]bool{}
	for _, l := range strings.Split(makefile, "\n") {
		if l == "" || l[0] == '#' || l[0] == '\t' || l[0] == ' ' {
			continue
		}
		before, after, ok := strings.Cut(l, ":")
		if !ok || strings.HasPrefix(after, "=") || strings.ContainsAny(before, "=?+") {
			continue
		}
		for _, name := range strings.Fields(before) {
			targets[name] = true
		}
	}
	return targets
}

// checkPerfcon checks that args name a subcommand and only flags it has.
func checkPerfcon(t *testing.T, page, line string, args []string) {
	t.Helper()
	root := rootCommand(io.Discard, io.Discard)
	root.InitDefaultHelpCmd()
	// The root's own flags come first (--tables DIR).
	for len(args) > 1 && args[0] == "--tables" {
		args = args[2:]
	}
	if len(args) > 0 && args[0] == strings.ToUpper(args[0]) {
		return // a placeholder: perfcon STAGE ...
	}
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Errorf("%s: %q: no such subcommand (%v)", page, line, err)
		return
	}
	for _, a := range rest {
		if a == "--" {
			break // the stage's own flags follow (perfcon slurm)
		}
		if !strings.HasPrefix(a, "--") || len(a) == 2 {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !hasFlag(cmd, name) {
			t.Errorf("%s: %q: %s has no flag --%s", page, line, cmd.CommandPath(), name)
		}
	}
}

func hasFlag(cmd *cobra.Command, name string) bool {
	return cmd.Flags().Lookup(name) != nil || cmd.InheritedFlags().Lookup(name) != nil || name == "help"
}

// shellWords splits a command as a shell would, quotes included, and
// drops redirections.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	quote := byte(0)
	have := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '\'' || c == '"':
			quote, have = c, true
		case c == ' ' || c == '\t':
			if have || cur.Len() > 0 {
				words = append(words, cur.String())
			}
			cur.Reset()
			have = false
		default:
			cur.WriteByte(c)
		}
	}
	if have || cur.Len() > 0 {
		words = append(words, cur.String())
	}
	out := words[:0]
	for i := 0; i < len(words); i++ {
		if words[i] == ">" || words[i] == "2>" || words[i] == "<" {
			i++ // and its file
			continue
		}
		if strings.HasPrefix(words[i], ">") || strings.HasPrefix(words[i], "2>") {
			continue
		}
		out = append(out, words[i])
	}
	return out
}

// The README's categories table, perfcon help categories and the
// describe prompt give each category the same definition.
func TestCategoryDefinitionsAgree(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var help bytes.Buffer
	if err := perfcon(context.Background(), &help, &help, []string{"help", "categories"}); err != nil {
		t.Fatal(err)
	}
	msgs, err := prompt.Render(prompt.DescribeVersion, prompt.Input{Language: "go", CodeBefore: "a", CodeAfter: "b"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range table.Categories {
		def := table.CategoryDefinitions[c]
		if !strings.Contains(string(readme), "| `"+c+"` | "+def+" |") {
			t.Errorf("README's categories table does not give %s the definition %q", c, def)
		}
		if !strings.Contains(help.String(), c) || !strings.Contains(strings.Join(strings.Fields(help.String()), " "), def) {
			t.Errorf("perfcon help categories does not give %s its definition", c)
		}
		if !strings.Contains(msgs[len(msgs)-1].Content, def) {
			t.Errorf("the %s prompt does not give %s its definition", prompt.DescribeVersion, c)
		}
	}
}

// The README is a short guide: under 3,000 words, with a table of contents
// near the top whose links lead to its headings, every section of the
// page among them, and a link to every page of docs/, so that nothing
// moved out of it is lost.
func TestREADMEContents(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	if n := len(strings.Fields(readme)); n >= 3000 {
		t.Errorf("README.md has %d words; keep it under 3,000 and move the rest to docs/", n)
	}
	lines := strings.Split(readme, "\n")
	contents := -1
	for i, l := range lines {
		if regexp.MustCompile(`(?i)^##\s+(table of )?contents\s*$`).MatchString(l) {
			contents = i
			break
		}
	}
	if contents < 0 || contents > 40 {
		t.Fatalf("README.md: no \"## Contents\" heading within its first 40 lines")
	}
	var toc []string // the anchors the table of contents links to
	for _, l := range lines[contents+1:] {
		if strings.HasPrefix(l, "#") {
			break
		}
		for _, m := range regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(l, -1) {
			toc = append(toc, m[1])
		}
	}
	anchors := headingAnchors(readme)
	if len(toc) == 0 {
		t.Error("README.md: its table of contents links to nothing")
	}
	for _, a := range toc {
		if !anchors[a] {
			t.Errorf("README.md: the table of contents links to #%s, which is no heading", a)
		}
	}
	fenced := false
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
		}
		if h, ok := strings.CutPrefix(l, "## "); ok && !fenced && !slices.Contains(toc, slug(h)) &&
			!regexp.MustCompile(`(?i)^(table of )?contents$`).MatchString(strings.TrimSpace(h)) {
			t.Errorf("README.md: the section %q is not in the table of contents", h)
		}
	}
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		name := "docs/" + filepath.Base(d)
		if !strings.Contains(readme, "]("+name) {
			t.Errorf("README.md does not link to %s", name)
		}
	}
}

// Every relative link of every page leads to a file that exists and, with
// an #anchor, to a heading of that page; every page of docs/ links back
// to the README.
func TestDocPagesLinks(t *testing.T) {
	for _, page := range docPages(t) {
		b, err := os.ReadFile(filepath.Join(repoRoot, page))
		if err != nil {
			t.Fatal(err)
		}
		links := pageLinks(string(b))
		if strings.HasPrefix(page, "docs/") && !slices.ContainsFunc(links, func(l string) bool {
			return strings.HasPrefix(l, "../README.md")
		}) {
			t.Errorf("%s does not link back to the README (../README.md)", page)
		}
		for _, link := range links {
			if regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`).MatchString(link) {
				continue // http:, https:, mailto:
			}
			target, anchor, _ := strings.Cut(link, "#")
			file := filepath.Join(repoRoot, filepath.Dir(page), filepath.FromSlash(target))
			if target == "" {
				target, file = page, filepath.Join(repoRoot, page)
			}
			text, err := os.ReadFile(file)
			if err != nil {
				if info, serr := os.Stat(file); serr == nil && info.IsDir() && anchor == "" {
					continue // a folder
				}
				t.Errorf("%s: the link %q leads to no file (%v)", page, link, err)
				continue
			}
			if anchor != "" && !headingAnchors(string(text))[anchor] {
				t.Errorf("%s: the link %q names no heading of %s", page, link, target)
			}
		}
	}
}

// pageLinks returns the targets of a page's Markdown links, outside code.
func pageLinks(text string) []string {
	var links []string
	fenced := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		l = regexp.MustCompile("`[^`]*`").ReplaceAllString(l, "")
		for _, m := range regexp.MustCompile(`\]\(([^)\s]+)(\s+"[^"]*")?\)`).FindAllStringSubmatch(l, -1) {
			links = append(links, m[1])
		}
	}
	return links
}

// headingAnchors returns the anchors of a page's headings, as GitHub makes
// them.
func headingAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	fenced := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			continue
		}
		m := regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`).FindStringSubmatch(l)
		if fenced || m == nil {
			continue
		}
		a := slug(m[1])
		if n := seen[a]; n > 0 {
			anchors[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			anchors[a] = true
		}
		seen[a]++
	}
	return anchors
}

// slug is GitHub's anchor of a heading: lower case, spaces as hyphens,
// and only letters, digits, hyphens and underscores kept.
func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
