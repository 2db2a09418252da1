-- title: Self-consistency per model and category
-- Each model rewrites code-before from its own description (round 1).
-- correct: builds, runs and prints code-before's digest. %Opt
-- (PerfCodeGen): correct and t(gen) < 0.9·t(after). self_consistent:
-- correct and not significantly slower than code after (Mann–Whitney U over
-- the repeats, α = 0.05; compared directly below 4 repeats). agreement:
-- the description names the task's category (naming none disagrees).
-- Only tasks whose code before and after measured cleanly. Speedups are
-- t(before)/t(x), medians over generations; model speedup and recovered
-- (model / human speedup) count correct generations only. within_floor:
-- the share of correct generations whose cost is within the noise floor of
-- code after's (the twins' p90 deviation in their language; NULL without
-- twins), where this machine can't tell them apart. Shares are 0..1.
SELECT model,
       category,
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
GROUP BY model, category
ORDER BY model, category;
