package prompt

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"text/template"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/table"
)

//go:embed templates/*.tmpl
var files embed.FS

// templates holds every version, parsed once.
var templates = func() map[string]*template.Template {
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		panic(err)
	}
	m := map[string]*template.Template{}
	for _, n := range names {
		m[strings.TrimSuffix(path.Base(n), ".tmpl")] = template.Must(template.ParseFS(files, n))
	}
	return m
}()

// Versions in use.
const (
	DescribeVersion = "describe-v1"
	GenerateVersion = "generate-v1"
)

// Input is what a template can refer to.
type Input struct {
	Language    string
	Message     string
	CodeBefore  string
	CodeAfter   string
	Description string
}

var categories = strings.Join(table.Categories, ", ")

var languageNames = map[string]string{"python": "Python", "go": "Go", "cpp": "C++"}

// Render turns the template version into chat messages.
func Render(version string, in Input) ([]llm.Message, error) {
	t, ok := templates[version]
	if !ok {
		return nil, fmt.Errorf("prompt %s: no such template", version)
	}
	// One flat struct: templates look fields up by name, and that is slow
	// through an embedded one.
	data := struct {
		Language, Message, CodeBefore, CodeAfter, Description string
		LanguageName, Categories                              string
	}{in.Language, in.Message, in.CodeBefore, in.CodeAfter, in.Description,
		cmp.Or(languageNames[in.Language], in.Language), categories}
	var msgs []llm.Message
	for _, role := range []string{"system", "user"} {
		var b strings.Builder
		b.Grow(len(in.CodeBefore) + len(in.CodeAfter) + len(in.Message) + len(in.Description) + 2048)
		if err := t.ExecuteTemplate(&b, role, data); err != nil {
			return nil, fmt.Errorf("prompt %s: %w", version, err)
		}
		msgs = append(msgs, llm.Message{Role: role, Content: strings.TrimSpace(b.String())})
	}
	return msgs, nil
}

var categoryLine = regexp.MustCompile(`(?im)^[\s*#>_-]*category\s*[:=][\s*_` + "`" + `"']*([a-z_ -]+)`)

// Category reads the last "Category: <name>" line of a description and
// returns the name when it is one of the known categories.
func Category(description string) string {
	m := categoryLine.FindAllStringSubmatch(description, -1)
	if len(m) == 0 {
		return ""
	}
	c := strings.ToLower(strings.TrimSpace(m[len(m)-1][1]))
	c = strings.NewReplacer(" ", "_", "-", "_").Replace(c)
	if table.IsCategory(c) {
		return c
	}
	return ""
}
