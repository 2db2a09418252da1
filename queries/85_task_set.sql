-- title: Task set: validated tasks per category and language
-- How many tasks passed `perfcon executables validate` (same digest, code
-- after significantly faster) per category and language, how many failed
-- or were not validated, and the spread of the validated human speedups
-- (median cost of code before over code after in the task's cost kind, at
-- the validated scale).
-- tasks counts every commits row (a mined commit is a task per function it
-- changed); no_executable those without a harness: mined or imported ones
-- until a harness is drafted and approved. Describe, generate and category
-- agreement cover them; they are not measured, and the cells built on
-- measurements leave them out. hosts counts the machines (host name and
-- CPU model) whose runs measured the category's tasks. cpu_cost and
-- wall_cost count the tasks with an executable by the cost kind they are
-- validated and measured in: CPU time on one CPU, or wall time on k CPUs
-- (the category's default unless the task chose; the speedups above are in
-- that kind).
-- detectable_diff is the power statement: the smallest difference in
-- self-consistency between two models that McNemar's exact test (α = 0.05)
-- finds with 80% power on the category's passed tasks, in the most
-- favourable case (the tasks where they differ all favour one model).
-- Empty where no difference can be shown: under 6 tasks, even 1.0 can't.
-- A "~" in the comparison of such a category says nothing about smaller
-- differences. resolved counts the passed tasks that also separated
-- before from after in this measure run, the ones the rates count.
WITH hosts AS (
    SELECT task_id, list(DISTINCT (host, host_cpu)) AS places FROM measurements GROUP BY task_id
)
SELECT coalesce(c.category, 'all') AS category,
       count(*) AS tasks,
       count(*) FILTER (WHERE e.validation = 'passed' AND c.language = 'python') AS python,
       count(*) FILTER (WHERE e.validation = 'passed' AND c.language = 'go') AS go,
       count(*) FILTER (WHERE e.validation = 'passed' AND c.language = 'cpp') AS cpp,
       count(*) FILTER (WHERE e.validation = 'passed') AS passed,
       count(*) FILTER (WHERE e.validation = 'passed' AND r.resolved) AS resolved,
       round(detectable_difference(count(*) FILTER (WHERE e.validation = 'passed'), 0.05, 0.8), 2) AS detectable_diff,
       count(*) FILTER (WHERE e.validation = 'failed') AS failed,
       count(*) FILTER (WHERE e.task_id IS NOT NULL AND e.validation IS DISTINCT FROM 'passed' AND e.validation IS DISTINCT FROM 'failed') AS not_validated,
       count(*) FILTER (WHERE e.task_id IS NULL) AS no_executable,
       round(min(e.validated_speedup) FILTER (WHERE e.validation = 'passed'), 2) AS min_speedup,
       round(median(e.validated_speedup) FILTER (WHERE e.validation = 'passed'), 2) AS median_speedup,
       round(max(e.validated_speedup) FILTER (WHERE e.validation = 'passed'), 2) AS max_speedup,
       count(*) FILTER (WHERE e.cost_kind = 'cpu') AS cpu_cost,
       count(*) FILTER (WHERE e.cost_kind = 'wall') AS wall_cost,
       coalesce(len(list_distinct(flatten(list(h.places) FILTER (WHERE h.places IS NOT NULL)))), 0) AS hosts
FROM commits c
LEFT JOIN executables e USING (task_id)
LEFT JOIN hosts h USING (task_id)
LEFT JOIN human r USING (task_id)
GROUP BY ROLLUP (c.category)
ORDER BY c.category IS NULL, c.category;
