// Package source finds the functions of a source file with a real parser
// for its language, and the functions a change to the file touched.
//
// Go files are parsed with go/parser, exactly as the compiler does.
// Python, C and C++ files are parsed with tree-sitter's grammars: they
// recover from code they can't parse (Python 2, unexpanded macros, a
// compiler's extensions) and still find the functions around it, need no
// build flags or interpreter, and parse megabytes a second; a file's
// second version is parsed incrementally from its first. Cache keeps what
// a run has parsed, by contents.
//
// A function is compared across the two versions of a file by its tokens
// without comments (and, in Python, without docstrings) and, where layout
// means something, by the syntax tree's shape: a change that only moves
// whitespace or edits comments is formatting, not a change of code.
package source
