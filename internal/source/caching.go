package source

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// AddsCaching lists the caching constructs (see Caching) of generated
// that before lacks: the state a rewrite of a function adds that keeps
// results from one call to the next. A benchmark that calls the function
// again and again times such a rewrite on its cache, not on its code.
// Constructs are compared by label, so the human fix's own cache, kept
// under another name, is not listed. The list is empty when the rewrite
// adds none. It is a flag for a reader, not a verdict: a cache can be the
// right fix.
func AddsCaching(lang, before, generated string) []string {
	had := Caching(lang, before)
	var out []string
	for _, l := range Caching(lang, generated) {
		if !slices.Contains(had, l) {
			out = append(out, l)
		}
	}
	return out
}

// Caching lists, sorted and each once, the constructs of code that keep
// state across calls of its functions, by label:
//
// Python (python):
//   - "functools.lru_cache", "functools.cache", "functools.cached_property",
//     "memoizing decorator" (cached, memoize, memoized): on a function or
//     method not nested in another function (a nested one's cache lives
//     for one call), as a decorator or, for lru_cache, as a call;
//   - "module-level dict written in a function" (a literal, dict(),
//     defaultdict, OrderedDict or Counter), and the same of a "list"
//     (list or deque), "set" or "object" (any other value: an
//     LRUCache): a module-level name a function assigns into
//     (name[k] = v) or adds to (setdefault, update, append, add...);
//   - "function attribute written in a function": f.cache = {} or
//     f.cache[k] = v on a module-level function f;
//   - "mutable default argument written in the function": def f(x,
//     _memo={}) writing _memo.
//
// Go (go): "package-level map written in a function", and the same of a
// "slice", "array" or "sync.Map" (Store, LoadOrStore, Swap,
// CompareAndSwap). Writes in init and in a sync.Once's Do build a table
// once: they are not caching.
//
// C++ (cpp) and C (c):
//   - "static std::unordered_map" (and std::map, set, vector... the
//     container's name), "static map" or "static set" (another library's),
//     "static array", "static local variable": a static or thread_local
//     variable in a function, not const or constexpr;
//   - "namespace-scope std::unordered_map written in a function" (and
//     the other containers, or "array"; "file-scope array written in a
//     function" in C): a non-const variable outside functions that a
//     function assigns into, increments or inserts into.
//
// Constants and tables only read (a static const table, a compiled
// regexp, a module-level dict no function writes) are not caching. Other
// languages have none.
func Caching(lang, code string) []string {
	found := map[string]bool{}
	switch lang {
	case Python:
		pyCaching([]byte(code), found)
	case C, CPP:
		cCaching(lang, []byte(code), found)
	case Go:
		goCaching([]byte(code), found)
	}
	out := make([]string, 0, len(found))
	for l := range found {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// parseTree parses a Python, C or C++ snippet; the caller closes the tree.
func parseTree(lang string, src []byte) (*sitter.Tree, []byte) {
	pool := parsers[lang]
	p := pool.Get().(*sitter.Parser)
	defer pool.Put(p)
	text := prepare(lang, src)
	return p.Parse(text, nil), text
}

func nodeText(src []byte, n *sitter.Node) string { return string(src[n.StartByte():n.EndByte()]) }

// dotted is an expression's text without white space: "functools.lru_cache".
func dotted(src []byte, n *sitter.Node) string {
	return strings.Join(strings.Fields(nodeText(src, n)), "")
}

// lastPart is what follows the last dot or "::" of a name.
func lastPart(name string) string {
	name = name[strings.LastIndexByte(name, '.')+1:]
	return name[strings.LastIndexByte(name, ':')+1:]
}

func namedChildren(n *sitter.Node) []*sitter.Node {
	out := make([]*sitter.Node, 0, n.NamedChildCount())
	for i := uint(0); i < n.NamedChildCount(); i++ {
		out = append(out, n.NamedChild(i))
	}
	return out
}

// fieldChildren are n's children in the field name: a declaration's
// declarators, an import's names.
func fieldChildren(n *sitter.Node, name string) []*sitter.Node {
	var out []*sitter.Node
	for i := uint(0); i < n.ChildCount(); i++ {
		if n.FieldNameForChild(uint32(i)) == name {
			out = append(out, n.Child(i))
		}
	}
	return out
}

// Python.

// pyDecorators are the decorators that memoize, by their last name.
var pyDecorators = map[string]string{
	"lru_cache":       "functools.lru_cache",
	"cache":           "functools.cache",
	"cached_property": "functools.cached_property",
	"cached":          "memoizing decorator",
	"memoize":         "memoizing decorator",
	"memoized":        "memoizing decorator",
}

// pyMakers are the calls that make a container, by their last name.
var pyMakers = map[string]string{
	"dict": "dict", "defaultdict": "dict", "OrderedDict": "dict", "Counter": "dict",
	"list": "list", "deque": "list", "set": "set",
}

// pyWriters are the methods that write into a dict, list or set.
var pyWriters = map[string]bool{
	"setdefault": true, "update": true, "__setitem__": true,
	"append": true, "appendleft": true, "extend": true, "insert": true, "add": true,
}

const (
	pyFuncAttr = "function attribute written in a function"
	pyDefault  = "mutable default argument written in the function"
)

// pyContainer is the kind of container the expression n makes, or "".
func pyContainer(src []byte, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch n.Kind() {
	case "dictionary", "dictionary_comprehension":
		return "dict"
	case "list", "list_comprehension":
		return "list"
	case "set", "set_comprehension":
		return "set"
	case "call":
		if fn := n.ChildByFieldName("function"); fn != nil {
			return pyMakers[lastPart(dotted(src, fn))]
		}
	}
	return ""
}

// pyScope is what a function's body binds: a name it assigns is its own
// unless declared global or nonlocal.
type pyScope struct {
	locals, globals, nonlocals map[string]bool
	// defaults are the parameters whose default is a container: made
	// once, when the function is defined.
	defaults map[string]bool
}

type pyFinder struct {
	src []byte
	// module holds the names assigned at module level, with the kind of
	// container each holds ("object" for any other value); funcs the
	// functions defined there.
	module map[string]string
	funcs  map[string]bool
	found  map[string]bool
}

func pyCaching(src []byte, found map[string]bool) {
	tree, text := parseTree(Python, src)
	if tree == nil {
		return
	}
	defer tree.Close()
	f := &pyFinder{src: text, module: map[string]string{}, funcs: map[string]bool{}, found: found}
	f.declare(tree.RootNode())
	f.walk(tree.RootNode(), nil)
}

// declare records the names bound at module level under n.
func (f *pyFinder) declare(n *sitter.Node) {
	for _, c := range namedChildren(n) {
		switch c.Kind() {
		case "function_definition":
			if name := c.ChildByFieldName("name"); name != nil {
				f.funcs[nodeText(f.src, name)] = true
			}
		case "decorated_definition":
			if def := c.ChildByFieldName("definition"); def != nil && def.Kind() == "function_definition" {
				if name := def.ChildByFieldName("name"); name != nil {
					f.funcs[nodeText(f.src, name)] = true
				}
			}
		case "class_definition", "lambda":
		case "assignment":
			if left := c.ChildByFieldName("left"); left != nil && left.Kind() == "identifier" {
				kind := pyContainer(f.src, c.ChildByFieldName("right"))
				if kind == "" {
					kind = "object"
				}
				f.module[nodeText(f.src, left)] = kind
			}
			f.declare(c)
		default:
			f.declare(c)
		}
	}
}

// walk looks for caching under n, inside the functions of scopes (none:
// at module or class level).
func (f *pyFinder) walk(n *sitter.Node, scopes []*pyScope) {
	switch n.Kind() {
	case "function_definition":
		if body := n.ChildByFieldName("body"); body != nil {
			f.walk(body, append(scopes[:len(scopes):len(scopes)], f.scope(n)))
		}
		return
	case "decorator":
		if len(scopes) == 0 {
			e := n.NamedChild(0)
			if e != nil && e.Kind() == "call" {
				e = e.ChildByFieldName("function")
			}
			if e != nil {
				if l, ok := pyDecorators[lastPart(dotted(f.src, e))]; ok {
					f.found[l] = true
				}
			}
		}
	case "call":
		f.call(n, scopes)
	case "assignment", "augmented_assignment":
		if len(scopes) > 0 {
			f.target(n.ChildByFieldName("left"), scopes)
		}
	}
	for _, c := range namedChildren(n) {
		f.walk(c, scopes)
	}
}

// call records lru_cache called as a function at module level
// (lru_cache(maxsize=None)(g)), or a container's writing method called
// in a function.
func (f *pyFinder) call(n *sitter.Node, scopes []*pyScope) {
	fn := n.ChildByFieldName("function")
	if fn == nil {
		return
	}
	name := dotted(f.src, fn)
	if len(scopes) == 0 {
		switch {
		case lastPart(name) == "lru_cache":
			f.found["functools.lru_cache"] = true
		case name == "functools.cache":
			f.found["functools.cache"] = true
		}
		return
	}
	switch {
	case fn.Kind() == "attribute":
		if attr := fn.ChildByFieldName("attribute"); attr != nil && pyWriters[nodeText(f.src, attr)] {
			f.written(fn.ChildByFieldName("object"), scopes)
		}
	case name == "setattr":
		if args := n.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() > 0 {
			if obj := args.NamedChild(0); obj.Kind() == "identifier" && f.isFunc(nodeText(f.src, obj), scopes) {
				f.found[pyFuncAttr] = true
			}
		}
	}
}

// target records an assignment's target t in a function.
func (f *pyFinder) target(t *sitter.Node, scopes []*pyScope) {
	if t == nil {
		return
	}
	switch t.Kind() {
	case "subscript":
		f.written(t.ChildByFieldName("value"), scopes)
	case "attribute":
		if obj := t.ChildByFieldName("object"); obj != nil && obj.Kind() == "identifier" && f.isFunc(nodeText(f.src, obj), scopes) {
			f.found[pyFuncAttr] = true
		}
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "parenthesized_expression", "list_splat_pattern":
		for _, c := range namedChildren(t) {
			f.target(c, scopes)
		}
	}
}

// written records a write into the container x in a function: x[k] = v,
// x.setdefault(k, v).
func (f *pyFinder) written(x *sitter.Node, scopes []*pyScope) {
	if x == nil {
		return
	}
	switch x.Kind() {
	case "subscript": // x[a][b] = v writes into x
		f.written(x.ChildByFieldName("value"), scopes)
	case "attribute": // f.cache[k] = v
		if obj := x.ChildByFieldName("object"); obj != nil && obj.Kind() == "identifier" && f.isFunc(nodeText(f.src, obj), scopes) {
			f.found[pyFuncAttr] = true
		}
	case "identifier":
		name := nodeText(f.src, x)
		s := pyResolve(scopes, name)
		switch {
		case s == nil:
			if kind, ok := f.module[name]; ok {
				f.found["module-level "+kind+" written in a function"] = true
			}
		case s.defaults[name]:
			f.found[pyDefault] = true
		}
	}
}

// isFunc says whether name is, where scopes see it, a function defined
// at module level.
func (f *pyFinder) isFunc(name string, scopes []*pyScope) bool {
	return f.funcs[name] && pyResolve(scopes, name) == nil
}

// pyResolve is the innermost function of scopes that binds name, or nil
// when the name is the module's.
func pyResolve(scopes []*pyScope, name string) *pyScope {
	for i := len(scopes) - 1; i >= 0; i-- {
		s := scopes[i]
		switch {
		case s.globals[name]:
			return nil
		case s.nonlocals[name]:
		case s.locals[name]:
			return s
		}
	}
	return nil
}

// scope is what the function def binds: its parameters and the names
// its body assigns, imports or defines.
func (f *pyFinder) scope(def *sitter.Node) *pyScope {
	s := &pyScope{locals: map[string]bool{}, globals: map[string]bool{}, nonlocals: map[string]bool{}, defaults: map[string]bool{}}
	if params := def.ChildByFieldName("parameters"); params != nil {
		for _, p := range namedChildren(params) {
			name := p.ChildByFieldName("name")
			if name == nil && p.NamedChildCount() > 0 {
				name = p.NamedChild(0) // typed_parameter, *args, **kw
				for name.Kind() != "identifier" && name.NamedChildCount() > 0 {
					name = name.NamedChild(0)
				}
			}
			if p.Kind() == "identifier" {
				name = p
			}
			if name == nil || name.Kind() != "identifier" {
				continue
			}
			s.locals[nodeText(f.src, name)] = true
			if pyContainer(f.src, p.ChildByFieldName("value")) != "" {
				s.defaults[nodeText(f.src, name)] = true
			}
		}
	}
	if body := def.ChildByFieldName("body"); body != nil {
		f.binds(body, s)
	}
	return s
}

// binds records in s the names n binds, not entering nested functions
// and classes (whose names it binds) or lambdas.
func (f *pyFinder) binds(n *sitter.Node, s *pyScope) {
	for _, c := range namedChildren(n) {
		switch c.Kind() {
		case "function_definition", "class_definition":
			if name := c.ChildByFieldName("name"); name != nil {
				s.locals[nodeText(f.src, name)] = true
			}
			continue
		case "lambda":
			continue
		case "global_statement", "nonlocal_statement":
			to := s.globals
			if c.Kind() == "nonlocal_statement" {
				to = s.nonlocals
			}
			for _, id := range namedChildren(c) {
				to[nodeText(f.src, id)] = true
			}
			continue
		case "assignment", "augmented_assignment", "for_statement":
			f.bindTarget(c.ChildByFieldName("left"), s)
		case "as_pattern_target":
			f.bindTarget(c, s)
		case "named_expression":
			f.bindTarget(c.ChildByFieldName("name"), s)
		case "import_statement", "import_from_statement":
			for _, name := range fieldChildren(c, "name") {
				switch {
				case name.Kind() == "aliased_import":
					f.bindTarget(name.ChildByFieldName("alias"), s)
				case name.NamedChildCount() == 0:
				case c.Kind() == "import_statement":
					f.bindTarget(name.NamedChild(0), s) // import os.path binds os
				default:
					f.bindTarget(name.NamedChild(name.NamedChildCount()-1), s)
				}
			}
			continue
		}
		f.binds(c, s)
	}
}

// bindTarget records the names a target binds: not those of x[k] or x.a.
func (f *pyFinder) bindTarget(t *sitter.Node, s *pyScope) {
	if t == nil {
		return
	}
	switch t.Kind() {
	case "identifier":
		s.locals[nodeText(f.src, t)] = true
	case "subscript", "attribute":
	default:
		for _, c := range namedChildren(t) {
			f.bindTarget(c, s)
		}
	}
}

// C and C++.

// stdContainers are the standard library's containers, by name.
var stdContainers = map[string]bool{
	"map": true, "unordered_map": true, "multimap": true, "unordered_multimap": true,
	"set": true, "unordered_set": true, "multiset": true, "unordered_multiset": true,
	"vector": true, "deque": true, "list": true, "forward_list": true, "array": true,
	"flat_map": true, "flat_set": true,
}

// cWriters are the methods that write into a container.
var cWriters = map[string]bool{
	"insert": true, "emplace": true, "emplace_hint": true, "try_emplace": true, "insert_or_assign": true,
	"push_back": true, "emplace_back": true, "push_front": true, "emplace_front": true,
	"resize": true, "assign": true, "merge": true,
}

type cFinder struct {
	src  []byte
	lang string
	// globals are the non-const containers and arrays declared outside
	// functions, by name, with their kind.
	globals map[string]string
	found   map[string]bool
}

func cCaching(lang string, src []byte, found map[string]bool) {
	tree, text := parseTree(lang, src)
	if tree == nil {
		return
	}
	defer tree.Close()
	f := &cFinder{src: text, lang: lang, globals: map[string]string{}, found: found}
	f.walk(tree.RootNode(), nil)
}

// walk looks for caching under n: outside functions when locals is nil,
// else in a function that declares locals.
func (f *cFinder) walk(n *sitter.Node, locals map[string]bool) {
	switch n.Kind() {
	case "function_definition", "lambda_expression":
		body := n.ChildByFieldName("body")
		if body == nil {
			return
		}
		inner := map[string]bool{}
		for l := range locals {
			inner[l] = true
		}
		f.locals(n, inner)
		f.walk(body, inner)
		return
	case "declaration":
		if locals == nil {
			f.global(n)
		} else {
			f.static(n)
		}
	case "assignment_expression":
		if locals != nil {
			f.written(n.ChildByFieldName("left"), locals)
		}
	case "update_expression":
		if locals != nil {
			f.written(n.ChildByFieldName("argument"), locals)
		}
	case "call_expression":
		if fn := n.ChildByFieldName("function"); locals != nil && fn != nil && fn.Kind() == "field_expression" {
			if field := fn.ChildByFieldName("field"); field != nil && cWriters[nodeText(f.src, field)] {
				f.written(fn.ChildByFieldName("argument"), locals)
			}
		}
	}
	for _, c := range namedChildren(n) {
		f.walk(c, locals)
	}
}

// locals records the names a function declares, its parameters and the
// variables of its body, which hide globals of the same name.
func (f *cFinder) locals(n *sitter.Node, into map[string]bool) {
	for _, c := range namedChildren(n) {
		switch c.Kind() {
		case "parameter_declaration", "optional_parameter_declaration", "declaration":
			for _, d := range fieldChildren(c, "declarator") {
				if name, _ := f.varName(d); name != "" {
					into[name] = true
				}
			}
		case "function_definition", "lambda_expression":
			continue
		}
		f.locals(c, into)
	}
}

// varName is the variable a declarator declares, and whether it is an
// array; "" for a function's declarator.
func (f *cFinder) varName(d *sitter.Node) (name string, array bool) {
	for d != nil {
		switch d.Kind() {
		case "identifier":
			return nodeText(f.src, d), array
		case "array_declarator":
			array = true
		case "function_declarator":
			return "", false
		case "init_declarator", "pointer_declarator", "reference_declarator", "parenthesized_declarator", "attributed_declarator":
		default:
			return "", false
		}
		next := d.ChildByFieldName("declarator")
		if next == nil && d.NamedChildCount() > 0 {
			next = d.NamedChild(0)
		}
		d = next
	}
	return "", false
}

// specifiers reads a declaration's storage class (static or
// thread_local) and constness.
func (f *cFinder) specifiers(n *sitter.Node) (static, constant bool) {
	for _, c := range namedChildren(n) {
		switch c.Kind() {
		case "storage_class_specifier":
			switch nodeText(f.src, c) {
			case "static", "thread_local", "_Thread_local":
				static = true
			}
		case "type_qualifier":
			switch nodeText(f.src, c) {
			case "const", "constexpr":
				constant = true
			}
		}
	}
	return static, constant
}

// container is the container a declared type names: "std::vector",
// "map" or "set" for another library's, or "".
func (f *cFinder) container(t *sitter.Node) string {
	if t == nil || f.lang != CPP {
		return ""
	}
	tt := t
	if t.Kind() != "template_type" {
		tt = findKind(t, "template_type")
	}
	if tt == nil {
		return ""
	}
	name := tt.ChildByFieldName("name")
	if name == nil {
		return ""
	}
	n := nodeText(f.src, name)
	switch {
	case stdContainers[n]:
		return "std::" + n
	case strings.HasSuffix(strings.ToLower(n), "map"):
		return "map"
	case strings.HasSuffix(strings.ToLower(n), "set"):
		return "set"
	}
	return ""
}

// static records a static local variable that is not const.
func (f *cFinder) static(n *sitter.Node) {
	static, constant := f.specifiers(n)
	if !static || constant {
		return
	}
	kind := f.container(n.ChildByFieldName("type"))
	for _, d := range fieldChildren(n, "declarator") {
		name, array := f.varName(d)
		switch {
		case name == "":
		case array:
			f.found["static array"] = true
		case kind != "":
			f.found["static "+kind] = true
		default:
			f.found["static local variable"] = true
		}
	}
}

// global records the non-const containers and arrays declared outside
// functions.
func (f *cFinder) global(n *sitter.Node) {
	if _, constant := f.specifiers(n); constant {
		return
	}
	kind := f.container(n.ChildByFieldName("type"))
	for _, d := range fieldChildren(n, "declarator") {
		name, array := f.varName(d)
		switch {
		case name == "":
		case array:
			f.globals[name] = "array"
		case kind != "":
			f.globals[name] = kind
		}
	}
}

// written records a write in a function into x: x[k] = v, ++x[k],
// x.insert(...).
func (f *cFinder) written(x *sitter.Node, locals map[string]bool) {
	for x != nil {
		switch x.Kind() {
		case "subscript_expression":
			x = x.ChildByFieldName("argument")
			continue
		case "parenthesized_expression":
			x = x.NamedChild(0)
			continue
		case "qualified_identifier": // ::cache, ns::cache
			x = x.ChildByFieldName("name")
			continue
		case "identifier":
			name := nodeText(f.src, x)
			if kind, ok := f.globals[name]; ok && !locals[name] {
				scope := "namespace-scope "
				if f.lang == C {
					scope = "file-scope "
				}
				f.found[scope+kind+" written in a function"] = true
			}
		}
		return
	}
}

// Go.

func goCaching(src []byte, found map[string]bool) {
	if !hasPackageClause(src) {
		// A function alone, as code before and generations are.
		src = append([]byte("package p\n"), src...)
	}
	file, _ := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if file == nil {
		return
	}
	// The package-level variables that can cache, by their object.
	kinds := map[*ast.Object]string{}
	onces := map[*ast.Object]bool{}
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				var v ast.Expr
				if i < len(vs.Values) {
					v = vs.Values[i]
				}
				switch k := goKind(vs.Type, v); {
				case name.Obj == nil:
				case k == "sync.Once":
					onces[name.Obj] = true
				case k != "":
					kinds[name.Obj] = k
				}
			}
		}
	}
	if len(kinds) == 0 {
		return
	}
	// root is the package-level variable an expression writes into.
	root := func(e ast.Expr) string {
		for {
			switch x := e.(type) {
			case *ast.IndexExpr:
				e = x.X
			case *ast.ParenExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.Ident:
				if x.Obj == nil {
					return ""
				}
				return kinds[x.Obj]
			default:
				return ""
			}
		}
	}
	wrote := func(kind string) {
		if kind != "" {
			found["package-level "+kind+" written in a function"] = true
		}
	}
	inBody := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				wrote(root(l))
			}
		case *ast.IncDecStmt:
			wrote(root(n.X))
		case *ast.CallExpr:
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj != nil && onces[x.Obj] && sel.Sel.Name == "Do" {
				return false // built once: a table, not a cache
			}
			switch sel.Sel.Name {
			case "Store", "LoadOrStore", "Swap", "CompareAndSwap":
				if k := root(sel.X); k == "sync.Map" {
					wrote(k)
				}
			}
		}
		return true
	}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && (fd.Recv != nil || fd.Name.Name != "init") {
			ast.Inspect(fd.Body, inBody)
		}
		if gd, ok := d.(*ast.GenDecl); ok {
			// Function literals assigned to package-level variables.
			ast.Inspect(gd, func(n ast.Node) bool {
				if fl, ok := n.(*ast.FuncLit); ok {
					ast.Inspect(fl.Body, inBody)
					return false
				}
				return true
			})
		}
	}
}

