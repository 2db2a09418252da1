package source

import (
	"bytes"
	"fmt"

	"github.com/zeebo/xxh3"
	"path"
	"strings"
)

// Languages, as the commits table spells them.
const (
	Python = "python"
	Go     = "go"
	C      = "c"
	CPP    = "cpp"
)

var byExt = map[string]string{
	".py": Python, ".pyw": Python,
	".go": Go,
	".c":  C,
	".cc": CPP, ".cpp": CPP, ".cxx": CPP, ".c++": CPP,
	".hh": CPP, ".hpp": CPP, ".hxx": CPP, ".h++": CPP, ".ipp": CPP, ".tcc": CPP, ".inl": CPP,
}

// Language is the language of a file by its name: python, go, c or cpp,
// or "" for any other file. A ".h" header is C++ when its contents use
// C++ (pass nil to decide by name alone: then it is C).
func Language(name string, contents []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if ext == ".h" {
		if isCPP(contents) {
			return CPP
		}
		return C
	}
	return byExt[ext]
}

// cppMarks are spellings found in C++ headers and not in C ones.
var cppMarks = [][]byte{[]byte("namespace "), []byte("template<"), []byte("template <"), []byte("class "),
	[]byte("std::"), []byte("public:"), []byte("private:"), []byte("::")}

