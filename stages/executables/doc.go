// Package executables writes the executables table: for each task, the
// harness that makes code before, code after and generated code runnable,
// its entry point and workload scale, and its review and validation state.
//
// Validate runs the checks a harness must pass before it is measured.
// Review records a person's decisions in the reviews table, keyed by the
// harness's SHA-256, and ApplyReviews turns them into review_status
// whenever the executables table is written.
package executables
