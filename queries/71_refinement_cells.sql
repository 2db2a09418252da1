-- title: Refinement per language and category
-- Per language × category, each pipeline and model's chains at their
-- first step (the one-shot generation) and at their last (the refined or
-- routed result), measured: the shares correct, under 0.9·t(after)
-- (%Opt) and self-consistent, and the median speedup of the correct
-- results. Routed chains cover the held-out tasks only; compare them with
-- single models on the same tasks in the next cell.
WITH ends AS (
    SELECT *, max(step) OVER (PARTITION BY pipeline, model, task_id, describer, sample) AS last
    FROM refined
)
SELECT language, category, pipeline, model,
       count(*) FILTER (WHERE step = 0) AS chains,
       any_value(last) AS steps,
       round(avg(correct::INTEGER) FILTER (WHERE step = 0), 3) AS one_shot_correct,
       round(avg(correct::INTEGER) FILTER (WHERE step = last), 3) AS refined_correct,
       round(avg(optimised::INTEGER) FILTER (WHERE step = 0), 3) AS one_shot_pct_opt,
       round(avg(optimised::INTEGER) FILTER (WHERE step = last), 3) AS refined_pct_opt,
       round(avg(self_consistent::INTEGER) FILTER (WHERE step = 0), 3) AS one_shot_self_consistent,
       round(avg(self_consistent::INTEGER) FILTER (WHERE step = last), 3) AS refined_self_consistent,
       round(median(model_speedup) FILTER (WHERE step = last), 2) AS refined_median_speedup,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM ends
GROUP BY language, category, pipeline, model
ORDER BY language, category, pipeline, model;
