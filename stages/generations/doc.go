// Package generations is the NL→PL stage: a model rewrites code-before from
// a description, by default its own, and the code is extracted from its
// answer with a status that says how.
package generations
