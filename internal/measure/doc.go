// Package measure runs built programs as child processes and reads their
// cost from the kernel.
//
// A Runner starts each program in its own process group, pinned to its
// CPUs, with a fixed environment and a timeout after which the whole group
// is killed. Wall time is taken around the child; user and system time and
// peak RSS come from wait4's rusage. A runner has a cost kind
// (table.CostCPU or table.CostWall): a Bench gives a CPU-time task's runs
// one CPU and a wall-time task's the profile's k, and Result.Cost is the
// time in that kind. Calibrate finds the iteration count at which
// code-before runs long enough, by doubling. A Trial runs programs in
// rounds at one count; Width is benchstat's 95% confidence interval of a
// median, relative to it, which adaptive repeats aim to narrow.
//
// The stages that run programs (validation, measurement, refinement's
// feedback runs) share one protocol through this package: they embed
// Settings in their options, set up a Bench with NewBench, take each
// task's Trial from Bench.Trial (the runner of its cost kind; the
// iterations validation calibrated under the same profile, or a
// calibration), run Trial.Warm and then Trial.Measure (the repeats and the
// adaptive rule) or Trial.Repeat, and wait for a wall-time task's CPUs by
// Bench.WaitForCPUs. Bench.Schedule runs a stage's tasks: CPU-time tasks
// several at once, each on a bench of Bench.Split pinned to a CPU of its
// own, and wall-time tasks alone. A stage says only which programs run and
// which rows it writes.
//
// Users' documentation of the protocol is docs/measurement.md; the
// sandbox every run goes through is package sandbox.
//
// # The measurement protocol
//
// Each distinct program is built once (cached by source hash; see package
// lang). Validation calibrates the iteration count: it starts from the
// power of two that the scale search's cost of one iteration calls for,
// and doubles it until the iterations of code-before, not counting
// start-up and building the workload, take at least the profile's
// MinTime of CPU time (estimated from the run at N against the run at 1,
// so N ≥ 2; N must pass twice, since one program's CPU time can vary by a
// third between runs on a shared machine); a count that went past what
// the long runs' cost calls for is taken back, so the iterations take
// between one and two times the minimum. Without that estimate (measure
// under another profile) the search starts at 2 from the slower of two
// runs at 1. Measure reuses the count calibrated under the same profile
// (Profile.Label), so validation, measurement and every rerun measure at
// the same N.
//
// Every variant runs with that count: one warm-up, then the profile's
// Repeats, interleaved across variants in an order drawn afresh each round
// (seeded by the task, so the same every run), serially, each run pinned to
// the CPUs of its task's cost kind, in the sandbox, with a fixed
// environment and a timeout (Profile.RunTimeout). The repeats are
// adaptive: after Repeats rounds, rounds go on, up to MaxRepeats, while
// the median of code after or of a generation has a 95% confidence
// interval wider than Width of it; such a round runs those and code after,
// the reference every generation is held against, and code before only
// while its own median is that imprecise and its interval meets code
// after's (Apart; see Trial.Measure for why). Validation keeps code
// before's counted runs (Bench.Keep); a measure soon after on the same
// host, with everything that decides a run's cost the same, reuses them
// as code before's runs instead of running it again
// (Settings.ReuseBefore, NewTrialReused), once two fresh runs of code
// before show that they still hold (Bench.stillHold).
//
// User and system time and peak RSS come from the kernel (wait4, in the
// sandbox's helper, so the peak is the program's own, not that of the Go
// process that started it); wall time runs from just before the program's
// exec to its end; mean RSS is sampled from /proc every millisecond.
// Where the machine has an instruction counter, each run's user-space
// instructions are counted from the program's exec (perf_event_open with
// enable-on-exec, inherited by its threads and children; the sandbox holds
// the program until the counter is open); Host records whether it has
// one. The cachegrind meter counts instructions under valgrind instead
// (--cache-sim=no): one run a variant after the same calibration, the same
// count on every run and machine. The cost t(x) is the median over the
// repeats in the task's cost kind, or instructions where every run of the
// task was counted.
//
// # Cost kinds
//
// A task is costed in one of two kinds. CPU time (table.CostCPU): each run
// is pinned to one CPU and costed in user + system time; it suits a fix
// that removes work, and is the default of api_misuse,
// memory_inefficiency, inefficient_io, inefficient_algorithm and
// micro_architectural. Wall time (table.CostWall): each run is given the
// same k CPUs (Profile.CPUs, or fewer where the machine has fewer) and
// costed in elapsed time; it suits a fix that adds parallelism or removes
// waiting, which CPU time can't see, and is the default of
// parallelization, poor_concurrency_control and network_bottleneck. A
// task's task.toml (or a mined commit's harness.toml) may choose the other.
// Both times are kept on every run.
//
// A wall-time task only shows a speedup from parallelism when the machine
// gives its runs their k CPUs. Parallelism probes them (the same CPU-bound
// work on one thread and on one thread per CPU); Given says whether they
// gave at least half the ideal gain, and Bench.WaitForCPUs is the one rule
// for waiting for them (up to Settings.CPUWait, half a minute unless set):
// measure applies it before a wall-time task's repeats, validation before
// its second speed test. A
// wall-time task gets two speed tests at validation, each at α/2, the
// second after the CPUs were probed and waited for; ShortOfCPUs words the
// reason of a task that fails while the machine keeps them busy.
package measure
