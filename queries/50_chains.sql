-- title: SC_n: consistency along IdentityChain chains
-- A chain is one task and sample of a model: round 1 describes the human
-- fix, round r+1 describes the model's own round-r code, and each round
-- regenerates (make ROUNDS=n). SC_n is the share of chains whose
-- generations are correct and self-consistent at every round 1..n. With
-- one sample per task (IdentityChain's setting) that is the share of
-- tasks; with k samples, each task weighs k chains. On the tasks resolved
-- in this run, with the Wilson 95% interval over chains.
WITH o AS (
    SELECT * FROM outcomes WHERE describer = model AND resolved
), ns AS (
    SELECT model, unnest(range(1, max(round) + 1)) AS n FROM o GROUP BY model
), chains AS (
    SELECT DISTINCT model, task_id, sample, costed_as FROM o
), held AS (
    SELECT ns.model, ns.n, c.task_id, c.sample, c.costed_as,
           count(o.round) FILTER (WHERE o.self_consistent) = ns.n AS consistent
    FROM ns
    JOIN chains c ON c.model = ns.model
    LEFT JOIN o ON o.model = c.model AND o.task_id = c.task_id
               AND o.sample = c.sample AND o.round <= ns.n
    GROUP BY ns.model, ns.n, c.task_id, c.sample, c.costed_as
)
SELECT model, n,
       count(*) AS chains,
       share(consistent::INTEGER) AS sc_n, share_lo(consistent::INTEGER) AS sc_n_lo, share_hi(consistent::INTEGER) AS sc_n_hi,
       string_agg(DISTINCT costed_as, '; ' ORDER BY costed_as) AS costed_as
FROM held
GROUP BY model, n
ORDER BY model, n;
