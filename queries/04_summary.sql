-- title: Results per model
-- One row per model, over the tasks resolved in this run, candidates
-- first and the controls after: the shares of tasks (see the next cell
-- for their definitions) with Wilson 95% intervals, the median recovered
-- speedup (model speedup / human speedup, over tasks with a correct
-- sample) and the mean DPS (EvalPerf, 0..100, a failed task scores 0),
-- each with a bootstrap 95% interval over tasks, and what the model's
-- describe and generate calls cost (cost_usd; NULL without a price in the
-- models file).
WITH spent AS (
    SELECT model, sum(cost_usd) AS cost_usd
    FROM (SELECT model, cost_usd FROM descriptions UNION ALL SELECT model, cost_usd FROM generations)
    GROUP BY model
)
SELECT t.model,
       count(*) AS tasks,
       share(correct) AS correct, share_lo(correct) AS correct_lo, share_hi(correct) AS correct_hi,
       share(self_consistent) AS self_consistent, share_lo(self_consistent) AS self_consistent_lo, share_hi(self_consistent) AS self_consistent_hi,
       share(optimised) AS pct_opt, share_lo(optimised) AS pct_opt_lo, share_hi(optimised) AS pct_opt_hi,
       share(agreement) AS agreement, share_lo(agreement) AS agreement_lo, share_hi(agreement) AS agreement_hi,
       round(median(recovered), 2) AS recovered, median_boot_lo(recovered) AS recovered_lo, median_boot_hi(recovered) AS recovered_hi,
       round(avg(dps), 1) AS dps, mean_boot_lo(dps) AS dps_lo, mean_boot_hi(dps) AS dps_hi,
       round(any_value(s.cost_usd), 4) AS cost_usd
FROM task_outcomes t
LEFT JOIN spent s USING (model)
GROUP BY t.model
ORDER BY is_control(t.model), t.model;
