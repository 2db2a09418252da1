-- title: Differential Performance Score per model
-- EvalPerf's DPS and DPS_norm (base 0.10, weight 10 000; see 01_dps.sql)
-- of each model's round-1 generations from its own descriptions, against
-- every correct program measured on the task, on the tasks resolved in
-- this run. A failed generation scores 0. Scores are averaged over a
-- task's samples, then over tasks, with a bootstrap 95% interval over
-- tasks; pass_at_1 is the share of correct generations in percent, with
-- its Wilson 95% interval.
SELECT model,
       count(*) AS tasks,
       round(avg(dps), 1) AS dps, mean_boot_lo(dps) AS dps_lo, mean_boot_hi(dps) AS dps_hi,
       round(avg(dps_norm), 1) AS dps_norm, mean_boot_lo(dps_norm) AS dps_norm_lo, mean_boot_hi(dps_norm) AS dps_norm_hi,
       round(100 * avg(correct), 1) AS pass_at_1,
       round(100 * wilson_lo(sum(correct), count(correct)), 1) AS pass_at_1_lo,
       round(100 * wilson_hi(sum(correct), count(correct)), 1) AS pass_at_1_hi,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM task_outcomes
WHERE dps IS NOT NULL
GROUP BY model
ORDER BY model;
