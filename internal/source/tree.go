package source

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-udiff"
	sitter "github.com/tree-sitter/go-tree-sitter"
	tsc "github.com/tree-sitter/tree-sitter-c/bindings/go"
	tscpp "github.com/tree-sitter/tree-sitter-cpp/bindings/go"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

var grammars = map[string]*sitter.Language{
	Python: sitter.NewLanguage(tspython.Language()),
	C:      sitter.NewLanguage(tsc.Language()),
	CPP:    sitter.NewLanguage(tscpp.Language()),
}

// parsers keeps a parser per language for reuse: making one is cheap,
// but a miner parses thousands of files.
var parsers = map[string]*sync.Pool{}

func init() {
	for lang, g := range grammars {
		parsers[lang] = &sync.Pool{New: func() any {
			p := sitter.NewParser()
			if err := p.SetLanguage(g); err != nil {
				panic(fmt.Sprintf("tree-sitter %s grammar: %v", lang, err))
			}
			return p
		}}
	}
}

// treeFunctions parses a Python, C or C++ file with tree-sitter.
func treeFunctions(lang string, src []byte) ([]Func, error) {
	pool := parsers[lang]
	p := pool.Get().(*sitter.Parser)
	defer pool.Put(p)
	text := prepare(lang, src)
	tree := p.Parse(text, nil)
	if tree == nil {
		return nil, fmt.Errorf("tree-sitter could not parse the %s file", lang)
	}
	defer tree.Close()
	return walk(p, lang, text, tree), nil
}

// treeVersions parses two versions of a file: the second incrementally,
// from the first's tree edited with the lines that changed, which costs a
// fraction of a parse of its own.
func treeVersions(lang string, before, after []byte) (fb, fa []Func, err error) {
	pool := parsers[lang]
	p := pool.Get().(*sitter.Parser)
	defer pool.Put(p)
	tb, ta := prepare(lang, before), prepare(lang, after)
	tree := p.Parse(tb, nil)
	if tree == nil {
		return nil, nil, fmt.Errorf("tree-sitter could not parse the %s file", lang)
	}
	defer tree.Close()
	fb = walk(p, lang, tb, tree)
	edits := udiff.Lines(string(tb), string(ta))
	// Last edit first: the text before an edit is then as in before.
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		start := point(tb, e.Start)
		tree.Edit(&sitter.InputEdit{StartByte: uint(e.Start), OldEndByte: uint(e.End), NewEndByte: uint(e.Start + len(e.New)),
			StartPosition: start, OldEndPosition: point(tb, e.End), NewEndPosition: advance(start, e.New)})
	}
	next := p.Parse(ta, tree)
	if next == nil {
		return nil, nil, fmt.Errorf("tree-sitter could not parse the %s file", lang)
	}
	defer next.Close()
	return fb, walk(p, lang, ta, next), nil
}

// prepare is a file's text as the parser reads it.
func prepare(lang string, src []byte) []byte {
	if lang == Python {
		return src
	}
	return mask(src)
}

// walk lists the functions of a parsed file.
func walk(p *sitter.Parser, lang string, text []byte, tree *sitter.Tree) []Func {
	w := &walker{lang: lang, src: text}
	w.scope(tree.RootNode(), nil)
	if lang != Python && tree.RootNode().HasError() {
		w.recover(p)
	}
	sort.Slice(w.funcs, func(i, j int) bool { return w.funcs[i].Start < w.funcs[j].Start })
	return w.funcs
}

// advance is the point after text written from p.
func advance(p sitter.Point, text string) sitter.Point {
	if n := strings.Count(text, "\n"); n > 0 {
		return sitter.Point{Row: p.Row + uint(n), Column: uint(len(text) - strings.LastIndexByte(text, '\n') - 1)}
	}
	return sitter.Point{Row: p.Row, Column: p.Column + uint(len(text))}
}

