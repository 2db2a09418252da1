// Package gitlog reads a repository's history through the git command: a
// Walker streams commits with the files each one changed (one `git log
// --raw -z` process), and Blobs reads file contents by object id (one
// long-lived `git cat-file --batch` process).
//
// The git command, not a Go implementation of git, because it is several
// times faster at walking history, reads every repository git can (packs,
// alternates, partial clones, any object format) and detects renames
// exactly as `git log` shows them. docs/benchmarks.md gives the figures.
package gitlog
