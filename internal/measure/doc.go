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
package measure
