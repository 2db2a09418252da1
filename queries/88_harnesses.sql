-- title: Harnesses of mined and imported commits: drafted, validated, reviewed
-- Commits without a harness of the task set, per language and category:
-- how many have a harness drafted (by a model, perfcon executables draft,
-- or by hand, perfcon executables scaffold and draft --from), how many of
-- those passed validation, and what review decided. Only approved,
-- validated harnesses are measured. attempts counts every draft (a failed
-- one is sent back with its failure), stubbed the harnesses whose prelude
-- stands in for code of the repository. Empty until commits are mined or
-- imported (make COMMITS=...).
SELECT coalesce(c.language, 'all') AS language,
       coalesce(c.category, 'all') AS category,
       count(*) AS commits,
       count(e.task_id) AS drafted,
       count(*) FILTER (WHERE e.origin LIKE 'llm:%') AS by_model,
       count(*) FILTER (WHERE e.origin = 'hand') AS by_hand,
       count(*) FILTER (WHERE e.validation = 'passed') AS validated,
       count(*) FILTER (WHERE e.validation = 'failed') AS failed,
       count(*) FILTER (WHERE e.review_status = 'approved') AS approved,
       count(*) FILTER (WHERE e.review_status = 'rejected') AS rejected,
       count(*) FILTER (WHERE e.review_status = 'pending' AND e.validation = 'passed') AS awaiting_review,
       coalesce(sum(d.attempts), 0) AS attempts,
       count(*) FILTER (WHERE d.stubbed) AS stubbed
FROM commits c
LEFT JOIN executables e USING (task_id)
LEFT JOIN (SELECT task_id, count(*) AS attempts, bool_or(len(stubs) > 0) AS stubbed FROM drafts GROUP BY task_id) d USING (task_id)
WHERE e.origin IS DISTINCT FROM 'authored'
GROUP BY ROLLUP (c.language, c.category)
HAVING count(*) > 0
ORDER BY c.language IS NULL, c.language, c.category IS NULL, c.category;
