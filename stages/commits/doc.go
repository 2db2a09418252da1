// Package commits is the first stage: it reads a task set's folders and
// writes the commits table, one row per task, with the unified patch and
// line counts computed from code before and after.
//
// It also holds the table's conventions the other writers of commits rows
// share (package imports, package mining): the ids it makes up (Hash,
// Slug) and the lines a patch adds and removes (PatchLines, CountLines).
package commits
