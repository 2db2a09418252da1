-- title: The task set
-- The human fixes as measured here: cost unit, calibrated iterations,
-- t(before) and t(after) in millions of the unit (ms of CPU time, or
-- millions of instructions), and the speedup, per task.
SELECT task_id, language, category, cost_unit, iterations,
       round(before_cost / 1e6, 1) AS t_before_m,
       round(after_cost / 1e6, 1) AS t_after_m,
       round(human_speedup, 2) AS human_speedup
FROM human
ORDER BY category, task_id;
