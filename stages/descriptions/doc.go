// Package descriptions is the PL→NL stage: each model explains, for each
// commit, what was inefficient, how it was fixed and why the fix is faster,
// ending in a category line that becomes predicted_category.
package descriptions
