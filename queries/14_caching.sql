-- title: Generations that add caching: a flag, not a verdict
-- A rewrite that keeps results from one call to the next where code
-- before kept none (a functools.lru_cache, a static map, a module- or
-- package-level map a function writes) is timed by a harness that calls
-- the function again and again on its cache, not on its code. The
-- generate stage flags such code by reading it, without running it
-- (generations.adds_caching, with what it adds in generations.caching):
-- the flag is for the reader, not a verdict. A cache can be the right
-- fix, and a flagged generation counts in every other cell as it is;
-- this cell shows how much of a model's speed comes with one.
-- Per candidate model (controls left out), its round-1 generations from
-- its own descriptions on the tasks resolved in this run, as in the cells
-- above: with_code counts those with code, adds_caching those of them
-- flagged, and caching is their share over tasks (a task's samples weigh
-- 1 together) with its Wilson 95% interval. speedup_caching and
-- speedup_other are the median t(before)/t(gen) of the correct
-- generations that add caching (n_caching of them) and of the others
-- (n_other), each with a bootstrap 95% interval. sc_caching: of the
-- model's self-consistent outcomes (correct and not slower than code
-- after; sc_generations of them), the share whose generation adds
-- caching, over the tasks with one. constructs lists what the flagged
-- generations add. Generations written before the flag count as adding
-- none.
WITH g AS (
    SELECT o.model, o.task_id, o.status <> 'no_code' AS with_code, o.correct, o.self_consistent, o.model_speedup,
           coalesce(gen.adds_caching, false) AS adds_caching, gen.caching
    FROM outcomes o
    JOIN generations gen ON gen.task_id = o.task_id AND gen.describer = o.describer AND gen.model = o.model
                        AND gen.round = o.round AND gen.sample = o.sample
    WHERE o.describer = o.model AND o.round = 1 AND o.resolved AND NOT is_control(o.model)
), t AS (
    SELECT model, task_id,
           count(*) FILTER (WHERE with_code) AS with_code,
           count(*) FILTER (WHERE with_code AND adds_caching) AS adds_caching,
           avg(adds_caching::INTEGER) FILTER (WHERE with_code) AS caching,
           count(*) FILTER (WHERE self_consistent) AS sc_generations,
           avg(adds_caching::INTEGER) FILTER (WHERE self_consistent) AS sc_caching
    FROM g
    GROUP BY model, task_id
), s AS (
    SELECT model,
           count(*) FILTER (WHERE adds_caching) AS n_caching,
           round(median(model_speedup) FILTER (WHERE adds_caching), 2) AS speedup_caching,
           median_boot_lo(CASE WHEN adds_caching THEN model_speedup END) AS speedup_caching_lo,
           median_boot_hi(CASE WHEN adds_caching THEN model_speedup END) AS speedup_caching_hi,
           count(*) FILTER (WHERE NOT adds_caching) AS n_other,
           round(median(model_speedup) FILTER (WHERE NOT adds_caching), 2) AS speedup_other,
           median_boot_lo(CASE WHEN NOT adds_caching THEN model_speedup END) AS speedup_other_lo,
           median_boot_hi(CASE WHEN NOT adds_caching THEN model_speedup END) AS speedup_other_hi
    FROM g
    WHERE correct
    GROUP BY model
), c AS (
    SELECT model, string_agg(DISTINCT construct, '; ' ORDER BY construct) AS constructs
    FROM (SELECT model, unnest(string_split(caching, ', ')) AS construct FROM g WHERE with_code AND adds_caching)
    GROUP BY model
)
SELECT t.model,
       count(*) AS tasks,
       sum(t.with_code) AS with_code,
       sum(t.adds_caching) AS adds_caching,
       share(t.caching) AS caching, share_lo(t.caching) AS caching_lo, share_hi(t.caching) AS caching_hi,
       coalesce(any_value(s.n_caching), 0) AS n_caching,
       any_value(s.speedup_caching) AS speedup_caching,
       any_value(s.speedup_caching_lo) AS speedup_caching_lo,
       any_value(s.speedup_caching_hi) AS speedup_caching_hi,
       coalesce(any_value(s.n_other), 0) AS n_other,
       any_value(s.speedup_other) AS speedup_other,
       any_value(s.speedup_other_lo) AS speedup_other_lo,
       any_value(s.speedup_other_hi) AS speedup_other_hi,
       sum(t.sc_generations) AS sc_generations,
       share(t.sc_caching) AS sc_caching, share_lo(t.sc_caching) AS sc_caching_lo, share_hi(t.sc_caching) AS sc_caching_hi,
       coalesce(any_value(c.constructs), '') AS constructs
FROM t
LEFT JOIN s USING (model)
LEFT JOIN c USING (model)
GROUP BY t.model
ORDER BY t.model;
