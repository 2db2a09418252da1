-- title: Refinement: one-shot against refined, step by step
-- Each chain starts from a round-1 generation (step 0, the one-shot) and
-- is refined with feedback from running it (perfcon refine: every step by
-- the chain's model, PerfCodeGen) or routed (perfcon orchestrate: each
-- step by the model ranked best for the task's language, category and
-- kind of step, PerfOrch; held-out tasks only). After each step the
-- chain's result is its best correct code so far by the feedback runs;
-- these columns measure that result, with the measurements:
--   correct: the share of chains whose result is correct;
--   pct_opt: PerfCodeGen's %Opt, correct and under 0.9·t(after);
--   self_consistent: correct and not slower than code after;
--   median_speedup: the median t(before)/t(result) of the correct ones;
-- and Best@k over the chain's k = step + 1 attempts so far, whichever the
-- feedback kept: best_correct, best_pct_opt, best_self_consistent (any
-- attempt is) and best_speedup (the median over chains of the best
-- correct attempt's speedup). On the tasks resolved in this run; shares
-- of chains, with their Wilson 95% interval.
WITH chains AS (
    SELECT pipeline, model, task_id, describer, sample, max(step) AS steps
    FROM refined GROUP BY ALL
), steps AS (
    SELECT c.pipeline, c.model, c.task_id, c.describer, c.sample, s.step
    FROM chains c, LATERAL (SELECT unnest(range(0, c.steps + 1)) AS step) s
), stepped AS (
    SELECT s.pipeline, s.model, s.step, s.task_id,
           any_value(r.costed_as) AS costed_as,
           any_value(r.correct) FILTER (WHERE r.step = s.step) AS correct,
           any_value(r.optimised) FILTER (WHERE r.step = s.step) AS optimised,
           any_value(r.self_consistent) FILTER (WHERE r.step = s.step) AS self_consistent,
           any_value(r.model_speedup) FILTER (WHERE r.step = s.step) AS speedup,
           bool_or(r.step_correct) AS best_correct,
           bool_or(r.step_optimised) AS best_optimised,
           bool_or(r.step_self_consistent) AS best_self_consistent,
           max(r.step_speedup) AS best_speedup
    FROM steps s
    JOIN refined r USING (pipeline, model, task_id, describer, sample)
    WHERE r.step <= s.step
    GROUP BY s.pipeline, s.model, s.step, s.task_id, s.describer, s.sample
)
SELECT pipeline, model, CASE WHEN pipeline = 'routed' THEN 'routed pipeline' ELSE model END AS chains_of, step,
       count(*) AS chains,
       share(correct::INTEGER) AS correct, share_lo(correct::INTEGER) AS correct_lo, share_hi(correct::INTEGER) AS correct_hi,
       share(optimised::INTEGER) AS pct_opt, share_lo(optimised::INTEGER) AS pct_opt_lo, share_hi(optimised::INTEGER) AS pct_opt_hi,
       share(self_consistent::INTEGER) AS self_consistent, share_lo(self_consistent::INTEGER) AS self_consistent_lo, share_hi(self_consistent::INTEGER) AS self_consistent_hi,
       round(median(speedup), 2) AS median_speedup,
       round(avg(best_correct::INTEGER), 3) AS best_correct,
       round(avg(best_optimised::INTEGER), 3) AS best_pct_opt,
       round(avg(best_self_consistent::INTEGER), 3) AS best_self_consistent,
       round(median(best_speedup), 2) AS best_speedup,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM stepped
GROUP BY pipeline, model, step
ORDER BY pipeline, model, step;
