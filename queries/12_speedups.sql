-- title: Speedup distributions per category
-- The spread of t(before)/t(x): the human fix once per task, and each
-- correct round-1 generation of a model from its own description (the
-- speedups view). The plot draws every value; the table gives quartiles.
SELECT category,
       model,
       count(*) AS n,
       round(min(speedup), 2) AS min,
       round(quantile_cont(speedup, 0.25), 2) AS q1,
       round(median(speedup), 2) AS median,
       round(quantile_cont(speedup, 0.75), 2) AS q3,
       round(max(speedup), 2) AS max,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM speedups
WHERE speedup > 0
GROUP BY category, model
ORDER BY category, model <> 'human fix', model;
