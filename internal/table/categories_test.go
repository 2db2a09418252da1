package table

import (
	"strings"
	"testing"
)

// Every category has one definition, of one line, and nothing else has.
func TestCategoryDefinitions(t *testing.T) {
	for _, c := range Categories {
		d, ok := CategoryDefinitions[c]
		switch {
		case !ok:
			t.Errorf("category %s has no definition", c)
		case strings.TrimSpace(d) == "" || strings.ContainsAny(d, "\n\r"):
			t.Errorf("category %s: definition %q is not one line", c, d)
		}
	}
	for c := range CategoryDefinitions {
		if !IsCategory(c) {
			t.Errorf("CategoryDefinitions defines %q, which is not one of Categories", c)
		}
	}
}
