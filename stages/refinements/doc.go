// Package refinements improves generations with feedback from running
// them, as two published methods do, and writes every step as a row of
// the refinements table:
//
//   - Refine (PerfCodeGen): each model's round-1 generations are run
//     beside code before and after; a wrong one is sent back with its
//     failure (the compiler or runtime error, or the workload's scale
//     and the output digests), a correct one with its CPU time against
//     code before's, for k steps.
//   - Orchestrate (PerfOrch): the models are ranked per language ×
//     category for each kind of step (generate, fix, optimise) from the
//     refine chains of one half of the tasks (the routes and splits
//     tables), and the other half is run through the models ranked
//     first, with rollback.
//
// In both, a step that is wrong or not faster than the chain's best is
// kept as a row but not as the chain's result (result_step), and the
// next step starts from the best again. Faster means by a test, not by
// a ratio of noisy medians: the step's code runs beside the best's in one
// feedback trial, and the one-sided Mann–Whitney p-value that it costs
// less (feedback_faster_p) must be under FasterAlpha (0.05). The feedback
// runs (at least five interleaved repeats, reusing the iterations
// validation calibrated) steer the chains only: the measure stage measures every step's code
// with the rest of its task, and the report's numbers come from there.
package refinements
