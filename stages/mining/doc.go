// Package mining finds performance commits in git histories and writes
// them as rows of the commits table (perfcon commits mine): one row per
// function a kept commit changed, with the function before and after, its
// patch, the commit's message and a category.
//
// A commit is scored by cues of its message and of its changed code
// (message.go, category.go), found with a real parser per language
// (scan.go); paths that are not source to mine (tests, vendored,
// generated, binary files) are skipped first (paths.go), and messages
// that cannot reach the bar are dropped before their files are read
// (literals.go). A model may judge and classify instead of the rules
// (judge.go). The table it writes is an input of perfcon commits import
// (package imports), which makes it the pipeline's commits table.
package mining
