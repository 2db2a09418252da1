// Package chart draws perfcon's plots with gonum/plot from query results,
// picking columns by name, so a plot follows its cell's SQL.
package chart
