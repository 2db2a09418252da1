-- title: Routes: the model each kind of step goes to
-- perfcon orchestrate's decisions, learned on the training tasks of the
-- split: per language × category and kind of step (generate, fix,
-- optimise), the model ranked first, its score and tiebreak (see
-- perfcon orchestrate --help), how many steps it was learned from, and
-- where (scope: the cell's own training tasks, its language's, all, or,
-- for fix and optimise with no such steps, the generate ranking).
-- runners_up lists the rest in rank order; test_tasks counts the cell's
-- held-out tasks.
WITH t AS (
    SELECT language, category, count(*) AS test_tasks
    FROM splits WHERE side = 'test' GROUP BY ALL
)
SELECT r.language, r.category, r.step_kind,
       any_value(r.model) FILTER (WHERE r.rank = 1) AS model,
       round(any_value(r.score) FILTER (WHERE r.rank = 1), 3) AS score,
       round(any_value(r.tiebreak) FILTER (WHERE r.rank = 1), 2) AS tiebreak,
       any_value(r.observations) FILTER (WHERE r.rank = 1) AS observations,
       any_value(r.scope) AS scope,
       string_agg(r.model, ', ' ORDER BY r.rank) FILTER (WHERE r.rank > 1) AS runners_up,
       coalesce(any_value(t.test_tasks), 0) AS test_tasks
FROM routes r
LEFT JOIN t USING (language, category)
GROUP BY r.language, r.category, r.step_kind
ORDER BY r.language, r.category, array_position(['generate', 'fix', 'optimise'], r.step_kind);