func isCPP(b []byte) bool {
	for _, m := range cppMarks {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// Func is one function or method in a file.
type Func struct {
	// Symbol is the function's name, qualified by its class or type
	// (Python "Class.method", Go "Type.Method", C++ "ns::Class::method").
	Symbol string
	// Signature tells overloads of one symbol apart: the parameters and
	// qualifiers, or a Python function's decorators.
	Signature string
	// Start and End are byte offsets of the definition in the file, with
	// its decorators (Python) or template header (C++), without its doc
	// comment.
	Start, End int
	Line       int // 1-based line of Start
}

// norm is a function's tokens without comments (and docstrings), for
// telling a change of its code from one of its layout. It is made only
// for functions whose text changed: a few in a file of thousands.
func norm(lang, text string) string {
	if lang == Go {
		return goTokens([]byte(text))
	}
	return treeNorm(lang, text)
}

// Text is the function's source in the file src it was found in.
func (f Func) Text(src []byte) string { return string(src[f.Start:f.End]) }

// Functions lists the functions and methods of a file in order. Nested
// functions are part of the one that contains them.
func Functions(lang string, src []byte) ([]Func, error) { return (*Cache)(nil).Functions(lang, src) }

// Functions is Functions through the cache. The list is shared with later
// calls for the same contents: don't change it.
func (c *Cache) Functions(lang string, src []byte) ([]Func, error) {
	key := cacheKey{lang, xxh3.Hash128(src)}
	if fs, ok := c.get(key); ok {
		return fs, nil
	}
	var fs []Func
	var err error
	switch lang {
	case Go:
		fs, err = goFunctions(src)
	case Python, C, CPP:
		fs, err = treeFunctions(lang, src)
	default:
		return nil, fmt.Errorf("no parser for language %q", lang)
	}
	if err == nil {
		c.put(key, fs)
	}
	return fs, err
}

// Change is a function whose code differs between two versions of a file.
type Change struct {
	Symbol        string
	Before, After Func
	// CodeBefore and CodeAfter are the function's text on each side.
	CodeBefore, CodeAfter string
}

// Diff is what a change did to the functions of one file.
type Diff struct {
	Changed []Change
	// Added and Removed are the functions only on one side.
	Added, Removed []Side
	// Layout counts the functions whose text changed but not their code
	// (whitespace, comments, docstrings).
	Layout int
}

// Side is a function on one side of a change, with its text.
type Side struct {
	Func
	Code string
	lang string
}

// Sides lists every function of a file with its text: the functions of a
// file added or deleted whole. Its language is lang.
func Sides(lang string, src []byte) ([]Side, error) { return (*Cache)(nil).Sides(lang, src) }

// Sides is Sides through the cache.
func (c *Cache) Sides(lang string, src []byte) ([]Side, error) {
	fs, err := c.Functions(lang, src)
	if err != nil {
		return nil, err
	}
	out := make([]Side, len(fs))
	for i, f := range fs {
		out[i] = Side{f, f.Text(src), lang}
	}
	return out, nil
}

// Pair makes a change of a function removed from one place and added in
// another (moved to another file, with edits): ok is false when its code
// is the same on both sides.
func Pair(removed, added Side) (Change, bool) {
	if removed.Code == added.Code || removed.lang == added.lang && norm(removed.lang, removed.Code) == norm(added.lang, added.Code) {
		return Change{}, false
	}
	return Change{Symbol: added.Symbol, Before: removed.Func, After: added.Func, CodeBefore: removed.Code, CodeAfter: added.Code}, true
}

// Compare finds the functions of before and after and pairs them: by
// symbol and signature, then by symbol alone (a changed signature), in
// the order they appear.
func Compare(lang string, before, after []byte) (Diff, error) {
	return (*Cache)(nil).Compare(lang, before, after)
}

// Compare is Compare through the cache.
func (c *Cache) Compare(lang string, before, after []byte) (Diff, error) {
	var d Diff
	fb, fa, err := c.versions(lang, before, after)
	if err != nil {
		return d, err
	}
	pairs, onlyB, onlyA := match(fb, fa)
	for _, p := range pairs {
		b, a := fb[p[0]], fa[p[1]]
		tb, ta := b.Text(before), a.Text(after)
		switch {
		case tb == ta:
		case norm(lang, tb) == norm(lang, ta):
			d.Layout++
		default:
			d.Changed = append(d.Changed, Change{Symbol: a.Symbol, Before: b, After: a, CodeBefore: tb, CodeAfter: ta})
		}
	}
	for _, i := range onlyB {
		d.Removed = append(d.Removed, Side{fb[i], fb[i].Text(before), lang})
	}
	for _, i := range onlyA {
		d.Added = append(d.Added, Side{fa[i], fa[i].Text(after), lang})
	}
	return d, nil
}

// versions finds the functions of both versions of a file: from the
// cache, or parsing the second incrementally from the first.
func (c *Cache) versions(lang string, before, after []byte) (fb, fa []Func, err error) {
	kb, ka := cacheKey{lang, xxh3.Hash128(before)}, cacheKey{lang, xxh3.Hash128(after)}
	fb, okb := c.get(kb)
	fa, oka := c.get(ka)
	switch {
	case okb && oka:
		return fb, fa, nil
	case lang == Go || okb || oka:
		if fb, err = c.Functions(lang, before); err != nil {
			return nil, nil, fmt.Errorf("before: %w", err)
		}
		if fa, err = c.Functions(lang, after); err != nil {
			return nil, nil, fmt.Errorf("after: %w", err)
		}
		return fb, fa, nil
	}
	if fb, fa, err = treeVersions(lang, before, after); err != nil {
		return nil, nil, err
	}
	c.put(kb, fb)
	c.put(ka, fa)
	return fb, fa, nil
}

// match pairs the functions of two lists: first those with the same
// symbol and signature, then the rest by symbol, each in order. It
// returns the pairs in the order of b, and the indices left on each side.
func match(b, a []Func) (pairs [][2]int, onlyB, onlyA []int) {
	usedA := make([]bool, len(a))
	pairOf := make([]int, len(b))
	for i := range pairOf {
		pairOf[i] = -1
	}
	bySymbol := map[string][]int{}
	for j, f := range a {
		bySymbol[f.Symbol] = append(bySymbol[f.Symbol], j)
	}
	for _, sameSignature := range []bool{true, false} {
		for i, fb := range b {
			if pairOf[i] >= 0 {
				continue
			}
			for _, j := range bySymbol[fb.Symbol] {
				if !usedA[j] && (!sameSignature || a[j].Signature == fb.Signature) {
					pairOf[i], usedA[j] = j, true
					break
				}
			}
		}
	}
	for i, j := range pairOf {
		if j >= 0 {
			pairs = append(pairs, [2]int{i, j})
		} else {
			onlyB = append(onlyB, i)
		}
	}
	for j, used := range usedA {
		if !used {
			onlyA = append(onlyA, j)
		}
	}
	return pairs, onlyB, onlyA
}
