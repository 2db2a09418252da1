// Package queries holds perfcon's SQL cells; FS embeds them, so the binary
// runs the queries it was built with wherever it is started.
package queries

import "embed"

// FS holds every *.sql file of this folder.
//
//go:embed *.sql
var FS embed.FS
