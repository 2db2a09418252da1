// Package prompt renders perfcon's versioned prompt templates and reads
// the answers back: the category line of a description and the code of a
// generation. Templates live in templates/<kind>-<version>.tmpl; the
// version is recorded in the tables beside every answer.
package prompt
