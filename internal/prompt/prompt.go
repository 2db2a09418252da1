package prompt

import (
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"text/template"

	"github.com/zeebo/xxh3"

	"github.com/perfcon/perfcon/internal/llm"
	"github.com/perfcon/perfcon/internal/table"
)

//go:embed templates/*.tmpl
var files embed.FS

// templates holds every version, parsed once, sources the hash of its
// file, and defines whether it shows the categories' definitions.
var templates, sources, defines = func() (map[string]*template.Template, map[string]string, map[string]bool) {
	names, err := fs.Glob(files, "templates/*.tmpl")
	if err != nil {
		panic(err)
	}
	m, sums, defs := map[string]*template.Template{}, map[string]string{}, map[string]bool{}
	for _, n := range names {
		v := strings.TrimSuffix(path.Base(n), ".tmpl")
		m[v] = template.Must(template.ParseFS(files, n))
		b, err := files.ReadFile(n)
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		sums[v] = string(sum[:])
		defs[v] = strings.Contains(string(b), ".Definitions")
	}
	return m, sums, defs
}()

// Versions in use.
const (
	// DescribeVersion gives the categories' definitions (describe-v1
	// gave their names only).
	DescribeVersion = "describe-v2"
	GenerateVersion = "generate-v1"
	// GenerateRepoVersion asks for a repository task's function alone,
	// showing the file around it.
	GenerateRepoVersion = "generate-repo-v1"
	// JudgeVersion asks whether a mined commit is performance work, and
	// if so of which category (judge-v1 asked the first alone, with
	// fewer of the cases that are not);
	// ClassifyVersion asks for its category.
	JudgeVersion    = "judge-v2"
	ClassifyVersion = "classify-v1"
	// DraftVersion asks for a harness that makes a commit's code
	// executable, under the contract that defeats caching across calls
	// (draft-v1 asked for one input called N times); DraftFixVersion
	// sends a draft back with the reason it failed validation.
	DraftVersion    = "draft-v2"
	DraftFixVersion = "draft-fix-v2"
	// DraftRepoVersion asks for the harness alone of a repository task
	// (the function runs in its repository's tree: no prelude);
	// DraftRepoFixVersion sends one back with why it failed.
	DraftRepoVersion    = "draft-repo-v1"
	DraftRepoFixVersion = "draft-repo-fix-v1"
	// RefineFixVersion sends a wrong generation back with its failure;
	// RefineOptimiseVersion sends a correct one back with its cost.
	RefineFixVersion      = "refine-fix-v1"
	RefineOptimiseVersion = "refine-optimise-v1"
)

// Input is what a template can refer to.
type Input struct {
	Language    string
	Message     string
	CodeBefore  string
	CodeAfter   string
	Description string
	// Patch is a change as a unified diff (the judge and classifier see
	// a mined commit this way).
	Patch string
	// What a harness draft is asked from: the function's name and file,
	// a shipped harness of the language as an example, and, when a draft
	// is sent back, its prelude and harness and why it failed.
	Symbol, FilePath, Example string
	Prelude, Harness, Failure string
	// Context is the changed file as it was before the commit (cut to
	// a size), for the imports, types and helpers a function uses.
	Context string
	// Code is a generation sent back to its model, and Feedback what
	// running it showed.
	Code, Feedback string
	// Import is how a repository task's harness reaches the function:
	// the import line of its package.
	Import string
}

var categories = strings.Join(table.Categories, ", ")

// definitions lists the categories with their definitions, a line each.
var definitions = func() string {
	var b strings.Builder
	for _, c := range table.Categories {
		fmt.Fprintf(&b, "- %s: %s.\n", c, table.CategoryDefinitions[c])
	}
	return strings.TrimSuffix(b.String(), "\n")
}()

var languageNames = map[string]string{"python": "Python", "go": "Go", "cpp": "C++", "c": "C"}

// Render turns the template version into chat messages.
func Render(version string, in Input) ([]llm.Message, error) {
	t, ok := templates[version]
	if !ok {
		return nil, fmt.Errorf("prompt %s: no such template", version)
	}
	data := in.data()
	msgs := make([]llm.Message, 0, 2)
	for _, role := range []string{"system", "user"} {
		var b strings.Builder
		if role == "user" { // the system message is short
			b.Grow(len(in.CodeBefore) + len(in.CodeAfter) + len(in.Message) + len(in.Description) + len(in.Patch) +
				len(in.Example) + len(in.Prelude) + len(in.Harness) + len(in.Failure) + len(in.Context) +
				len(in.Code) + len(in.Feedback) + 2048)
		}
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
	Patch                                                 string
	Symbol, FilePath, Example, Prelude, Harness, Failure  string
	Context, Code, Feedback                               string
	Definitions                                           string
	Import                                                string
}

func (in Input) data() data {
	return data{in.Language, in.Message, in.CodeBefore, in.CodeAfter, in.Description,
		cmp.Or(languageNames[in.Language], in.Language), categories, in.Patch,
		in.Symbol, in.FilePath, in.Example, in.Prelude, in.Harness, in.Failure, in.Context, in.Code, in.Feedback,
		definitions, in.Import}
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
// the template file, and every value the template can see, each with its
// length. Equal digests render equal messages.
//
// The hash is XXH3's 128 bits, not a cryptographic one: a cached rerun
// hashes every prompt's inputs, and SHA-256 took a fifth of its time,
// twenty times XXH3's. Nobody is trying to make two prompts collide in a
// cache of one's own, and by chance 10^9 prompts collide with odds of
// 10^-21. Each value is hashed where it lies, then the lengths and hashes
// together.
func (p *Prompt) Digest() [16]byte {
	d := p.In.data()
	if !defines[p.Version] {
		d.Definitions = ""
	}
	values := [...]string{renderScheme, p.Version, sources[p.Version], d.Language, d.Message, d.CodeBefore,
		d.CodeAfter, d.Description, d.LanguageName, d.Categories, d.Patch,
		d.Symbol, d.FilePath, d.Example, d.Prelude, d.Harness, d.Failure, d.Context, d.Code, d.Feedback,
		d.Definitions, d.Import}
	// Fields added since the first version (Patch on) are hashed up to
	// the last one set, so the prompts made before them keep their
	// digests (and their cached answers); every value is hashed at its
	// place with its length, so prompts that set different fields never
	// collide. The definitions, the same for every prompt, count as set
	// only for the versions that show them (their template names
	// .Definitions): the earlier ones never did.
	n := len(values)
	for n > firstAdded && values[n-1] == "" {
		n--
	}
	var b [len(values) * 24]byte
	for i, s := range values[:n] {
		binary.LittleEndian.PutUint64(b[24*i:], uint64(len(s)))
		h := xxh3.HashString128(s).Bytes()
		copy(b[24*i+8:], h[:])
	}
	return xxh3.Hash128(b[:24*n]).Bytes()
}

// firstAdded is the index in Digest's values of the first field added
// after the first version.
const firstAdded = 10
