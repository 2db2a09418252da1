-- title: Self-consistency per model and language
-- The columns of the previous cell, per language instead of per category,
-- with a row per model over all languages (language 'all'), on the tasks
-- resolved in this run.
SELECT model,
       coalesce(language, 'all') AS language,
       count(*) AS tasks,
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
GROUP BY GROUPING SETS ((model, language), (model))
ORDER BY is_control(model), model, language IS NULL, language;
