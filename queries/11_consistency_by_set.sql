-- title: Self-consistency per model and task set
-- The columns of the previous cells, per task set (datasets/core, the
-- changes we wrote; datasets/real, real commits run in their own
-- repositories; mined or imported rows by their source), with a row per
-- model over all sets (task_set 'all'), on the tasks resolved in this run.
-- A study that runs several sets at once (a folder of links to their
-- tasks) reads them apart here.
SELECT model,
       coalesce(task_set, 'all') AS task_set,
       count(*) AS tasks,
       share(correct) AS correct, share_lo(correct) AS correct_lo, share_hi(correct) AS correct_hi,
       share(optimised) AS pct_opt, share_lo(optimised) AS pct_opt_lo, share_hi(optimised) AS pct_opt_hi,
       share(self_consistent) AS self_consistent, share_lo(self_consistent) AS self_consistent_lo, share_hi(self_consistent) AS self_consistent_hi,
       round(median(human_speedup), 2) AS human_speedup,
       round(median(model_speedup), 2) AS model_speedup, median_boot_lo(model_speedup) AS model_speedup_lo, median_boot_hi(model_speedup) AS model_speedup_hi,
       round(median(recovered), 2) AS recovered, median_boot_lo(recovered) AS recovered_lo, median_boot_hi(recovered) AS recovered_hi,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM (
    SELECT o.*, coalesce(nullif(c.task_set, ''), nullif(c.source, ''), '(unnamed)') AS task_set
    FROM task_outcomes o
    JOIN commits c USING (task_id)
)
GROUP BY GROUPING SETS ((model, task_set), (model))
ORDER BY is_control(model), model, task_set IS NULL, task_set;
