// Package answertest reads the corpus of realistic model answers that
// perfcon's tests hold the answer parser and the LLM stages to: the
// txtar files of internal/prompt/testdata/answers (their format is in
// that folder's README), each an answer as a chat or reasoning model
// writes it, with the category, code and status it must read as.
package answertest

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/perfcon/perfcon/internal/table"
)

// Entry is an answer of the corpus with what it must read as.
type Entry struct {
	Name                     string // the file's name without .txtar
	Kind, Task               string // describe or generate; a task of datasets/core
	Category, Status, Finish string // the category (describe), extract status (generate), finish_reason
	Truncated                bool   // the answer was cut short
	Answer, Code             string // the answer as sent; the code it must give (generate)
	HasCode                  bool
}

// Read reads and checks one file of the corpus. A generate entry's
// status is not checked against the extract statuses (this package
// cannot import prompt's); a test that can, does.
func Read(path string) (Entry, error) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{Name: strings.TrimSuffix(filepath.Base(path), ".txtar")}
	keys := map[string]bool{}
	for line := range strings.Lines(string(a.Comment)) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return e, fmt.Errorf("comment line %q is not key: value", line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if keys[k] {
			return e, fmt.Errorf("key %q given twice", k)
		}
		keys[k] = true
		switch k {
		case "kind":
			e.Kind = v
		case "task":
			e.Task = v
		case "category":
			e.Category = v
		case "status":
			e.Status = v
		case "truncated":
			if v != "true" && v != "false" {
				return e, fmt.Errorf("truncated %q is not true or false", v)
			}
			e.Truncated = v == "true"
		case "finish":
			if v != "stop" && v != "length" {
				return e, fmt.Errorf("finish %q is not stop or length", v)
			}
			e.Finish = v
		default:
			return e, fmt.Errorf("unknown key %q", k)
		}
	}
	for _, f := range a.Files {
		switch f.Name {
		case "answer":
			e.Answer = string(f.Data)
		case "code":
			e.Code, e.HasCode = string(f.Data), true
		default:
			return e, fmt.Errorf("unknown file %q", f.Name)
		}
	}
	switch {
	case e.Kind == "describe" && (!keys["category"] || keys["status"] || e.HasCode):
		return e, fmt.Errorf("a describe entry has a category key, and no status or code")
	case e.Kind == "describe" && e.Category != "" && !table.IsCategory(e.Category):
		return e, fmt.Errorf("category %q is not one of %s", e.Category, strings.Join(table.Categories, ", "))
	case e.Kind == "generate" && (!keys["status"] || keys["category"]):
		return e, fmt.Errorf("a generate entry has a status key, and no category")
	case e.Kind != "describe" && e.Kind != "generate":
		return e, fmt.Errorf("kind %q is not describe or generate", e.Kind)
	case !keys["task"] || !keys["truncated"] || !keys["finish"]:
		return e, fmt.Errorf("task, truncated and finish are all needed")
	case e.Truncated != (e.Finish == "length"):
		return e, fmt.Errorf("truncated %v with finish %s: a cut answer ends at its token bound", e.Truncated, e.Finish)
	case strings.TrimSpace(e.Answer) == "":
		return e, fmt.Errorf("no answer file")
	}
	return e, nil
}

// Load reads every entry of the corpus in dir, in the files' order.
func Load(dir string) ([]Entry, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no corpus entries (*.txtar) in %s", dir)
	}
	var out []Entry
	for _, p := range paths {
		e, err := Read(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, e)
	}
	return out, nil
}
