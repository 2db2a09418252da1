// Package table holds the row types of perfcon's tables and reads and writes
// them as Parquet files.
//
// The tables are the contract between stages: commits,
// descriptions, generations, executables and measurements. Each has one Go
// struct here whose parquet tags name the columns. Writers stream rows in row
// groups to a temporary file beside the destination and rename it into place
// only on Commit, so a killed run never leaves a half-written table behind.
// Readers check the file's schema against the struct first and name the file
// and the missing or mistyped column when an input is wrong.
package table
