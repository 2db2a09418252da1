-- title: Routed pipeline against every single model, on the held-out tasks
-- perfcon orchestrate learns its routes from the training tasks of the
-- split (splits table) and runs the routed pipeline on the test tasks
-- only. Here, on those test tasks, every approach is measured alike: each
-- model's one-shot generations (step 0 of its refine chains), its refine
-- chains' results after their last step, and the routed chains' results.
-- The same columns as the refinement cell; tasks counts distinct tasks.
WITH test AS (
    SELECT task_id FROM splits WHERE side = 'test'
), ends AS (
    SELECT r.*, max(step) OVER (PARTITION BY pipeline, model, task_id, describer, sample) AS last
    FROM refined r
    WHERE task_id IN (SELECT task_id FROM test)
), approaches AS (
    SELECT model, 'one-shot' AS approach, 0 AS steps, * EXCLUDE (model) FROM ends WHERE pipeline = 'refine' AND step = 0
    UNION ALL BY NAME
    SELECT model, 'refined' AS approach, last AS steps, * EXCLUDE (model) FROM ends WHERE pipeline = 'refine' AND step = last
    UNION ALL BY NAME
    SELECT 'routed' AS model, 'routed' AS approach, last AS steps, * EXCLUDE (model) FROM ends WHERE pipeline = 'routed' AND step = last
)
SELECT model, approach, max(steps) AS steps,
       count(DISTINCT task_id) AS tasks,
       count(*) AS chains,
       share(correct::INTEGER) AS correct, share_lo(correct::INTEGER) AS correct_lo, share_hi(correct::INTEGER) AS correct_hi,
       share(optimised::INTEGER) AS pct_opt, share_lo(optimised::INTEGER) AS pct_opt_lo, share_hi(optimised::INTEGER) AS pct_opt_hi,
       share(self_consistent::INTEGER) AS self_consistent, share_lo(self_consistent::INTEGER) AS self_consistent_lo, share_hi(self_consistent::INTEGER) AS self_consistent_hi,
       round(median(model_speedup), 2) AS median_speedup,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM approaches
GROUP BY model, approach
ORDER BY approach = 'routed' DESC, model, approach;
