// Package lang builds a task's program for each language perfcon measures.
//
// An Adapter writes the code under test and the task's harness into a
// directory, builds them once, and says how to run the result. Builds are
// cached by a hash of the sources, the adapter and its toolchain, so the
// same code is never built twice and a generated answer identical to
// code-before reuses its build.
//
// # Builds in a repository's tree
//
// A repository task's program is built where its function lives
// (Builder.BuildTree): the files of one commit of its repository (package
// repo's trees, never written) are copied into the build's folder, the
// harness is put beside them (Python: harness.py beside tree/, the
// PythonPath folder, which PYTHONPATH names; Go: perfcon_harness/main.go
// inside the module, built from the module's root against the
// dependencies fetched beforehand, offline; C and C++: perfcon_harness.cpp
// at the root, compiled with the listed sources, C files by gcc), and a
// generation, when there is one, is spliced into the function's file in
// place of the function (source.Splice). A splice that breaks the file,
// or names a function the file lacks, is a BuildError of that
// generation. Only what runs is kept of a Go or C++ build: the binary.
// The key of such a build hashes the commit, the file, the function, the
// splice, the harness and the build's settings instead of the code.
//
// # The build cache
//
// A Builder's cache folder (.cache/builds by default) holds one entry per
// build, at <cache>/<adapter name>/<key>, where the key is the first 24
// hex digits of the SHA-256 of the adapter's name, its toolchain, the code
// and the harness, each written as "<length>:<text>". An entry is a
// folder holding the files the build wrote and one of:
//
//   - program.json: the built Program as JSON (its Argv and Env), with the
//     paths of Argv inside the entry made relative ("./…") so the folder
//     can be moved; they are made absolute again when read;
//   - build-error: a build that failed because of the code, as the
//     compiler's output (its first BuildOutputMax bytes) or why the sandbox
//     stopped it. A failed build is a result too, and is not retried.
//
// A build is made in a fresh folder beside the entry (<key>.tmp-*) and
// renamed into place whole, so a crash or a second process never leaves
// half an entry; one process builds a key at a time, and processes may
// share the folder. An entry that can't be read (left by an older version)
// is built again. The folder also holds the sandbox's helper (sandbox/).
// The one compiler cache a build may write is Go's: perfcon's own, kept
// per user (~/.cache/perfcon/go-build) so the standard library is compiled
// once on a machine, or <cache>/go-build where the user has no cache
// folder.
//
// Builds run in the sandbox with BuildLimits, a scrubbed environment and
// a timeout per language (BuildTimeouts; PERFCON_BUILD_TIMEOUT overrides
// it, and a build that fills a compiler's own cache for the first time gets
// ColdBuildTimeout).
package lang
