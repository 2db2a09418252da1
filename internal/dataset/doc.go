// Package dataset reads a task set: a folder with one sub-folder per task,
// each holding task.toml, message.txt, before.<ext>, after.<ext> and
// harness.<ext> (see datasets/README.md). Load returns the tasks sorted by
// id, or an error naming the first file that is missing or wrong.
package dataset
