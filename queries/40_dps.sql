-- title: Differential Performance Score per model
-- EvalPerf's DPS and DPS_norm (base 0.10, weight 10 000; see 01_dps.sql)
-- of each model's round-1 generations from its own descriptions, against
-- every correct program measured on the task. A failed generation scores 0.
-- Scores are averaged over a task's samples, then over tasks; pass_at_1 is
-- the share of correct generations in percent.
WITH s AS (
    SELECT * FROM dps_scores('dps_costs')
), scored AS (
    SELECT o.model, o.task_id, o.correct, o.costed_as, s.dps, s.dps_norm
    FROM outcomes o
    JOIN s ON s.task_id = o.task_id
          AND s.solution_id = concat_ws('/', o.describer, o.model, o.round, o.sample)
    WHERE o.describer = o.model AND o.round = 1
), per_task AS (
    SELECT model, task_id, any_value(costed_as) AS costed_as, avg(dps) AS dps, avg(dps_norm) AS dps_norm, avg(correct::INTEGER) AS pass
    FROM scored
    GROUP BY model, task_id
)
SELECT model,
       count(*) AS tasks,
       round(avg(dps), 1) AS dps,
       round(avg(dps_norm), 1) AS dps_norm,
       round(100 * avg(pass), 1) AS pass_at_1,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM per_task
GROUP BY model
ORDER BY model;
