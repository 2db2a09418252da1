-- title: Controls: can this run be trusted?
-- Four checks a reader makes before any rate. identity gives code before
-- back unchanged: on a resolved task it must never be self-consistent
-- (expected 0). oracle gives code after back: it must be self-consistent
-- on every resolved task (expected 1). twin is code after built as a
-- program of its own: the share judged slower than code after is the
-- verdict's false-alarm rate, which the U-test at α = 0.05 keeps near
-- 0.025 (the check holds while its interval reaches under 0.05; over all
-- measured tasks). resolved: the share of measured tasks whose code
-- before was significantly slower than code after in this run; only they
-- count in the rates below, the others are left out (not a failure of
-- the run, but fewer tasks to judge by). value carries its Wilson 95% interval;
-- failed_tasks names the tasks that failed a check. A control that was
-- not run says so (make's default models include all three).
WITH checks(position, control, model, expected) AS (
    VALUES (1, 'identity self-consistent', 'identity', 0.0),
           (2, 'oracle self-consistent', 'oracle', 1.0),
           (3, 'twin false alarms', 'twin', 0.025),
           (4, 'tasks resolved', NULL, 1.0)
), results AS (
    SELECT model, count(*) AS tasks,
           sum(self_consistent) AS hits,
           string_agg(task_id, ', ' ORDER BY task_id) FILTER (WHERE self_consistent > 0 AND model = 'identity'
                                                               OR self_consistent < 1 AND model = 'oracle') AS failed
    FROM task_outcomes
    WHERE model IN ('identity', 'oracle')
    GROUP BY model
    UNION ALL
    SELECT 'twin', count(*), sum((NOT self_consistent)::INTEGER),
           string_agg(task_id, ', ' ORDER BY task_id) FILTER (WHERE NOT self_consistent)
    FROM twins
    HAVING count(*) > 0
    UNION ALL
    SELECT NULL, count(*), sum(resolved::INTEGER),
           string_agg(task_id, ', ' ORDER BY task_id) FILTER (WHERE NOT resolved)
    FROM human
    HAVING count(*) > 0
)
SELECT c.control,
       coalesce(r.tasks, 0) AS tasks,
       round(r.hits / r.tasks, 3) AS value,
       round(wilson_lo(r.hits, r.tasks), 3) AS value_lo,
       round(wilson_hi(r.hits, r.tasks), 3) AS value_hi,
       c.expected,
       CASE WHEN r.tasks IS NULL THEN 'not run'
            WHEN c.position = 3 AND wilson_lo(r.hits, r.tasks) <= 0.05 THEN 'holds'
            WHEN r.hits / r.tasks = c.expected THEN 'holds'
            WHEN c.position = 4 THEN 'some left out'
            ELSE 'FAILS' END AS verdict,
       coalesce(r.failed, '') AS failed_tasks
FROM checks c
LEFT JOIN results r ON r.model IS NOT DISTINCT FROM c.model
ORDER BY c.position;
