-- title: Contamination: tasks committed before and after each model's cutoff
-- A model that saw a commit in training may remember its fix. A model
-- whose entry in the models file declares cutoff = "YYYY-MM" has its
-- results on the resolved tasks split by the date of the task's commit
-- (committed_at, kept for mined and imported commits): on or before the
-- cutoff, after it, or no commit date (the shipped core tasks are written
-- for perfcon and have none). A model without a cutoff has one row, 'no
-- cutoff declared'. Both splits are listed for a model with a cutoff,
-- empty ones too (tasks 0): a rate after the cutoff far below the one
-- before it is the sign to look for. Shares with Wilson 95% intervals.
WITH cut AS (
    SELECT model, max(model_cutoff)::DATE AS cutoff FROM generations GROUP BY model
), t AS (
    SELECT t.*, c.cutoff,
           CASE WHEN c.cutoff IS NULL THEN 'no cutoff declared'
                WHEN t.committed_at IS NULL THEN 'no commit date'
                WHEN t.committed_at::DATE <= c.cutoff THEN 'before cutoff'
                ELSE 'after cutoff' END AS split
    FROM task_outcomes t
    LEFT JOIN cut c USING (model)
), splits AS (
    SELECT DISTINCT model, cutoff, split FROM t
    UNION
    SELECT DISTINCT t.model, t.cutoff, s.split
    FROM t, (VALUES ('before cutoff'), ('after cutoff')) s(split)
    WHERE t.cutoff IS NOT NULL
)
SELECT s.model, s.cutoff::VARCHAR AS cutoff, s.split,
       count(t.task_id) AS tasks,
       share(t.correct) AS correct, share_lo(t.correct) AS correct_lo, share_hi(t.correct) AS correct_hi,
       share(t.self_consistent) AS self_consistent, share_lo(t.self_consistent) AS self_consistent_lo, share_hi(t.self_consistent) AS self_consistent_hi,
       round(median(t.recovered), 2) AS recovered,
       CASE WHEN count(t.task_id) = 0 THEN 'empty: no resolved task in this split' ELSE '' END AS note
FROM splits s
LEFT JOIN t ON t.model = s.model AND t.split = s.split
GROUP BY s.model, s.cutoff, s.split
ORDER BY is_control(s.model), s.model, s.split = 'no commit date', s.split = 'after cutoff', s.split;
