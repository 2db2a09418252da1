-- title: Descriptions: do they name what changed?
-- A check of each round-1 description beyond its category, with no model
-- involved (per description: the description_checks view): names_function, whether it names the changed function (the
-- last part of the commit's symbol, as a whole word); fix_identifiers,
-- how many identifiers the fix adds or removes (names in code after and
-- not in code before, or the other way round, three characters or longer
-- and not a keyword of Python, Go or C++; from the patch's lines when the
-- commit has no code); fix_named, the share of those the description
-- names. Shares are over tasks (a task's samples weigh 1 together), with
-- Wilson 95% intervals for names_function and a bootstrap 95% interval
-- for the mean fix_named. Over every described commit, measured or not;
-- failed calls are left out. A model judge's scores, when asked for (perfcon
-- describe judge), are in the next cell.
WITH per_task AS (
    SELECT model, task_id, any_value(category) AS category,
           avg(names_function::INTEGER) AS names_function,
           any_value(len(fix_identifiers)) AS fix_identifiers,
           avg(fix_named) AS fix_named
    FROM description_checks
    WHERE round = 1
    GROUP BY model, task_id
)
SELECT model,
       coalesce(category, 'all') AS category,
       count(*) AS tasks,
       share(names_function) AS names_function, share_lo(names_function) AS names_function_lo, share_hi(names_function) AS names_function_hi,
       round(median(fix_identifiers), 1) AS fix_identifiers,
       round(avg(fix_named), 3) AS fix_named,
       round(boot_lo(list(fix_named), 'mean', 0.95), 3) AS fix_named_lo,
       round(boot_hi(list(fix_named), 'mean', 0.95), 3) AS fix_named_hi
FROM per_task
GROUP BY GROUPING SETS ((model, category), (model))
ORDER BY is_control(model), model, category IS NULL, category;
