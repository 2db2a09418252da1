// Package report is the last stage: it renders the results page. It runs
// queries/ over the tables in DuckDB and writes the page twice, as
// Markdown (report.md, plots linked as PNG under plots/) and as one
// self-contained HTML file (report.html, styles and SVG plots inline),
// each with every cell's title, notes, plot, result table and SQL.
//
// It also formats results for people and programs: Format shortens a value
// for a table, Exact writes it in full, and WriteCSV and WriteJSON export a
// whole result.
package report