// recover finds the C or C++ functions the grammar lost to an error it
// could not contain (a macro it can't expand, braces split over #if
// branches): it finds the functions by their braces and parses each one
// the tree lacks on its own, so that an error elsewhere in the file does
// not reach it. A function the grammar can't read even then is taken as
// its braces show it, named from its header.
func (w *walker) recover(p *sitter.Parser) {
	rs := regions(w.src)
	// A function the grammar found across two functions the braces show
	// is a misreading: the braces are right. Thrown by the error, the
	// grammar may also have lost the namespaces and classes around a
	// function it found; the braces keep them, so a function has one
	// name in every version of its file however the grammar fares with
	// the rest of it. They are taken where they only add to the
	// grammar's name: where the two disagree, the braces may be the ones
	// misled.
	found := w.funcs[:0]
	for _, f := range w.funcs {
		in := within(rs, f)
		if len(in) > 1 {
			continue
		}
		if len(in) == 1 {
			r := in[0]
			braces := strings.Join(append(slices.Clone(r.names), w.declared[f.Start]), "::")
			if b, g := nameParts(braces), nameParts(f.Symbol); len(b) > len(g) && commonTail(b, g) == len(g) {
				f.Symbol = braces
			}
			// The function of the region's header (no brace between the
			// two starts) that the error cut short ends where its braces
			// close: what a macro the grammar misread hid is its body.
			if f.End < r.end && (f.Start < r.start || !bytes.ContainsRune(w.src[r.start:f.Start], '{')) {
				f.End = r.end
			}
		}
		found = append(found, f)
	}
	w.funcs = found
	found = slices.Clone(found)
	defer p.SetIncludedRanges(nil)
	for _, r := range rs {
		if overlaps(found, r.start, r.end) {
			continue
		}
		if err := p.SetIncludedRanges([]sitter.Range{{StartByte: uint(r.start), EndByte: uint(r.end),
			StartPoint: point(w.src, r.start), EndPoint: point(w.src, r.end)}}); err != nil {
			continue
		}
		tree := p.Parse(w.src, nil)
		if tree == nil {
			continue
		}
		before := len(w.funcs)
		w.scope(tree.RootNode(), r.names)
		if len(w.funcs) == before {
			if name := regionName(r.header); name != "" {
				w.add(name, "", r.names, r.start, r.end, int(point(w.src, r.start).Row)+1)
			}
		}
		tree.Close()
	}
}

// within is the regions f overlaps.
func within(rs []region, f Func) []region {
	var in []region
	for _, r := range rs {
		if f.Start < r.end && r.start < f.End {
			in = append(in, r)
		}
	}
	return in
}

func overlaps(fs []Func, start, end int) bool {
	for _, f := range fs {
		if f.Start < end && start < f.End {
			return true
		}
	}
	return false
}

// point is the row and column of byte offset i.
func point(src []byte, i int) sitter.Point {
	row := bytes.Count(src[:i], []byte("\n"))
	col := i - (bytes.LastIndexByte(src[:i], '\n') + 1)
	return sitter.Point{Row: uint(row), Column: uint(col)}
}

type walker struct {
	lang  string
	src   []byte
	funcs []Func
	// declared is each function's name as declared, without the scopes
	// around it, by its start.
	declared map[int]string
}

func (w *walker) text(n *sitter.Node) string { return string(w.src[n.StartByte():n.EndByte()]) }

// scope looks for definitions among the children of n, inside the named
// scopes (classes, namespaces) in names. It does not enter functions.
func (w *walker) scope(n *sitter.Node, names []string) {
	count := n.NamedChildCount()
	for i := uint(0); i < count; i++ {
		c := n.NamedChild(i)
		switch c.Kind() {
		case "function_declarator":
			// A macro before a C or C++ definition ("INLINE int f(...)
			// {...}") can break it up: its parts are left side by side,
			// often in an error node. The declarator and the body that
			// follows it are the function.
			if i+1 < count && n.NamedChild(i+1).Kind() == "compound_statement" {
				w.split(n, i, names)
				i++
			}
		case "function_definition":
			if body := c.ChildByFieldName("body"); w.lang != Python && body != nil && holdsDefinitions(body) {
				// C and C++ functions hold no function definitions: this
				// is a misread scope ("MACRO namespace x {...}").
				w.scope(body, names)
				continue
			}
			w.function(c, c, names)
		case "decorated_definition": // Python
			def := c.ChildByFieldName("definition")
			switch {
			case def == nil:
			case def.Kind() == "function_definition":
				w.function(c, def, names)
			case def.Kind() == "class_definition":
				w.class(def, names)
			}
		case "template_declaration": // C++: the header belongs to what it declares
			if def := lastNamed(c); def != nil && def.Kind() == "function_definition" {
				w.function(c, def, names)
			} else {
				w.scope(c, names)
			}
		case "class_definition", "class_specifier", "struct_specifier", "union_specifier":
			w.class(c, names)
		case "namespace_definition":
			name := ""
			if nn := c.ChildByFieldName("name"); nn != nil {
				name = w.text(nn)
			}
			if body := c.ChildByFieldName("body"); body != nil {
				if name == "" {
					w.scope(body, names)
				} else {
					w.scope(body, append(names[:len(names):len(names)], name))
				}
			}
		case "comment", "string", "expression_statement", "import_statement", "import_from_statement",
			"preproc_include", "preproc_def", "preproc_function_def", "preproc_call", "using_declaration",
			"alias_declaration", "type_definition", "enum_specifier", "field_declaration", "declaration",
			"assignment", "lambda_expression":
			// Nothing defined in these is a function of its own.
		default:
			// Compound statements, preprocessor conditionals, extern "C",
			// error nodes: look inside.
			w.scope(c, names)
		}
	}
}

