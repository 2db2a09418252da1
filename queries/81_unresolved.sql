-- title: Tasks not resolved in this run
-- The tasks whose code before and after both measured cleanly but whose
-- code before was not significantly slower than code after in this run's
-- measurements (two-sided Mann–Whitney U over the repeats at α = 0.05, or
-- more than 1% slower when either side has under 4 runs: resolved_by).
-- They are left out of every rate, interval and comparison above: on
-- them a model that changed nothing would look as fast as the human fix.
-- A task validated as faster that is unresolved here usually lost its
-- speedup to a busy machine (wall-time tasks most of all): measure again
-- when the machine is quiet. No rows: every measured task was resolved.
SELECT task_id, language, category, costed_as,
       round(human_speedup, 2) AS human_speedup,
       round(p_resolved, 4) AS p,
       resolved_by,
       before_runs, after_runs,
       round(before_cost / 1e6, 1) AS t_before_m,
       round(after_cost / 1e6, 1) AS t_after_m
FROM human
WHERE NOT resolved
ORDER BY category, task_id;
