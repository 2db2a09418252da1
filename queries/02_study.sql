-- The study's unit: one row per model and resolved task, no result of
-- its own. The cells of rates read it, so every rate has the same
-- denominator (the resolved tasks the model generated for) and the same
-- intervals.
-- materialize: task_outcomes
--
-- A model's round-1 generations from its own descriptions, on the tasks
-- resolved in this run (see human). With k samples per task, each share
-- is the task's share of its samples, so a task weighs 1 whatever k is
-- and the intervals count tasks, the unit that was sampled:
--   correct, optimised, self_consistent, agreement: shares of samples;
--   model_speedup, recovered: medians over the correct samples (NULL
--     when none was correct);
--   dps, dps_norm: EvalPerf's scores averaged over the samples (a failed
--     sample scores 0);
--   within_floor: share of correct samples whose cost is within the noise
--     floor of code after's (the twins' p90 deviation in the task's cost
--     kind and language; NULL without twins).
CREATE OR REPLACE VIEW task_outcomes AS
WITH s AS (
    SELECT task_id, solution_id, dps, dps_norm FROM dps_scores('dps_costs')
)
SELECT o.model, o.task_id,
       any_value(o.language) AS language,
       any_value(o.category) AS category,
       any_value(o.cost_kind) AS cost_kind,
       any_value(o.costed_as) AS costed_as,
       any_value(o.committed_at) AS committed_at,
       count(*) AS samples,
       avg(o.correct::INTEGER) AS correct,
       avg(o.optimised::INTEGER) AS optimised,
       avg(o.self_consistent::INTEGER) AS self_consistent,
       avg(o.category_agreement::INTEGER) AS agreement,
       any_value(o.human_speedup) AS human_speedup,
       median(o.model_speedup) AS model_speedup,
       median(o.recovered) AS recovered,
       avg(s.dps) AS dps,
       avg(s.dps_norm) AS dps_norm,
       avg(CASE WHEN o.correct THEN (abs(o.gen_cost / o.after_cost - 1) <= f.p90_deviation)::INTEGER END) AS within_floor
FROM outcomes o
LEFT JOIN noise_floor f USING (cost_kind, language)
LEFT JOIN s ON s.task_id = o.task_id
           AND s.solution_id = concat_ws('/', o.describer, o.model, o.round, o.sample)
WHERE o.describer = o.model AND o.round = 1 AND o.resolved
GROUP BY o.model, o.task_id;

-- Shares with their Wilson 95% interval over the rows aggregated (tasks),
-- and medians and means with a percentile bootstrap 95% interval over
-- them (2,000 resamples, seeded by the values: a rerun prints the same).
-- The cells name an interval's ends <column>_lo and <column>_hi; the
-- report prints them beside the value.
CREATE OR REPLACE MACRO share(x) AS round(avg(x), 3);
CREATE OR REPLACE MACRO share_lo(x) AS round(wilson_lo(sum(x), count(x)), 3);
CREATE OR REPLACE MACRO share_hi(x) AS round(wilson_hi(sum(x), count(x)), 3);
CREATE OR REPLACE MACRO median_boot_lo(x) AS round(boot_lo(list(x), 'median', 0.95), 2);
CREATE OR REPLACE MACRO median_boot_hi(x) AS round(boot_hi(list(x), 'median', 0.95), 2);
CREATE OR REPLACE MACRO mean_boot_lo(x) AS round(boot_lo(list(x), 'mean', 0.95), 1);
CREATE OR REPLACE MACRO mean_boot_hi(x) AS round(boot_hi(list(x), 'mean', 0.95), 1);

-- The built-in models that are controls, not candidates: identity gives
-- code before back (the floor), oracle code after (the ceiling), twin code
-- after as a program of its own (the noise floor).
CREATE OR REPLACE MACRO is_control(model) AS model IN ('identity', 'oracle', 'twin');

-- A change as benchstat prints it: the difference, or "~" when p is not
-- under 0.05, then the p-value and the number of tasks behind it.
CREATE OR REPLACE MACRO change_text(delta, p, n, fmt) AS
    CASE WHEN p IS NULL OR n = 0 THEN NULL
         WHEN p < 0.05 THEN printf(fmt || ' (p=%.3f n=%d)', delta, p, n)
         ELSE printf('~ (p=%.3f n=%d)', p, n) END;

