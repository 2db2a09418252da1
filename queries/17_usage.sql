-- title: Usage: calls, tokens, time and money per model and stage
-- What each stage's answers took, per model: answers and failed calls,
-- how many of the answers this run found in the answer cache (a rerun
-- asks nothing it has an answer for), answers cut short, tokens in and
-- out, the model's time (the calls' latencies summed, a cached answer's
-- as it first took) and, where the models file gives price_in and
-- price_out (US dollars per million tokens), what the answers cost when
-- they were asked (cost_usd; NULL without a price). A refinement step
-- counts for the model that answered it; a draft for its origin.
WITH a AS (
    SELECT 'describe' AS stage, model, cache_hit, error, truncated, prompt_tokens, completion_tokens, latency_ms, cost_usd FROM descriptions
    UNION ALL
    SELECT 'generate', model, cache_hit, error, truncated, prompt_tokens, completion_tokens, latency_ms, cost_usd FROM generations
    UNION ALL
    SELECT pipeline, step_model, cache_hit, error, truncated, prompt_tokens, completion_tokens, latency_ms, cost_usd
    FROM refinements WHERE step > 0
    UNION ALL
    SELECT 'draft', origin, cache_hit, error, truncated, prompt_tokens, completion_tokens, latency_ms, cost_usd
    FROM drafts WHERE origin LIKE 'llm:%'
)
SELECT model,
       stage,
       count(*) FILTER (WHERE coalesce(error, '') = '') AS answers,
       count(*) FILTER (WHERE coalesce(error, '') = '' AND cache_hit) AS from_cache,
       count(*) FILTER (WHERE coalesce(error, '') <> '') AS errors,
       count(*) FILTER (WHERE truncated) AS cut_short,
       sum(prompt_tokens)::BIGINT AS tokens_in,
       sum(completion_tokens)::BIGINT AS tokens_out,
       round(sum(latency_ms) / 1000.0, 1) AS model_seconds,
       round(sum(cost_usd), 4) AS cost_usd
FROM a
GROUP BY model, stage
ORDER BY model, array_position(['describe', 'generate', 'refine', 'routed', 'draft'], stage);
