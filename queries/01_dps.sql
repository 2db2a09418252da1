-- EvalPerf's Differential Performance Score, as its released code computes
-- it; no result of its own. Both macros read a cost table by name with the
-- columns task_id, solution_id, cost and role ('reference' or 'sample'),
-- so they score any benchmark's data (perfcon dps runs them on a file).
--
-- Clusters: per task, the references' costs sorted slowest first are split
-- between neighbours a > b when (a − b)/a > base + sqrt(weight/a), strictly,
-- a being the slower one; equal costs never split. Cluster 0 is the
-- slowest. A cluster's reference cost is its slowest member's; its score is
-- the running sum of 100·|cluster|/N over the clusters up to it. weight is
-- in the cost's unit (EvalPerf's 10 000 is instructions).
CREATE OR REPLACE MACRO dps_clusters(costs, base := 0.10, weight := 10000) AS TABLE
WITH refs AS (
    SELECT task_id::VARCHAR AS task_id, solution_id::VARCHAR AS solution_id, cost::DOUBLE AS cost
    FROM query_table(costs)
    WHERE role = 'reference' AND cost IS NOT NULL
), ordered AS (
    SELECT *,
           row_number() OVER w AS rank,
           lag(cost) OVER w AS slower,
           count(*) OVER (PARTITION BY task_id) AS n
    FROM refs
    WINDOW w AS (PARTITION BY task_id ORDER BY cost DESC, solution_id)
), split AS (
    SELECT *,
           coalesce(sum(CASE WHEN slower > 0
                              AND (slower - cost) / slower > base + sqrt(weight / slower)
                             THEN 1 ELSE 0 END)
                    OVER (PARTITION BY task_id ORDER BY rank ROWS UNBOUNDED PRECEDING), 0) AS cluster
    FROM ordered
), clusters AS (
    SELECT task_id, cluster::INTEGER AS cluster,
           count(*) AS size,
           max(cost) AS reference_cost,
           arg_min(solution_id, rank) AS reference_id,
           list(solution_id ORDER BY rank) AS members,
           any_value(n) AS n
    FROM split
    GROUP BY task_id, cluster
)
SELECT task_id, cluster, size, reference_id, reference_cost,
       100.0 * sum(size) OVER (PARTITION BY task_id ORDER BY cluster) / n AS score,
       count(*) OVER (PARTITION BY task_id) AS clusters,
       members
FROM clusters;

-- Scores: a sample matches cluster j when its cost ≤ j's reference cost
-- (ties match); DPS is the score of the fastest cluster it matches and
-- DPS_norm = 100·(j+1)/m for m clusters. A sample slower than every
-- reference, or failed (NULL cost), scores 0 and has no cluster. In a task
-- with no references both scores are NULL.
CREATE OR REPLACE MACRO dps_scores(costs, base := 0.10, weight := 10000) AS TABLE
WITH samples AS (
    SELECT task_id::VARCHAR AS task_id, solution_id::VARCHAR AS solution_id, cost::DOUBLE AS cost,
           row_number() OVER () AS seq -- each sample row is scored, even a repeated one
    FROM query_table(costs)
    WHERE role = 'sample'
), cl AS (
    SELECT * FROM dps_clusters(costs, base := base, weight := weight)
), matched AS (
    SELECT s.seq, any_value(s.task_id) AS task_id, any_value(s.solution_id) AS solution_id,
           any_value(s.cost) AS cost, max(c.cluster) AS cluster
    FROM samples s
    LEFT JOIN cl c ON c.task_id = s.task_id AND s.cost <= c.reference_cost
    GROUP BY s.seq
), tasks AS (
    SELECT DISTINCT task_id, clusters FROM cl
)
SELECT m.task_id, m.solution_id, m.cost, m.cluster,
       CASE WHEN t.clusters IS NULL THEN NULL
            WHEN m.cluster IS NULL THEN 0.0
            ELSE c.score END AS dps,
       CASE WHEN t.clusters IS NULL THEN NULL
            WHEN m.cluster IS NULL THEN 0.0
            ELSE 100.0 * (m.cluster + 1) / t.clusters END AS dps_norm
FROM matched m
LEFT JOIN tasks t ON t.task_id = m.task_id
LEFT JOIN cl c ON c.task_id = m.task_id AND c.cluster = m.cluster;

-- perfcon's own cost table for DPS, over the tasks resolved in this run
-- (see human). The references of a task are every distinct program
-- measured correct on it: code before, code after and each
-- correct generation of any model, round or sample (the differential pool,
-- as EvalPerf's references come from many models). The samples are the
-- generations, each one keyed describer/model/round/sample; a generation
-- that is not correct is a failed sample.
CREATE OR REPLACE VIEW dps_costs AS
SELECT task_id, variant_id AS solution_id, cost, 'reference' AS role
FROM variant_costs
WHERE status = 'ok' AND task_id IN (SELECT task_id FROM human WHERE resolved)
UNION ALL
SELECT task_id, concat_ws('/', describer, model, round, sample) AS solution_id,
       CASE WHEN correct THEN gen_cost END AS cost, 'sample' AS role
FROM outcomes
WHERE resolved;
