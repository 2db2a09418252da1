-- title: Speedup per task
-- One row per task and model: the human fix's speedup beside the median
-- speedup of the model's correct generations (empty when none was
-- correct), and the statuses its generations ended in. resolved says
-- whether the task counts in this run's rates (see "Tasks not resolved in
-- this run").
SELECT task_id,
       model,
       any_value(language) AS language,
       any_value(category) AS category,
       any_value(resolved) AS resolved,
       round(any_value(human_speedup), 2) AS human_speedup,
       round(median(model_speedup), 2) AS model_speedup,
       string_agg(DISTINCT status, ',' ORDER BY status) AS statuses,
       any_value(costed_as) AS costed_as
FROM outcomes
WHERE describer = model AND round = 1
GROUP BY task_id, model
ORDER BY task_id, model;
