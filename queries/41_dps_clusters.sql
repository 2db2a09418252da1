-- title: DPS clusters per task
-- The performance clusters of each task's correct programs at base 0.10
-- (slowest first: reference cost in millions of the task's unit, and the
-- cluster's score), and the number of clusters at base 0.20, which
-- EvalPerf's released code uses to keep only tasks with at least 4.
WITH c AS (
    SELECT * FROM dps_clusters('dps_costs')
), f AS (
    SELECT task_id, any_value(clusters) AS clusters_020
    FROM dps_clusters('dps_costs', base := 0.20)
    GROUP BY task_id
)
SELECT c.task_id,
       any_value(c.clusters) AS clusters,
       sum(c.size) AS programs,
       string_agg(printf('%.2f', c.reference_cost / 1e6), ' > ' ORDER BY c.cluster) AS reference_costs_m,
       string_agg(printf('%.0f', c.score), ' < ' ORDER BY c.cluster) AS scores,
       any_value(f.clusters_020) AS clusters_at_020,
       any_value(f.clusters_020) >= 4 AS evalperf_kept,
       any_value(h.costed_as) AS costed_as
FROM c
JOIN f USING (task_id)
LEFT JOIN human h USING (task_id)
GROUP BY c.task_id
ORDER BY c.task_id;
