package prompt

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/binary"
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

// templates holds every version, parsed once, and the hash of its file.
var templates, sources = func() (map[string]*template.Template, map[string][sha256.Size]byte) {
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		panic(err)
	}
	m, sums := map[string]*template.Template{}, map[string][sha256.Size]byte{}
	for _, n := range names {
		v := strings.TrimSuffix(path.Base(n), ".tmpl")
		m[v] = template.Must(template.ParseFS(files, n))
		b, err := files.ReadFile(n)
		if err != nil {
			panic(err)
		}
		sums[v] = sha256.Sum256(b)
	}
	return m, sums
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
	data := in.data()
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

// data is what a template sees. One flat struct: templates look fields up
// by name, and that is slow through an embedded one.
type data struct {
	Language, Message, CodeBefore, CodeAfter, Description string
	LanguageName, Categories                              string
}

func (in Input) data() data {
	return data{in.Language, in.Message, in.CodeBefore, in.CodeAfter, in.Description,
		cmp.Or(languageNames[in.Language], in.Language), categories}
}

// renderScheme names how Render turns a template and its data into
// messages. Change it whenever Render's own code changes what it makes,
// or answers cached for the old messages would be served for the new:
// TestDigestPinsRender fails until it is.
const renderScheme = "perfcon render v1"

// Prompt is a template version with its inputs; it renders only when
// asked (it is an llm.Prompt).
type Prompt struct {
	Version string
	In      Input
}

// New checks that the version exists and returns its prompt for in.
func New(version string, in Input) (*Prompt, error) {
	if _, ok := templates[version]; !ok {
		return nil, fmt.Errorf("prompt %s: no such template", version)
	}
	return &Prompt{version, in}, nil
}

// Render makes the messages.
func (p *Prompt) Render() ([]llm.Message, error) { return Render(p.Version, p.In) }

// Digest hashes everything the messages are made from: how Render works,
// the template file, and every value the template can see, each written
// with its length. Equal digests render equal messages.
func (p *Prompt) Digest() [sha256.Size]byte {
	d := p.In.data()
	src := sources[p.Version]
	fields := []string{renderScheme, p.Version, string(src[:]), d.Language, d.Message, d.CodeBefore,
		d.CodeAfter, d.Description, d.LanguageName, d.Categories}
	size := 0
	for _, s := range fields {
		size += 8 + len(s)
	}
	b := make([]byte, 0, size)
	for _, s := range fields {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return sha256.Sum256(b)
}

// indexFold is the index of the first ASCII word w in s in any case, or -1.
func indexFold(s, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i]|0x20 == w[0] && strings.EqualFold(s[i:i+len(w)], w) {
			return i
		}
	}
	return -1
}

var categoryLine = regexp.MustCompile(`(?im)^[\s*#>_-]*category\s*[:=][\s*_` + "`" + `"']*([a-z_ -]+)`)

// Category reads the last "Category: <name>" line of a description and
// returns the name when it is one of the known categories.
func Category(description string) string {
	// Every match holds the word; the regular expression need only read
	// from the line where it first appears.
	i := indexFold(description, "category")
	if i < 0 {
		return ""
	}
	m := categoryLine.FindAllStringSubmatch(description[strings.LastIndexByte(description[:i], '\n')+1:], -1)
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
