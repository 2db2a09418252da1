// Package report renders the results page: it runs queries/ over the tables
// in DuckDB and writes one Markdown page with each cell's title, notes, SQL,
// result table and, where the cell has one, its plot (PNG and SVG).
package report