// goKind is the kind of state a package-level variable of type t (or
// none) with value v (or none) holds: map, slice, array, sync.Map,
// sync.Once, or "".
func goKind(t, v ast.Expr) string {
	if k := goTypeKind(t); k != "" {
		return k
	}
	switch v := v.(type) {
	case *ast.CompositeLit:
		return goTypeKind(v.Type)
	case *ast.UnaryExpr:
		if cl, ok := v.X.(*ast.CompositeLit); ok && v.Op == token.AND {
			return goTypeKind(&ast.StarExpr{X: cl.Type})
		}
	case *ast.CallExpr:
		if fn, ok := v.Fun.(*ast.Ident); ok && len(v.Args) > 0 {
			switch fn.Name {
			case "make":
				return goTypeKind(v.Args[0])
			case "new":
				return goTypeKind(&ast.StarExpr{X: v.Args[0]})
			}
		}
	}
	return ""
}

func goTypeKind(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.MapType:
		return "map"
	case *ast.ArrayType:
		if t.Len == nil {
			return "slice"
		}
		return "array"
	case *ast.StarExpr:
		if k := goTypeKind(t.X); k == "sync.Map" || k == "sync.Once" {
			return k
		}
	case *ast.SelectorExpr:
		if pkg, ok := t.X.(*ast.Ident); ok && pkg.Name == "sync" {
			switch t.Sel.Name {
			case "Map":
				return "sync.Map"
			case "Once":
				return "sync.Once"
			}
		}
	}
	return ""
}

// hasPackageClause says whether Go source begins with its package clause.
func hasPackageClause(src []byte) bool {
	var s scanner.Scanner
	s.Init(token.NewFileSet().AddFile("", -1, len(src)), src, nil, 0)
	_, tok, _ := s.Scan()
	return tok == token.PACKAGE
}
