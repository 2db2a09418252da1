-- title: Correctness and speedup per model and category
-- Each model rewrites code-before from its own description (round 1).
-- correct: share of generations that build, run and print code-before's
-- digest. Speedups are t(before)/t(x), medians over tasks; model speedup
-- and recovered (model speedup / human speedup) count correct generations
-- only.
SELECT model,
       category,
       count(*) AS generations,
       round(avg(correct::INTEGER), 3) AS correct,
       round(median(human_speedup), 2) AS human_speedup,
       round(median(model_speedup), 2) AS model_speedup,
       round(median(recovered), 2) AS recovered
FROM outcomes
WHERE describer = model AND round = 1
GROUP BY model, category
ORDER BY model, category;
