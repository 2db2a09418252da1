-- Views shared by the cells after this file; no result of its own.
-- The report computes the views named here once, as tables:
-- materialize: variant_costs, human, vs_after, outcomes, refined
--
-- Cost: a task's runs are costed in its cost kind, which every run records
-- (cost_kind, with cpus, the CPUs the run was given):
--   cpu:  instructions when every run of the task has a count, else CPU
--         time (user + system), each run pinned to one CPU;
--   wall: elapsed time (wall_ns), each run given the same k CPUs: for
--         fixes that add parallelism or remove waiting, which CPU time
--         can't see.
-- One task never mixes units. costed_as names the kind for the cells
-- ('cpu', or 'wall, k CPUs'). t(x) is the median cost over a variant's
-- repeats. Every run keeps both times, so another costing is a query away.

CREATE OR REPLACE VIEW runs AS
SELECT m.*,
       m.user_ns + m.sys_ns AS cpu_ns,
       (m.user_ns + m.sys_ns)::DOUBLE / nullif(m.wall_ns, 0) AS cpu_utilisation,
       bool_and(m.instructions IS NOT NULL) OVER (PARTITION BY m.task_id) AS counted
FROM measurements m;

CREATE OR REPLACE VIEW costed_runs AS
SELECT r.*,
       CASE WHEN cost_kind = 'wall' THEN wall_ns::DOUBLE
            WHEN counted THEN instructions::DOUBLE ELSE cpu_ns::DOUBLE END AS cost,
       CASE WHEN cost_kind = 'wall' THEN 'wall_ns'
            WHEN counted THEN 'instructions' ELSE 'cpu_ns' END AS cost_unit,
       CASE WHEN cost_kind = 'wall' THEN printf('wall, %d CPUs', cpus) ELSE 'cpu' END AS costed_as
FROM runs r;

-- One row per measured program: the first failing status, if any, and the
-- median cost of its runs when all of them were ok, with the repeats' costs
-- as a list for the U-test and the median's 95% confidence interval as
-- benchstat computes it (NULL below 6 repeats, where benchstat prints ±∞);
-- ci_width is that interval's width over the median.
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
       CASE WHEN bool_and(status = 'ok')
            THEN (median_hi(list(cost), 0.95) - median_lo(list(cost), 0.95)) / nullif(median(cost), 0) END AS ci_width,
       count(*) AS runs,
       any_value(cost_unit) AS cost_unit,
       any_value(cost_kind) AS cost_kind,
       any_value(costed_as) AS costed_as,
       any_value(iterations) AS iterations
FROM costed_runs
GROUP BY task_id, variant_id;

-- The human fix, per task whose code before and after both measured
-- cleanly. A task left out (failed validation, not approved, or a failing
-- run) is in the task set cells, not in the results.
--
-- resolved: code before was significantly slower than code after in this
-- run's own measurements, by the test vs_after uses (two-sided
-- Mann–Whitney U at α = 0.05 with at least 4 runs each, else more than 1%
-- slower): the task can tell a model that changed nothing from the human
-- fix. Only resolved tasks count in the study's rates (self-consistency,
-- %Opt, recovered, DPS); the others are named in the "not resolved" cell.
-- Without this, a model that gives code before back would score wherever
-- the run could not separate before from after.
CREATE OR REPLACE VIEW human AS
WITH h AS (
    SELECT c.task_id, c.language, c.category, c.committed_at,
           b.cost AS before_cost, a.cost AS after_cost,
           b.cost / a.cost AS human_speedup,
           b.costs AS before_costs, a.costs AS after_costs,
           b.cost_unit, b.cost_kind, b.costed_as, b.iterations,
           b.ci_width AS before_width, a.ci_width AS after_width,
           b.runs AS before_runs, a.runs AS after_runs,
           CASE WHEN len(b.costs) >= 4 AND len(a.costs) >= 4 THEN utest_p(b.costs, a.costs) END AS p_resolved
    FROM commits c
    JOIN variant_costs b ON b.task_id = c.task_id AND b.variant = 'before' AND b.status = 'ok'
    JOIN variant_costs a ON a.task_id = c.task_id AND a.variant = 'after' AND a.status = 'ok'
)
SELECT *,
       CASE WHEN p_resolved IS NOT NULL THEN 'u-test' ELSE 'direct' END AS resolved_by,
       CASE WHEN p_resolved IS NOT NULL THEN before_cost > after_cost AND p_resolved < 0.05
            ELSE before_cost > 1.01 * after_cost END AS resolved
