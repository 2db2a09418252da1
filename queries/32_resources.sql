-- title: Resources per model: CPU utilisation and memory
-- PerfOrch's resource metrics, medians over programs: CPU utilisation
-- ((user + system) / wall time, over 1 for parallel code), mean and peak
-- resident memory in MiB. Code before and code after once per task; each
-- model's correct round-1 generations from its own descriptions. mem_ratio
-- is the median of a program's peak memory over code after's.
WITH per_program AS (
    SELECT task_id, variant_id,
           median(cpu_utilisation) AS cpu_utilisation,
           median(mean_rss_bytes) / 2^20 AS mean_mib,
           median(max_rss_bytes) / 2^20 AS peak_mib
    FROM runs
    WHERE status = 'ok'
    GROUP BY task_id, variant_id
), programs AS (
    SELECT 'code before' AS program, v.task_id, v.variant_id, v.costed_as
    FROM variant_costs v JOIN human h USING (task_id) WHERE v.variant = 'before'
    UNION ALL
    SELECT 'code after', v.task_id, v.variant_id, v.costed_as
    FROM variant_costs v JOIN human h USING (task_id) WHERE v.variant = 'after'
    UNION ALL
    SELECT model, task_id, variant_id, costed_as
    FROM outcomes
    WHERE describer = model AND round = 1 AND correct
), after AS (
    SELECT v.task_id, p.peak_mib
    FROM variant_costs v JOIN per_program p USING (task_id, variant_id)
    WHERE v.variant = 'after'
)
SELECT g.program,
       count(*) AS programs,
       round(median(p.cpu_utilisation), 2) AS cpu_utilisation,
       round(median(p.mean_mib), 1) AS mean_mib,
       round(median(p.peak_mib), 1) AS peak_mib,
       round(median(p.peak_mib / a.peak_mib), 2) AS mem_ratio,
       string_agg(DISTINCT g.costed_as, '; ' ORDER BY g.costed_as) AS costed_as
FROM programs g
JOIN per_program p USING (task_id, variant_id)
LEFT JOIN after a USING (task_id)
GROUP BY g.program
ORDER BY g.program = 'code before' DESC, g.program = 'code after' DESC, g.program;
