// Package prompt renders perfcon's versioned prompt templates and reads
// the answers back: it sets a model's reasoning apart from its answer,
// and reads the category a description names and the code of a
// generation in the shapes chat models write them. Templates live in
// templates/<kind>-<version>.tmpl; the version is recorded in the tables
// beside every answer.
package prompt
