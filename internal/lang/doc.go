// Package lang builds a task's program for each language perfcon measures.
//
// An Adapter writes the code under test and the task's harness into a
// directory, builds them once, and says how to run the result. Builds are
// cached by a hash of the sources, the adapter and its toolchain, so the
// same code is never built twice and a generated answer identical to
// code-before reuses its build.
package lang
