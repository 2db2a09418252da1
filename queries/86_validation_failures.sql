-- title: Tasks that failed validation
-- Each is kept in the executables table with its reason and is not
-- measured. Rerun one with `perfcon executables validate --task ID`.
SELECT e.task_id, c.language, c.category, e.scale, e.validation_reason
FROM executables e
JOIN commits c USING (task_id)
WHERE e.validation = 'failed'
ORDER BY e.task_id;
