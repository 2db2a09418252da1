-- title: Category agreement per model, over every described commit
-- Whether each model's round-1 description names the commit's category,
-- over every commit described, measured or not (the self-consistency cell
-- counts measured tasks only). A description that names no valid category
-- disagrees; failed calls are left out. labelled_by says whose label the
-- description is compared with: the task's author, perfcon's rules or a
-- model (for mined commits), or the imported file. most_named is the
-- category the model named most often (ties: the first by name).
WITH d AS (
    SELECT d.model, c.category, c.category_source AS labelled_by,
           coalesce(d.predicted_category, '') AS named
    FROM descriptions d
    JOIN commits c USING (task_id)
    WHERE d.round = 1 AND coalesce(d.error, '') = ''
), named AS (
    SELECT model, category, labelled_by, named, count(*) AS n
    FROM d
    WHERE named <> ''
    GROUP BY ALL
)
SELECT model,
       category,
       labelled_by,
       count(*) AS descriptions,
       round(avg((named = category)::INTEGER), 3) AS agreement,
       count(*) FILTER (WHERE named = '') AS no_category,
       (SELECT first(n.named ORDER BY n.n DESC, n.named) FROM named n
        WHERE n.model = d.model AND n.category = d.category AND n.labelled_by = d.labelled_by) AS most_named
FROM d
GROUP BY ALL
ORDER BY model, category, labelled_by;