// split records the function whose declarator is n's named child i and
// whose body is the next one. Its start is that of the type and
// specifiers before the declarator, back to the previous statement,
// comment or preprocessor line.
func (w *walker) split(n *sitter.Node, i uint, names []string) {
	decl, body := n.NamedChild(i), n.NamedChild(i+1)
	start := decl
	for j := int(i) - 1; j >= 0; j-- {
		p := n.NamedChild(uint(j))
		if !partOfType(p.Kind()) || w.endsStatement(p) {
			break
		}
		start = p
	}
	name, sig := w.declaratorName(decl)
	if name == "" {
		return
	}
	w.add(name, sig, names, int(start.StartByte()), int(body.EndByte()), int(start.StartPosition().Row)+1)
}

// partOfType reports whether a node of this kind can be part of the
// return type and specifiers before a declarator.
func partOfType(kind string) bool {
	switch kind {
	case "type_identifier", "primitive_type", "sized_type_specifier", "identifier", "ERROR",
		"storage_class_specifier", "type_qualifier", "attribute_specifier", "attribute_declaration",
		"ms_declspec_modifier", "ms_call_modifier", "struct_specifier", "enum_specifier",
		"union_specifier", "qualified_identifier", "template_type", "placeholder_type_specifier",
		"virtual", "explicit_function_specifier", "macro_type_specifier":
		return true
	}
	return false
}

// endsStatement reports whether n ends with ';' or '}': it is a
// statement or definition of its own, not a part of the next one.
func (w *walker) endsStatement(n *sitter.Node) bool {
	t := strings.TrimSpace(w.text(n))
	return strings.HasSuffix(t, ";") || strings.HasSuffix(t, "}")
}

// class enters a class or struct body.
func (w *walker) class(c *sitter.Node, names []string) {
	body := c.ChildByFieldName("body")
	if body == nil {
		return
	}
	name := "?"
	if nn := c.ChildByFieldName("name"); nn != nil {
		name = compact(w.text(nn))
	}
	w.scope(body, append(names[:len(names):len(names)], name))
}

// function records a definition: whole is its full extent (with
// decorators or template header), def the definition itself.
func (w *walker) function(whole, def *sitter.Node, names []string) {
	if def.ChildByFieldName("body") == nil {
		return
	}
	name, sig := w.nameOf(def)
	if name == "" {
		return
	}
	if w.lang == Python && whole != def {
		// Decorators tell a property's getter and setter apart.
		var decos []string
		for i := uint(0); i < whole.NamedChildCount(); i++ {
			if d := whole.NamedChild(i); d.Kind() == "decorator" {
				decos = append(decos, w.text(d))
			}
		}
		sig = strings.Join(decos, " ")
	}
	w.add(name, sig, names, int(whole.StartByte()), int(whole.EndByte()), int(whole.StartPosition().Row)+1)
}

// add records a function found in the scope names.
func (w *walker) add(name, sig string, names []string, start, end, line int) {
	sep := "::"
	if w.lang == Python {
		sep = "."
	}
	f := Func{Symbol: strings.Join(append(names[:len(names):len(names)], name), sep), Signature: sig,
		Start: start, End: end, Line: line}
	if w.declared == nil {
		w.declared = map[int]string{}
	}
	w.declared[start] = name
	w.funcs = append(w.funcs, f)
}

// nameOf is a definition's name and, for C and C++, its parameters and
// qualifiers as a signature.
func (w *walker) nameOf(def *sitter.Node) (name, sig string) {
	if w.lang == Python {
		if n := def.ChildByFieldName("name"); n != nil {
			return w.text(n), ""
		}
		return "", ""
	}
	return w.declaratorName(def.ChildByFieldName("declarator"))
}

// declaratorName finds the function declarator in d and returns its
// name and, as the signature, its parameters and qualifiers.
func (w *walker) declaratorName(d *sitter.Node) (name, sig string) {
	for d != nil {
		switch d.Kind() {
		case "function_declarator":
			inner := d.ChildByFieldName("declarator")
			if inner == nil {
				return "", ""
			}
			var b strings.Builder
			for i := uint(0); i < d.NamedChildCount(); i++ {
				// The parameters and the qualifiers after them: const,
				// noexcept, &&.
				if q := d.NamedChild(i); q.StartByte() >= inner.EndByte() {
					w.norm(&b, q, false)
				}
			}
			return bareName(compact(w.text(inner))), b.String()
		case "operator_cast", "qualified_identifier":
			// A conversion operator, "operator bool() const" or
			// "B::operator int() const": the name is the text before
			// its parameters.
			params := findKind(d, "abstract_function_declarator")
			if params == nil {
				return "", ""
			}
			var b strings.Builder
			w.norm(&b, params, false)
			return compact(string(w.src[d.StartByte():params.StartByte()])), b.String()
		case "pointer_declarator", "reference_declarator", "parenthesized_declarator", "attributed_declarator":
			next := d.ChildByFieldName("declarator")
			if next == nil {
				next = lastNamed(d)
			}
			d = next
		default:
			return "", ""
		}
	}
	return "", ""
}

