// Package commits is the first stage: it reads a task set's folders and
// writes the commits table, one row per task, with the unified patch and
// line counts computed from code before and after.
package commits
