package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/prompt"
	"github.com/perfcon/perfcon/internal/table"
)

// The README's perfcon commands name subcommands and flags that exist,
// and its make commands set variables the Makefile has: in its shell
// blocks, and in its inline code spans.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	makefile, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	fenced, shell := false, false // in a fenced block; in a shell one
	var cont string
	for _, l := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			shell = fenced && (l == "```" || l == "```sh")
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
	for _, m := range regexp.MustCompile("`((?:bin/)?perfcon [^`]+|make [A-Z][^`]*)`").FindAllStringSubmatch(string(readme), -1) {
		lines = append(lines, strings.ReplaceAll(m[1], "\n", " "))
	}
	perfconCmds, makeCmds := 0, 0
	for _, line := range lines {
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
				checkPerfcon(t, line, words[1:])
			case "make":
				makeCmds++
				for _, w := range words[1:] {
					name, _, ok := strings.Cut(w, "=")
					if ok && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(name)+`\s*(\?|:)?=`).Match(makefile) {
						t.Errorf("%q: the Makefile has no variable %s", line, name)
					}
				}
			}
		}
	}
	if perfconCmds < 30 || makeCmds < 10 {
		t.Errorf("read %d perfcon and %d make commands in the README: is the parser broken?", perfconCmds, makeCmds)
	}
}

// checkPerfcon checks that args name a subcommand and only flags it has.
func checkPerfcon(t *testing.T, line string, args []string) {
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
		t.Errorf("%q: no such subcommand (%v)", line, err)
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
			t.Errorf("%q: %s has no flag --%s", line, cmd.CommandPath(), name)
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
