// Package duck runs perfcon's SQL in an embedded DuckDB.
//
// Open starts an in-memory database on one connection (views, temporary
// tables and settings are per connection) and defines a view per table
// file found in the tables folder, so SQL names tables, not files. RunDir
// runs the files of queries/ in name order: a file whose first line is
// "-- title: …" is a cell, whose last statement's result is kept; any other
// file only sets things up (views, macros) for the files after it.
package duck
