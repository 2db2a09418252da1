-- title: Self-consistency per model and language
-- The columns of the previous cell, per language instead of per category,
-- with a row per model over all languages (language 'all').
SELECT model,
       coalesce(language, 'all') AS language,
       count(*) AS generations,
       round(avg(correct::INTEGER), 3) AS correct,
       round(avg(optimised::INTEGER), 3) AS pct_opt,
       round(avg(self_consistent::INTEGER), 3) AS self_consistent,
       round(avg(category_agreement::INTEGER), 3) AS agreement,
       round(median(human_speedup), 2) AS human_speedup,
       round(median(model_speedup), 2) AS model_speedup,
       round(median(recovered), 2) AS recovered,
       round(avg(CASE WHEN correct THEN (abs(gen_cost / after_cost - 1) <= f.p90_deviation)::INTEGER END), 3) AS within_floor,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM outcomes
LEFT JOIN noise_floor f USING (cost_kind, language)
WHERE describer = model AND round = 1
GROUP BY GROUPING SETS ((model, language), (model))
ORDER BY model, language IS NULL, language;