-- Two models compared on the tasks both were measured on, per category
-- and over all of them ('all'), for each pair (model_a, model_b) of the
-- table named by pairs. Changes are B − A:
--   self_consistent: McNemar's exact test on the paired outcomes (a task
--     counts as self-consistent for a model when most of its samples are);
--   recovered: the difference of medians, by a paired bootstrap over the
--     tasks where both had a correct sample;
--   dps: the difference of means, by a paired bootstrap over the tasks.
-- A change is printed as benchstat does, "~" where it is not significant
-- at α = 0.05; the categories' p-values are adjusted for the number of
-- categories compared (Benjamini–Hochberg, per pair and measure), the
-- 'all' row's are not. better names the model that one measure or more
-- favours significantly and none disfavours ("~" when none, "mixed" when
-- they disagree).
CREATE OR REPLACE MACRO comparisons(pairs) AS TABLE
WITH p AS (
    SELECT DISTINCT model_a::VARCHAR AS model_a, model_b::VARCHAR AS model_b FROM query_table(pairs)
), paired AS (
    SELECT p.model_a, p.model_b, a.task_id, a.category,
           a.self_consistent AS sc_a, b.self_consistent AS sc_b,
           a.recovered AS rec_a, b.recovered AS rec_b,
           a.dps AS dps_a, b.dps AS dps_b
    FROM p
    JOIN task_outcomes a ON a.model = p.model_a
    JOIN task_outcomes b ON b.model = p.model_b AND b.task_id = a.task_id
), grouped AS (
    SELECT model_a, model_b, coalesce(category, 'all') AS category,
           count(*) AS tasks,
           avg(sc_a) AS sc_a, avg(sc_b) AS sc_b,
           count(*) FILTER (WHERE sc_a > 0.5 AND NOT sc_b > 0.5) AS a_only,
           count(*) FILTER (WHERE sc_b > 0.5 AND NOT sc_a > 0.5) AS b_only,
           count(*) FILTER (WHERE rec_a IS NOT NULL AND rec_b IS NOT NULL) AS rec_tasks,
           median(rec_a) FILTER (WHERE rec_b IS NOT NULL) AS rec_a,
           median(rec_b) FILTER (WHERE rec_a IS NOT NULL) AS rec_b,
           list(rec_a ORDER BY task_id) AS rec_as, list(rec_b ORDER BY task_id) AS rec_bs,
           count(*) FILTER (WHERE dps_a IS NOT NULL AND dps_b IS NOT NULL) AS dps_tasks,
           avg(dps_a) FILTER (WHERE dps_b IS NOT NULL) AS dps_a,
           avg(dps_b) FILTER (WHERE dps_a IS NOT NULL) AS dps_b,
           list(dps_a ORDER BY task_id) AS dps_as, list(dps_b ORDER BY task_id) AS dps_bs
    FROM paired
    GROUP BY GROUPING SETS ((model_a, model_b, category), (model_a, model_b))
), tested AS (
    SELECT * EXCLUDE (rec_as, rec_bs, dps_as, dps_bs),
           category = 'all' AS overall,
           mcnemar_p(a_only, b_only) AS p_sc,
           paired_boot_p(rec_bs, rec_as, 'median') AS p_rec,
           paired_boot_p(dps_bs, dps_as, 'mean') AS p_dps
    FROM grouped
), ranked AS (
    SELECT *,
           count(p_sc) OVER w AS m_sc, row_number() OVER (PARTITION BY model_a, model_b, overall ORDER BY p_sc NULLS LAST) AS r_sc,
           count(p_rec) OVER w AS m_rec, row_number() OVER (PARTITION BY model_a, model_b, overall ORDER BY p_rec NULLS LAST) AS r_rec,
           count(p_dps) OVER w AS m_dps, row_number() OVER (PARTITION BY model_a, model_b, overall ORDER BY p_dps NULLS LAST) AS r_dps
    FROM tested
    WINDOW w AS (PARTITION BY model_a, model_b, overall)
), adjusted AS (
    SELECT *,
           CASE WHEN overall THEN p_sc ELSE least(1, min(m_sc * p_sc / r_sc) OVER (PARTITION BY model_a, model_b, overall ORDER BY r_sc DESC ROWS UNBOUNDED PRECEDING)) END AS q_sc,
           CASE WHEN overall THEN p_rec ELSE least(1, min(m_rec * p_rec / r_rec) OVER (PARTITION BY model_a, model_b, overall ORDER BY r_rec DESC ROWS UNBOUNDED PRECEDING)) END AS q_rec,
           CASE WHEN overall THEN p_dps ELSE least(1, min(m_dps * p_dps / r_dps) OVER (PARTITION BY model_a, model_b, overall ORDER BY r_dps DESC ROWS UNBOUNDED PRECEDING)) END AS q_dps
    FROM ranked
), judged AS (
    SELECT *,
           (q_sc < 0.05 AND sc_b > sc_a) OR (q_rec < 0.05 AND rec_b > rec_a) OR (q_dps < 0.05 AND dps_b > dps_a) AS favours_b,
           (q_sc < 0.05 AND sc_a > sc_b) OR (q_rec < 0.05 AND rec_a > rec_b) OR (q_dps < 0.05 AND dps_a > dps_b) AS favours_a
    FROM adjusted
)
SELECT model_a, model_b, category, tasks,
       printf('%.2f → %.2f', sc_a, sc_b) AS self_consistent,
       change_text(sc_b - sc_a, q_sc, tasks, '%+.2f') AS self_consistent_change,
       CASE WHEN rec_tasks > 0 THEN printf('%.2f → %.2f', rec_a, rec_b) END AS recovered,
       change_text(rec_b - rec_a, q_rec, rec_tasks, '%+.2f') AS recovered_change,
       CASE WHEN dps_tasks > 0 THEN printf('%.1f → %.1f', dps_a, dps_b) END AS dps,
       change_text(dps_b - dps_a, q_dps, dps_tasks, '%+.1f') AS dps_change,
       CASE WHEN coalesce(favours_a, false) AND coalesce(favours_b, false) THEN 'mixed'
            WHEN coalesce(favours_b, false) THEN model_b
            WHEN coalesce(favours_a, false) THEN model_a
            ELSE '~' END AS better,
       round(q_sc, 4) AS p_self_consistent, round(q_rec, 4) AS p_recovered, round(q_dps, 4) AS p_dps
