-- title: Costs with confidence intervals, against code after
-- Per task and measured program: t(x), the median over the repeats, with
-- its 95% confidence interval as benchstat computes it (empty below 6
-- repeats, where benchstat prints ±∞), in millions of the task's unit; and
-- the change against code after as benchstat prints it: the delta when the
-- Mann–Whitney U test finds a difference at α = 0.05, else "~", with p.
-- With fewer than 4 repeats a side (a single cachegrind count) the test
-- can't decide: the delta is printed with "direct" (see vs_after).
-- made_by lists the models whose generations are this program.
WITH made AS (
    SELECT task_id, variant_id, string_agg(DISTINCT model, ',' ORDER BY model) AS made_by
    FROM outcomes
    WHERE variant_id IS NOT NULL
    GROUP BY ALL
), v AS (
    SELECT v.*, h.after_cost, m.made_by,
           x.p_vs_after AS p, x.compared_by
    FROM variant_costs v
    JOIN human h USING (task_id)
    LEFT JOIN vs_after x USING (task_id, variant_id)
    LEFT JOIN made m USING (task_id, variant_id)
)
SELECT task_id, variant AS program, made_by, costed_as, cost_unit, runs,
       round(cost / 1e6, 2) AS t_m,
       round(cost_lo / 1e6, 2) AS lo_m,
       round(cost_hi / 1e6, 2) AS hi_m,
       CASE WHEN status <> 'ok' THEN status
            WHEN compared_by = 'direct' THEN printf('%+.1f%% (direct)', 100 * (cost / after_cost - 1))
            WHEN p IS NULL THEN ''
            WHEN p < 0.05 THEN printf('%+.1f%% (p=%.3f)', 100 * (cost / after_cost - 1), p)
            ELSE printf('~ (p=%.3f)', p) END AS vs_after
FROM v
ORDER BY task_id, CASE variant WHEN 'before' THEN 0 WHEN 'after' THEN 1 ELSE 2 END, cost NULLS LAST, made_by, variant_id;
