package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/perfcon/perfcon/internal/table"
)

// categoriesCommand is a help topic: perfcon help categories prints the
// eight categories with the definitions the describe prompt gives.
func categoriesCommand() *cobra.Command {
	var b strings.Builder
	b.WriteString(`Every change has one of eight categories, spelled in the tables as here.
The describe prompt gives models these definitions and asks them to end
with a line "Category: <name>"; the cost kind is how a category's tasks
are costed unless task.toml says otherwise (cpu: CPU time on one CPU;
wall: elapsed time on k CPUs).

`)
	for _, c := range table.Categories {
		fmt.Fprintf(&b, "  %s (cost: %s)\n", c, table.DefaultCost(c))
		wrap(&b, table.CategoryDefinitions[c], "      ", 76)
	}
	b.WriteString(`
A model's category line is read in the shapes models write it
("**Category:** I/O", "4. Category - Parallelisation", "Category: <x>"),
spelling variants and synonyms mapped to these names; what the line said
is kept in category_raw beside the category it maps to.`)
	return &cobra.Command{
		Use:   "categories",
		Short: "The eight performance categories and their definitions",
		Long:  b.String(),
	}
}

// wrap writes text in lines of at most width bytes, each after indent.
func wrap(b *strings.Builder, text, indent string, width int) {
	line := indent
	for _, w := range strings.Fields(text) {
		if len(line) > len(indent) && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if len(line) > len(indent) {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
}