FROM h;

-- Each correct program against code after. With at least 4 repeats on
-- both sides (the fewest at which the test can reach α = 0.05) it is the
-- two-sided Mann–Whitney U test, as benchstat computes it: slower means a
-- higher median and p < 0.05. With fewer (the cachegrind meter counts
-- once) the costs are compared directly: slower means more than 1% above
-- code after, ten times cachegrind's run-to-run spread.
CREATE OR REPLACE VIEW vs_after AS
WITH v AS (
    SELECT v.task_id, v.variant_id, v.variant, v.cost, h.after_cost,
           CASE WHEN v.variant <> 'after' AND len(v.costs) >= 4 AND len(h.after_costs) >= 4
                THEN utest_p(v.costs, h.after_costs) END AS p_vs_after
    FROM variant_costs v
    JOIN human h USING (task_id)
    WHERE v.status = 'ok'
)
SELECT task_id, variant_id, p_vs_after,
       CASE WHEN variant = 'after' THEN 'same'
            WHEN p_vs_after IS NOT NULL THEN 'u-test'
            ELSE 'direct' END AS compared_by,
       CASE WHEN variant = 'after' THEN false
            WHEN p_vs_after IS NOT NULL THEN cost > after_cost AND p_vs_after < 0.05
            ELSE cost > 1.01 * after_cost END AS slower_than_after
FROM v;

