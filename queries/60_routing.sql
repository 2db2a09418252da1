-- title: Routing table: models ranked per language and category
-- PerfOrch routes each kind of work to the model that does it best. Here
-- models are ranked per language × category by the share of self-consistent
-- round-1 generations, then by median recovered speedup, then by name; rank
-- 1 is the route. The built-in identity and oracle are the floor and the
-- ceiling, and twin the control, not candidates: read them as bounds.
-- On the tasks resolved in this run.
WITH m AS (
    SELECT language, category, model,
           count(*) AS generations,
           avg(self_consistent::INTEGER) AS self_consistent,
           median(recovered) AS recovered,
           string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
    FROM outcomes
    WHERE describer = model AND round = 1 AND resolved
    GROUP BY ALL
)
SELECT language, category,
       row_number() OVER (PARTITION BY language, category
                          ORDER BY self_consistent DESC, recovered DESC NULLS LAST, model) AS rank,
       model, generations,
       round(self_consistent, 3) AS self_consistent,
       round(recovered, 2) AS recovered,
       costed_as
FROM m
ORDER BY language, category, rank;