FROM judged
ORDER BY model_a, model_b, overall, category;

-- The pairs of candidate models (every two models of the run that are
-- not controls) the report compares.
CREATE OR REPLACE VIEW candidate_pairs AS
SELECT a.model AS model_a, b.model AS model_b
FROM (SELECT DISTINCT model FROM task_outcomes WHERE NOT is_control(model)) a
JOIN (SELECT DISTINCT model FROM task_outcomes WHERE NOT is_control(model)) b ON a.model < b.model;

-- The automatic check of every description (no model involved), one row
-- per description without an error: names_function, whether it names the
-- changed function (the last part of the commit's symbol, as a whole
-- word); fix_identifiers, the identifiers the fix adds or removes (names
-- in code after and not in code before, or the other way round, three
-- characters or longer and not a keyword of Python, Go or C++; from the
-- patch's lines when the commit has no code); named, those the
-- description names; fix_named, their share (NULL when the fix changes
-- no identifier).
CREATE OR REPLACE VIEW description_checks AS
WITH c AS (
    SELECT task_id, category, symbol,
           CASE WHEN code_before <> '' OR code_after <> '' THEN code_before
                ELSE array_to_string(list_filter(string_split(patch, chr(10)), l -> l LIKE '-%' AND l NOT LIKE '---%'), chr(10)) END AS old,
           CASE WHEN code_before <> '' OR code_after <> '' THEN code_after
                ELSE array_to_string(list_filter(string_split(patch, chr(10)), l -> l LIKE '+%' AND l NOT LIKE '+++%'), chr(10)) END AS new
    FROM commits
), words AS (
    SELECT task_id, 'old' AS side, unnest(list_distinct(regexp_extract_all(old, '[A-Za-z_][A-Za-z0-9_]*'))) AS word FROM c
    UNION ALL
    SELECT task_id, 'new' AS side, unnest(list_distinct(regexp_extract_all(new, '[A-Za-z_][A-Za-z0-9_]*'))) AS word FROM c
), changed AS (
    SELECT task_id, list(word ORDER BY word) AS words
    FROM (SELECT task_id, word FROM words GROUP BY task_id, word HAVING count(DISTINCT side) = 1)
    WHERE length(word) >= 3 AND word NOT IN (
        'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
        'False', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'None', 'nonlocal', 'not',
        'or', 'pass', 'raise', 'return', 'True', 'try', 'while', 'with', 'yield', 'self', 'len', 'range',
        'chan', 'const', 'defer', 'fallthrough', 'func', 'go', 'goto', 'interface', 'map', 'package', 'select',
        'struct', 'switch', 'type', 'var', 'nil', 'true', 'false', 'int', 'string', 'byte', 'error', 'make', 'append',
        'auto', 'bool', 'case', 'char', 'default', 'double', 'enum', 'extern', 'float', 'inline', 'long', 'namespace',
        'new', 'delete', 'nullptr', 'private', 'public', 'protected', 'short', 'signed', 'size_t', 'sizeof', 'static',
        'std', 'template', 'this', 'typename', 'unsigned', 'using', 'void', 'volatile', 'include')
    GROUP BY task_id
), d AS (
    SELECT d.model, d.task_id, d.round, d.sample, c.category,
           regexp_extract(c.symbol, '([A-Za-z_][A-Za-z0-9_]*)$', 1) AS function,
           coalesce(ch.words, []) AS words,
           d.description
    FROM descriptions d
    JOIN c USING (task_id)
    LEFT JOIN changed ch USING (task_id)
    WHERE coalesce(d.error, '') = '' AND coalesce(d.description, '') <> ''
)
SELECT model, task_id, round, sample, category, function,
       CASE WHEN function <> '' THEN regexp_matches(description, '\b' || function || '\b') END AS names_function,
       words AS fix_identifiers,
       list_filter(words, w -> regexp_matches(description, '\b' || w || '\b')) AS named,
       len(list_filter(words, w -> regexp_matches(description, '\b' || w || '\b'))) / nullif(len(words), 0) AS fix_named
FROM d;
