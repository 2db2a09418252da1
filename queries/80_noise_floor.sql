-- title: Noise floor: code after measured against itself
-- The built-in control model twin answers every task with code after plus
-- a comment line: it is built and run as a program of its own, interleaved
-- with the others, so whatever separates it from code after is this
-- machine's and this profile's noise. Per cost kind (cpu, or wall time on
-- k CPUs, which a shared machine makes noisier), per language and over
-- all ('all'):
-- the twins measured; the median and 90th percentile of |t(twin)/t(after)
-- − 1| in percent; false_alarm, the share of twins judged not
-- self-consistent (the U-test at α = 0.05 expects 0.025 of an exact copy);
-- the DPS of the twin beside code after's own; and the median number of
-- runs of code after (the repeats grow until the median is precise enough).
-- A model whose cost is within p90_dev_pct of code after's is inside the
-- floor: the within_floor columns of the self-consistency cells count
-- those. Empty when the run had no twin (make's default models include it).
WITH twin_dps AS (
    SELECT o.task_id, avg(s.dps) AS dps
    FROM outcomes o
    JOIN dps_scores('dps_costs') s
      ON s.task_id = o.task_id AND s.solution_id = concat_ws('/', o.describer, o.model, o.round, o.sample)
    WHERE o.model = 'twin' AND o.describer = 'twin' AND o.round = 1
    GROUP BY o.task_id
), after_dps AS (
    SELECT v.task_id, c.score AS dps
    FROM variant_costs v
    JOIN dps_clusters('dps_costs') c ON c.task_id = v.task_id AND list_contains(c.members, v.variant_id)
    WHERE v.variant = 'after' AND v.status = 'ok'
)
SELECT f.cost_kind,
       f.language,
       f.twins,
       round(100 * f.median_deviation, 1) AS median_dev_pct,
       round(100 * f.p90_deviation, 1) AS p90_dev_pct,
       round(f.false_alarm, 3) AS false_alarm,
       round(avg(d.dps), 1) AS twin_dps,
       round(avg(a.dps), 1) AS after_dps,
       median(v.runs) AS after_runs
FROM noise_floor f
JOIN twins t ON t.cost_kind = f.cost_kind AND f.language IN ('all', t.language)
LEFT JOIN twin_dps d ON d.task_id = t.task_id
LEFT JOIN after_dps a ON a.task_id = t.task_id
LEFT JOIN variant_costs v ON v.task_id = t.task_id AND v.variant = 'after'
GROUP BY f.cost_kind, f.language, f.twins, f.median_deviation, f.p90_deviation, f.false_alarm
ORDER BY f.cost_kind, f.language = 'all', f.language;
