package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

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
