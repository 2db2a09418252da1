-- title: The task set
-- The human fixes as measured here: cost unit, calibrated iterations,
-- t(before) and t(after) in millions of the unit (ms of CPU time, or
-- millions of instructions), and the speedup, per task; the runs each
-- median is over and the width of its 95% confidence interval in percent
-- of it (NULL under 6 runs), which the adaptive repeats aim to keep under
-- the profile's width.
SELECT task_id, language, category, costed_as, cost_unit, iterations,
       round(before_cost / 1e6, 1) AS t_before_m,
       round(after_cost / 1e6, 1) AS t_after_m,
       round(human_speedup, 2) AS human_speedup,
       before_runs, after_runs,
       round(100 * before_width, 1) AS before_width_pct,
       round(100 * after_width, 1) AS after_width_pct
FROM human
ORDER BY category, task_id;
