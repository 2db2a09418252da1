-- title: Best@k over samples
-- PerfCodeGen's Best@k: for each model and k, the best of its first k
-- round-1 samples per task (from its own descriptions). Shares of tasks
-- where any of the k is correct, optimised (%Opt) or self-consistent, and
-- the median over tasks of the best speedup among the correct ones, on
-- the tasks resolved in this run, shares with their Wilson 95% interval.
WITH o AS (
    SELECT * FROM outcomes WHERE describer = model AND round = 1 AND resolved
), ks AS (
    SELECT model, unnest(range(1, max(sample) + 2)) AS k FROM o GROUP BY model
), best AS (
    SELECT ks.model, ks.k, o.task_id,
           bool_or(o.correct) AS correct,
           bool_or(o.optimised) AS optimised,
           bool_or(o.self_consistent) AS self_consistent,
           max(o.model_speedup) AS speedup,
           any_value(o.costed_as) AS costed_as
    FROM ks
    JOIN o ON o.model = ks.model AND o.sample < ks.k
    GROUP BY ALL
)
SELECT model, k,
       count(*) AS tasks,
       share(correct::INTEGER) AS correct, share_lo(correct::INTEGER) AS correct_lo, share_hi(correct::INTEGER) AS correct_hi,
       share(optimised::INTEGER) AS pct_opt, share_lo(optimised::INTEGER) AS pct_opt_lo, share_hi(optimised::INTEGER) AS pct_opt_hi,
       share(self_consistent::INTEGER) AS self_consistent, share_lo(self_consistent::INTEGER) AS self_consistent_lo, share_hi(self_consistent::INTEGER) AS self_consistent_hi,
       round(median(speedup), 2) AS best_speedup,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM best
GROUP BY model, k
ORDER BY model, k;
