-- title: Commits by source and language
-- Where the commits came from: a task set (source is its name), mined from
-- git histories (source mined) or imported from another study's files.
-- A mined commit is one row per function it changed: commits counts
-- commits, functions the rows. large counts the functions of commits that
-- changed more than the miner's --large-commit bound; labelled_by says how
-- the categories were decided (authored with the task, perfcon's rules,
-- model:NAME, or as imported); median_score is the miner's performance
-- score. with_executable counts the rows that can be measured.
SELECT c.source,
       c.language,
       count(DISTINCT coalesce(nullif(c.commit_sha, ''), c.task_id)) AS commits,
       count(*) AS functions,
       count(DISTINCT nullif(c.repo, '')) AS repos,
       count(*) FILTER (WHERE c.large_commit) AS large,
       string_agg(DISTINCT c.category_source, ', ' ORDER BY c.category_source) AS labelled_by,
       round(median(c.perf_score), 1) AS median_score,
       count(e.task_id) AS with_executable
FROM commits c
LEFT JOIN executables e USING (task_id)
GROUP BY ALL
ORDER BY c.source, c.language;
