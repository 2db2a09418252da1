-- title: Descriptions judged by a model
-- When asked for (perfcon describe judge --judge MODEL), a judge model
-- scores each round-1 description beside the human change on three
-- criteria, 1 to 5: names_inefficiency (the actual inefficiency of code
-- before), names_fix (the change code after makes) and invents_nothing
-- (5: every claim is supported by the code). Means over tasks (a task's
-- samples weigh 1 together) with bootstrap 95% intervals; unread counts
-- the answers whose scores could not all be read, failed the calls that
-- failed. A judge's taste is not ground truth: read it beside the
-- previous cell's checks and the category agreement. No rows: no model
-- judged this run's descriptions.
WITH per_task AS (
    SELECT model, judge, task_id,
           avg(names_inefficiency) AS names_inefficiency,
           avg(names_fix) AS names_fix,
           avg(invents_nothing) AS invents_nothing,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND parse_status <> 'ok') AS unread,
           count(*) FILTER (WHERE coalesce(error, '') <> '') AS failed
    FROM description_scores
    WHERE round = 1
    GROUP BY model, judge, task_id
)
SELECT model, judge,
       count(*) AS tasks,
       round(avg(names_inefficiency), 2) AS names_inefficiency,
       round(boot_lo(list(names_inefficiency), 'mean', 0.95), 2) AS names_inefficiency_lo,
       round(boot_hi(list(names_inefficiency), 'mean', 0.95), 2) AS names_inefficiency_hi,
       round(avg(names_fix), 2) AS names_fix,
       round(boot_lo(list(names_fix), 'mean', 0.95), 2) AS names_fix_lo,
       round(boot_hi(list(names_fix), 'mean', 0.95), 2) AS names_fix_hi,
       round(avg(invents_nothing), 2) AS invents_nothing,
       round(boot_lo(list(invents_nothing), 'mean', 0.95), 2) AS invents_nothing_lo,
       round(boot_hi(list(invents_nothing), 'mean', 0.95), 2) AS invents_nothing_hi,
       sum(unread) AS unread,
       sum(failed) AS failed
FROM per_task
GROUP BY model, judge
ORDER BY is_control(model), model, judge;