// treeNorm is a function's tokens without comments or a docstring, from a
// parse of its text alone: the same text always gives the same tokens.
func treeNorm(lang, text string) string {
	pool := parsers[lang]
	p := pool.Get().(*sitter.Parser)
	defer pool.Put(p)
	src := []byte(text)
	if lang != Python {
		src = mask(src)
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return text
	}
	defer tree.Close()
	w := &walker{lang: lang, src: src}
	var b strings.Builder
	root := tree.RootNode()
	for i := uint(0); i < root.NamedChildCount(); i++ {
		w.norm(&b, root.NamedChild(i), true)
	}
	return b.String()
}

// norm writes the tokens of n, without comments or a docstring, with
// the tree's shape: "(kind" and ")" around each named node, so that in
// Python a statement moved into or out of a block changes it.
func (w *walker) norm(b *strings.Builder, n *sitter.Node, top bool) {
	kind := n.Kind()
	if kind == "comment" {
		return
	}
	if w.lang == Python && kind == "block" {
		// A docstring is documentation: skip a first statement that is
		// a bare string.
		count := n.NamedChildCount()
		for i := uint(0); i < count; i++ {
			c := n.NamedChild(i)
			if i == 0 && top && isDocstring(c) {
				continue
			}
			w.norm(b, c, false)
		}
		return
	}
	count := n.ChildCount()
	if count == 0 {
		b.WriteString(w.text(n))
		b.WriteByte(' ')
		return
	}
	named := n.IsNamed()
	if named {
		b.WriteString("(" + kind + " ")
	}
	for i := uint(0); i < count; i++ {
		// The body block of a function is its top level, for the
		// docstring.
		c := n.Child(i)
		w.norm(b, c, top && (c.Kind() == "block" || c.Kind() == "function_definition"))
	}
	if named {
		b.WriteString(") ")
	}
}

func isDocstring(n *sitter.Node) bool {
	return n.Kind() == "expression_statement" && n.NamedChildCount() == 1 && n.NamedChild(0).Kind() == "string"
}

func lastNamed(n *sitter.Node) *sitter.Node {
	if c := n.NamedChildCount(); c > 0 {
		return n.NamedChild(c - 1)
	}
	return nil
}

// holdsDefinitions reports whether a C or C++ block has a function
// definition among its statements.
func holdsDefinitions(body *sitter.Node) bool {
	for i := uint(0); i < body.NamedChildCount(); i++ {
		switch body.NamedChild(i).Kind() {
		case "function_definition", "template_declaration", "namespace_definition":
			return true
		}
	}
	return false
}

// bareName is a function's name without what a macro the parser could
// not expand pushed into it: specifiers and a return type read as part
// of the declarator ("FASTFLOAT_CONSTEXPR20 from_chars_result_t<UC>parse"
// is parse), so that the name does not change when a commit adds such a
// macro in front of the function.
func bareName(s string) string {
	if i := strings.Index(s, "operator"); i >= 0 && (i == 0 || !isIdent(s[i-1])) {
		return bareName(s[:i]) + s[i:]
	}
	cut, depth := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			if depth--; depth == 0 && i+1 < len(s) && (isIdent(s[i+1]) || s[i+1] == '~') {
				cut = i + 1
			}
		case ' ':
			if depth == 0 {
				cut = i + 1
			}
		}
	}
	return s[cut:]
}

// compact writes a name without white space, but for one space between
// two words ("operator bool", "Foo::operator const char*").
func compact(s string) string {
	var b strings.Builder
	for i, f := range strings.Fields(s) {
		if i > 0 && isIdent(b.String()[b.Len()-1]) && isIdent(f[0]) {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// findKind finds the first node of a kind in n's subtree.
func findKind(n *sitter.Node, kind string) *sitter.Node {
	if n.Kind() == kind {
		return n
	}
	for i := uint(0); i < n.NamedChildCount(); i++ {
		if f := findKind(n.NamedChild(i), kind); f != nil {
			return f
		}
	}
	return nil
}
