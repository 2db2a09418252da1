-- title: What the models answered: reasoning, cut answers, categories and code
-- Per model, how its answers read. Descriptions: with_reasoning counts the
-- answers whose reasoning (a <think> block, or the server's
-- reasoning_content) perfcon set apart, in the reasoning column; cut_short
-- those stopped at their token bound (finish_reason length) or inside a
-- reasoning block that never closed: generate does not use them unless
-- asked (--allow-truncated), so a model with many wants a larger
-- --max-tokens. no_category_line counts answers with no category line,
-- unknown_category those whose line (category_raw) names none of the
-- eight. Generations: how the code was taken from each answer
-- (extract_status): fenced (one code block), multiple_blocks (the block
-- that defines the entry and most of code before's names, the rewrite
-- when the original is shown too), unfenced (no fence; the answer as
-- code), truncated (cut inside its code, the part kept, or its reasoning),
-- diff_only (only a diff: no code), empty (no code); errors are failed
-- calls and generations with no usable description (cut, or reasoning
-- alone), which are counted apart as from_cut_description.
WITH d AS (
    SELECT model,
           count(*) AS descriptions,
           count(*) FILTER (WHERE coalesce(error, '') <> '') AS describe_errors,
           count(*) FILTER (WHERE coalesce(reasoning, '') <> '') AS with_reasoning,
           count(*) FILTER (WHERE truncated) AS cut_short,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND coalesce(category_raw, '') = '' AND coalesce(predicted_category, '') = '') AS no_category_line,
           count(*) FILTER (WHERE coalesce(category_raw, '') <> '' AND coalesce(predicted_category, '') = '') AS unknown_category
    FROM descriptions
    GROUP BY model
), g AS (
    SELECT model,
           count(*) AS generations,
           count(*) FILTER (WHERE coalesce(error, '') <> '') AS generate_errors,
           count(*) FILTER (WHERE error LIKE 'no description: the answer was cut short%') AS from_cut_description,
           count(*) FILTER (WHERE truncated AND coalesce(error, '') = '') AS generations_cut,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'fenced') AS fenced,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'multiple_blocks') AS multiple_blocks,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'unfenced') AS unfenced,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'truncated') AS truncated,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'diff_only') AS diff_only,
           count(*) FILTER (WHERE coalesce(error, '') = '' AND extract_status = 'empty') AS empty
    FROM generations
    GROUP BY model
)
SELECT model,
       coalesce(d.descriptions, 0) AS descriptions,
       coalesce(d.describe_errors, 0) AS describe_errors,
       coalesce(d.with_reasoning, 0) AS with_reasoning,
       coalesce(d.cut_short, 0) AS cut_short,
       coalesce(d.no_category_line, 0) AS no_category_line,
       coalesce(d.unknown_category, 0) AS unknown_category,
       coalesce(g.generations, 0) AS generations,
       coalesce(g.generate_errors, 0) AS generate_errors,
       coalesce(g.from_cut_description, 0) AS from_cut_description,
       coalesce(g.generations_cut, 0) AS generations_cut,
       coalesce(g.fenced, 0) AS fenced,
       coalesce(g.multiple_blocks, 0) AS multiple_blocks,
       coalesce(g.unfenced, 0) AS unfenced,
       coalesce(g.truncated, 0) AS truncated,
       coalesce(g.diff_only, 0) AS diff_only,
       coalesce(g.empty, 0) AS empty
FROM d
FULL JOIN g USING (model)
ORDER BY model;