-- One row per generation of a task of the study, with its measured
-- outcome. A generation is correct when it built, every run exited cleanly
-- and printed code-before's digest. model_speedup and recovered exist only
-- for correct ones.
--   optimised (PerfCodeGen's %Opt): correct and t(gen) < 0.9·t(after).
--   p_vs_after, slower_than_after: see vs_after.
--   self_consistent: correct and not slower than code after.
--   category_agreement: the description this generation was made from
--     names the task's category; one that names none, or no valid one,
--     disagrees (NULL only when there is no description).
CREATE OR REPLACE VIEW outcomes AS
WITH d AS (
    SELECT task_id, model, round, sample, any_value(predicted_category) AS predicted_category
    FROM descriptions
    GROUP BY ALL
), o AS (
    SELECT g.task_id, g.describer, g.model, g.round, g.sample,
           h.language, h.category, h.cost_kind, h.costed_as, h.resolved, h.committed_at,
           g.extract_status, v.variant_id,
           CASE WHEN g.error IS NOT NULL OR g.code = '' THEN 'no_code'
                ELSE coalesce(v.status, 'not_measured') END AS status,
           coalesce(v.status = 'ok', false) AS correct,
           h.human_speedup,
           CASE WHEN v.status = 'ok' THEN h.before_cost / v.cost END AS model_speedup,
           CASE WHEN v.status = 'ok' THEN (h.before_cost / v.cost) / h.human_speedup END AS recovered,
           v.cost AS gen_cost, h.after_cost, h.before_cost,
           x.p_vs_after, x.compared_by, x.slower_than_after,
           d.task_id IS NOT NULL AS described,
           d.predicted_category
    FROM generations g
    JOIN human h ON h.task_id = g.task_id
    LEFT JOIN variant_costs v
           ON v.task_id = g.task_id AND v.variant_id = left(sha256(g.code), 16)
    LEFT JOIN vs_after x ON x.task_id = v.task_id AND x.variant_id = v.variant_id
    LEFT JOIN d ON d.task_id = g.task_id AND d.model = g.describer
               AND d.round = g.round AND d.sample = g.sample
)
SELECT o.* EXCLUDE (predicted_category, described, slower_than_after),
       correct AND gen_cost < 0.9 * after_cost AS optimised,
       correct AND slower_than_after AS slower_than_after,
       correct AND NOT slower_than_after AS self_consistent,
       CASE WHEN described THEN coalesce(predicted_category = category, false) END AS category_agreement
FROM o;

-- Per-generation speedups beside the human fix's, for distributions, on
-- the tasks resolved in this run: one row per correct round-1 generation
-- of a model from its own description, and one per task for the human
-- fix (model 'human fix').
CREATE OR REPLACE VIEW speedups AS
SELECT category, language, costed_as, 'human fix' AS model, task_id, human_speedup AS speedup
FROM human
WHERE resolved
UNION ALL
SELECT category, language, costed_as, model, task_id, model_speedup AS speedup
FROM outcomes
WHERE describer = model AND round = 1 AND correct AND resolved;

-- The control: the built-in model twin rewrites every task as code after
-- plus a comment line, so it is built and measured as a program of its
-- own. Whatever separates it from code after is the measurement's noise.
-- One row per task where the twin measured cleanly (its samples are one
-- program, measured once): its cost over code
-- after's (ratio), how far that is from 1 (deviation), and whether it was
-- judged self-consistent, as any model's generation is.
CREATE OR REPLACE VIEW twins AS
SELECT task_id,
       any_value(language) AS language,
       any_value(category) AS category,
       any_value(cost_kind) AS cost_kind,
       any_value(gen_cost / after_cost) AS ratio,
       any_value(abs(gen_cost / after_cost - 1)) AS deviation,
       any_value(p_vs_after) AS p_vs_after,
       any_value(self_consistent) AS self_consistent
FROM outcomes
WHERE model = 'twin' AND describer = 'twin' AND round = 1 AND correct
GROUP BY task_id;

-- The noise floor per cost kind and language, and per cost kind over all
-- languages (language 'all'): the median and 90th percentile of the twins'
-- deviation, and the share of twins not judged self-consistent, the
-- false-alarm rate of that verdict. Wall time on a shared machine is
-- noisier than CPU time, so each kind has a floor of its own. A model
-- whose cost differs from code after's by no more than the p90 deviation
-- of its task's kind and language is inside the floor: this machine and
-- profile can't tell it from code after.
CREATE OR REPLACE VIEW noise_floor AS
SELECT cost_kind,
       coalesce(language, 'all') AS language,
       count(*) AS twins,
       median(deviation) AS median_deviation,
       quantile_cont(deviation, 0.9) AS p90_deviation,
       avg((NOT self_consistent)::INTEGER) AS false_alarm
FROM twins
GROUP BY GROUPING SETS ((cost_kind, language), (cost_kind));


-- The verdicts of outcomes, per measured program of a task of the study
-- rather than per generation: for the steps of refinement chains, which
-- name their code by its variant id.
CREATE OR REPLACE VIEW program_outcomes AS
SELECT v.task_id, v.variant_id, v.status,
       v.status = 'ok' AS correct,
       CASE WHEN v.status = 'ok' THEN h.before_cost / v.cost END AS model_speedup,
       CASE WHEN v.status = 'ok' THEN (h.before_cost / v.cost) / h.human_speedup END AS recovered,
       coalesce(v.status = 'ok' AND v.cost < 0.9 * h.after_cost, false) AS optimised,
       coalesce(v.status = 'ok' AND NOT x.slower_than_after, false) AS self_consistent
FROM variant_costs v
JOIN human h USING (task_id)
LEFT JOIN vs_after x ON x.task_id = v.task_id AND x.variant_id = v.variant_id;

-- Every step of every refinement chain (perfcon refine, and orchestrate's
-- routed chains) on a task of the study resolved in this run. A chain is a task and one
-- round-1 generation (describer, sample) of a pipeline and model; step 0
-- is that generation. Two outcomes per step, both from the measurements:
--   step_*: of the step's own code;
--   the rest: of the chain's result after the step, the code of
--     result_step (its best correct step by the feedback runs, or, while
--     none was correct, the step itself).
-- status is the program's measured status, no_code when there is none,
-- or not_measured.
CREATE OR REPLACE VIEW refined AS
SELECT r.task_id, h.language, h.category, h.costed_as, r.pipeline, r.model, r.describer, r.sample,
       r.step, r.step_kind, r.step_model, r.parent_step, r.feedback_status, r.result_step,
       coalesce(s.correct, false) AS step_correct,
       coalesce(s.self_consistent, false) AS step_self_consistent,
       coalesce(s.optimised, false) AS step_optimised,
       s.model_speedup AS step_speedup,
       CASE WHEN coalesce(r.result_variant_id, '') = '' THEN 'no_code'
            ELSE coalesce(o.status, 'not_measured') END AS status,
       coalesce(o.correct, false) AS correct,
       coalesce(o.optimised, false) AS optimised,
       coalesce(o.self_consistent, false) AS self_consistent,
       o.model_speedup, o.recovered, h.human_speedup
FROM refinements r
JOIN human h ON h.task_id = r.task_id
LEFT JOIN program_outcomes s ON s.task_id = r.task_id AND s.variant_id = r.variant_id
LEFT JOIN program_outcomes o ON o.task_id = r.task_id AND o.variant_id = r.result_variant_id
WHERE h.resolved;
