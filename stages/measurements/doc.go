// Package measurements is the stage that runs code: for each task it builds
// code before, code after and every distinct generated answer with the
// task's harness, takes the iteration count validation calibrated under
// the same profile (or calibrates it on code before), and runs every
// variant with those iterations, one warm-up then the profile's repeats,
// interleaved in a per-task shuffled order each round, then adaptive
// rounds while a median's confidence interval is wider than the profile's
// width, recording one row per run. A wall-time task's runs get the
// profile's k CPUs; before its repeats a probe (measure.Parallelism)
// checks that the machine gives them, and the task waits a while for them
// when it does not.
//
// Each distinct program is measured once per task. Rows carry the
// program's variant id (a hash of its code), and generations find their
// runs by that id, so an answer identical to code before is costed by code
// before's runs.
package measurements
