// Package executables writes the executables table: for each task, the
// harness that makes code before, code after and generated code runnable,
// its entry point and workload scale, and its review and validation state.
package executables
