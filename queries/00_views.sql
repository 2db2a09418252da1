-- Views shared by the cells after this file; no result of its own.
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
-- median cost of its runs when all of them were ok. A program is measured
-- once per task, so a generation identical to code before finds code
-- before's runs by its variant id.
CREATE OR REPLACE VIEW variant_costs AS
SELECT task_id, variant_id,
       any_value(variant) AS variant,
       coalesce(min(status) FILTER (WHERE status <> 'ok'), 'ok') AS status,
       CASE WHEN bool_and(status = 'ok') THEN median(cost) END AS cost,
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
       b.cost_unit, b.iterations
FROM commits c
JOIN variant_costs b ON b.task_id = c.task_id AND b.variant = 'before'
JOIN variant_costs a ON a.task_id = c.task_id AND a.variant = 'after';

-- One row per generation with its measured outcome. A generation is
-- correct when it built, every run exited cleanly and printed code-before's
-- digest. model_speedup and recovered exist only for correct ones.
CREATE OR REPLACE VIEW outcomes AS
SELECT g.task_id, g.describer, g.model, g.round, g.sample,
       c.language, c.category,
       g.extract_status,
       CASE WHEN g.error IS NOT NULL OR g.code = '' THEN 'no_code'
            ELSE coalesce(v.status, 'not_measured') END AS status,
       coalesce(v.status = 'ok', false) AS correct,
       h.human_speedup,
       CASE WHEN v.status = 'ok' THEN h.before_cost / v.cost END AS model_speedup,
       CASE WHEN v.status = 'ok' THEN (h.before_cost / v.cost) / h.human_speedup END AS recovered,
       v.cost AS gen_cost, h.after_cost, h.before_cost
FROM generations g
JOIN commits c ON c.task_id = g.task_id
LEFT JOIN variant_costs v
       ON v.task_id = g.task_id AND v.variant_id = left(sha256(g.code), 16)
LEFT JOIN human h ON h.task_id = g.task_id;
