// Package commits is the first stage: it reads a task set's folders and
// writes the commits table, one row per task, with the unified patch and
// line counts computed from code before and after.
//
// Import writes the same table from other studies' files (JSON Lines, CSV
// or Parquet) or from a table perfcon wrote, as the miner's (package
// mining), keeping its columns.
package commits
