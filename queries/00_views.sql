-- Views shared by the cells after this file; no result of its own.
-- The report computes the views named here once, as tables:
-- materialize: variant_costs, human, vs_after, outcomes
--
-- Cost: a task's runs are costed in instructions when every run of the task
-- has a count, else in CPU time (user + system), so one task never mixes
-- units. t(x) is the median cost over a variant's repeats.

CREATE OR REPLACE VIEW runs AS
SELECT m.*,
       m.user_ns + m.sys_ns AS cpu_ns,
       (m.user_ns + m.sys_ns)::DOUBLE / nullif(m.wall_ns, 0) AS cpu_utilisation,
       bool_and(m.instructions IS NOT NULL) OVER (PARTITION BY m.task_id) AS counted
FROM measurements m;

CREATE OR REPLACE VIEW costed_runs AS
SELECT r.*,
       CASE WHEN counted THEN instructions::DOUBLE ELSE cpu_ns::DOUBLE END AS cost,
       CASE WHEN counted THEN 'instructions' ELSE 'cpu_ns' END AS cost_unit
FROM runs r;

-- One row per measured program: the first failing status, if any, and the
-- median cost of its runs when all of them were ok, with the repeats' costs
-- as a list for the U-test and the median's 95% confidence interval as
-- benchstat computes it (NULL below 6 repeats, where benchstat prints ±∞).
-- A program is measured once per task, so a generation identical to code
-- before finds code before's runs by its variant id.
CREATE OR REPLACE VIEW variant_costs AS
SELECT task_id, variant_id,
       any_value(variant) AS variant,
       coalesce(min(status) FILTER (WHERE status <> 'ok'), 'ok') AS status,
       CASE WHEN bool_and(status = 'ok') THEN median(cost) END AS cost,
       CASE WHEN bool_and(status = 'ok') THEN list(cost ORDER BY repeat) END AS costs,
       CASE WHEN bool_and(status = 'ok') THEN median_lo(list(cost), 0.95) END AS cost_lo,
       CASE WHEN bool_and(status = 'ok') THEN median_hi(list(cost), 0.95) END AS cost_hi,
       count(*) AS runs,
       any_value(cost_unit) AS cost_unit,
       any_value(iterations) AS iterations
FROM costed_runs
GROUP BY task_id, variant_id;

-- The human fix, per task.
CREATE OR REPLACE VIEW human AS
SELECT c.task_id, c.language, c.category,
       b.cost AS before_cost, a.cost AS after_cost,
       b.cost / a.cost AS human_speedup,
       a.costs AS after_costs,
       b.cost_unit, b.iterations
FROM commits c
JOIN variant_costs b ON b.task_id = c.task_id AND b.variant = 'before'
JOIN variant_costs a ON a.task_id = c.task_id AND a.variant = 'after';

-- Each correct program against code after: the two-sided Mann–Whitney U
-- p-value of its repeats against code after's, as benchstat computes it.
CREATE OR REPLACE VIEW vs_after AS
SELECT v.task_id, v.variant_id,
       CASE WHEN v.variant <> 'after' THEN utest_p(v.costs, h.after_costs) ELSE 1.0 END AS p_vs_after
FROM variant_costs v
JOIN human h USING (task_id)
WHERE v.status = 'ok';

-- One row per generation with its measured outcome. A generation is
-- correct when it built, every run exited cleanly and printed code-before's
-- digest. model_speedup and recovered exist only for correct ones.
--   optimised (PerfCodeGen's %Opt): correct and t(gen) < 0.9·t(after).
--   p_vs_after: two-sided Mann–Whitney U p-value of the generation's
--     repeats against code after's (as benchstat).
--   self_consistent: correct and not significantly slower than code after
--     (slower median and p < 0.05).
--   category_agreement: the description this generation was made from
--     predicted the task's category (NULL when it predicted none).
CREATE OR REPLACE VIEW outcomes AS
WITH o AS (
    SELECT g.task_id, g.describer, g.model, g.round, g.sample,
           c.language, c.category,
           g.extract_status,
           CASE WHEN g.error IS NOT NULL OR g.code = '' THEN 'no_code'
                ELSE coalesce(v.status, 'not_measured') END AS status,
           coalesce(v.status = 'ok', false) AS correct,
           h.human_speedup,
           CASE WHEN v.status = 'ok' THEN h.before_cost / v.cost END AS model_speedup,
           CASE WHEN v.status = 'ok' THEN (h.before_cost / v.cost) / h.human_speedup END AS recovered,
           v.cost AS gen_cost, h.after_cost, h.before_cost,
           x.p_vs_after,
           d.predicted_category
    FROM generations g
    JOIN commits c ON c.task_id = g.task_id
    LEFT JOIN variant_costs v
           ON v.task_id = g.task_id AND v.variant_id = left(sha256(g.code), 16)
    LEFT JOIN human h ON h.task_id = g.task_id
    LEFT JOIN vs_after x ON x.task_id = v.task_id AND x.variant_id = v.variant_id
    LEFT JOIN descriptions d
           ON d.task_id = g.task_id AND d.model = g.describer
          AND d.round = g.round AND d.sample = g.sample
)
SELECT o.* EXCLUDE (predicted_category),
       correct AND gen_cost < 0.9 * after_cost AS optimised,
       correct AND gen_cost > after_cost AND p_vs_after < 0.05 AS slower_than_after,
       correct AND NOT coalesce(gen_cost > after_cost AND p_vs_after < 0.05, false) AS self_consistent,
       CASE WHEN nullif(predicted_category, '') IS NOT NULL
            THEN predicted_category = category END AS category_agreement
FROM o;

-- Per-generation speedups beside the human fix's, for distributions: one
-- row per correct round-1 generation of a model from its own description,
-- and one per task for the human fix (model 'human fix').
CREATE OR REPLACE VIEW speedups AS
SELECT category, language, 'human fix' AS model, task_id, human_speedup AS speedup
FROM human
UNION ALL
SELECT category, language, model, task_id, model_speedup AS speedup
FROM outcomes
WHERE describer = model AND round = 1 AND correct;
