-- title: Self-consistency per model and category
-- Each model rewrites code-before from its own description (round 1), on
-- the tasks resolved in this run (code before significantly slower than
-- code after; unresolved counts the category's others, named in "Tasks
-- not resolved in this run"). correct: builds, runs and prints
-- code-before's digest. pct_opt (PerfCodeGen's %Opt): correct and t(gen)
-- < 0.9·t(after). self_consistent: correct and not significantly slower
-- than code after (Mann–Whitney U over the repeats, α = 0.05; compared
-- directly below 4 repeats). agreement: the description names the task's
-- category (naming none disagrees). Shares are 0..1 over tasks (a task's
-- samples weigh 1 together), each with its Wilson 95% interval in
-- brackets. Speedups are t(before)/t(x): human_speedup the median over the
-- tasks, model_speedup and recovered (model / human speedup) over the
-- tasks with a correct sample, each with a bootstrap 95% interval over
-- tasks. within_floor: the share of correct samples within the noise
-- floor of code after's, where this machine can't tell them apart.
WITH unresolved AS (
    SELECT category, count(*) FILTER (WHERE NOT resolved) AS unresolved FROM human GROUP BY category
)
SELECT model,
       category,
       count(*) AS tasks,
       any_value(u.unresolved) AS unresolved,
       share(correct) AS correct, share_lo(correct) AS correct_lo, share_hi(correct) AS correct_hi,
       share(optimised) AS pct_opt, share_lo(optimised) AS pct_opt_lo, share_hi(optimised) AS pct_opt_hi,
       share(self_consistent) AS self_consistent, share_lo(self_consistent) AS self_consistent_lo, share_hi(self_consistent) AS self_consistent_hi,
       share(agreement) AS agreement, share_lo(agreement) AS agreement_lo, share_hi(agreement) AS agreement_hi,
       round(median(human_speedup), 2) AS human_speedup,
       round(median(model_speedup), 2) AS model_speedup, median_boot_lo(model_speedup) AS model_speedup_lo, median_boot_hi(model_speedup) AS model_speedup_hi,
       round(median(recovered), 2) AS recovered, median_boot_lo(recovered) AS recovered_lo, median_boot_hi(recovered) AS recovered_hi,
       share(within_floor) AS within_floor,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM task_outcomes
LEFT JOIN unresolved u USING (category)
GROUP BY model, category
ORDER BY is_control(model), model, category;
