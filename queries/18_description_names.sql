-- title: Descriptions: do they name what changed?
-- A check of each round-1 description beyond its category, with no model
-- involved: names_function, whether it names the changed function (the
-- last part of the commit's symbol, as a whole word); fix_identifiers,
-- how many identifiers the fix adds or removes (names in code after and
-- not in code before, or the other way round, three characters or longer
-- and not a keyword of Python, Go or C++; from the patch's lines when the
-- commit has no code); fix_named, the share of those the description
-- names. Shares are over tasks (a task's samples weigh 1 together), with
-- Wilson 95% intervals for names_function and a bootstrap 95% interval
-- for the mean fix_named. Over every described commit, measured or not;
-- failed calls are left out. A model judge's scores, when asked for (perfcon
-- describe judge), are in the next cell.
WITH c AS (
    SELECT task_id, category, symbol,
           CASE WHEN code_before <> '' OR code_after <> '' THEN code_before
                ELSE array_to_string(list_filter(string_split(patch, chr(10)), l -> l LIKE '-%' AND l NOT LIKE '---%'), chr(10)) END AS old,
           CASE WHEN code_before <> '' OR code_after <> '' THEN code_after
                ELSE array_to_string(list_filter(string_split(patch, chr(10)), l -> l LIKE '+%' AND l NOT LIKE '+++%'), chr(10)) END AS new
    FROM commits
), words AS (
    SELECT task_id, 'old' AS side, unnest(list_distinct(regexp_extract_all(old, '[A-Za-z_][A-Za-z0-9_]*'))) AS word FROM c
    UNION ALL
    SELECT task_id, 'new' AS side, unnest(list_distinct(regexp_extract_all(new, '[A-Za-z_][A-Za-z0-9_]*'))) AS word FROM c
), changed AS (
    SELECT task_id, list(word ORDER BY word) AS words
    FROM (SELECT task_id, word FROM words GROUP BY task_id, word HAVING count(DISTINCT side) = 1)
    WHERE length(word) >= 3 AND word NOT IN (
        'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
        'False', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'None', 'nonlocal', 'not',
        'or', 'pass', 'raise', 'return', 'True', 'try', 'while', 'with', 'yield', 'self', 'len', 'range',
        'chan', 'const', 'defer', 'fallthrough', 'func', 'go', 'goto', 'interface', 'map', 'package', 'select',
        'struct', 'switch', 'type', 'var', 'nil', 'true', 'false', 'int', 'string', 'byte', 'error', 'make', 'append',
        'auto', 'bool', 'case', 'char', 'default', 'double', 'enum', 'extern', 'float', 'inline', 'long', 'namespace',
        'new', 'delete', 'nullptr', 'private', 'public', 'protected', 'short', 'signed', 'size_t', 'sizeof', 'static',
        'std', 'template', 'this', 'typename', 'unsigned', 'using', 'void', 'volatile', 'include')
    GROUP BY task_id
), d AS (
    SELECT d.model, d.task_id, c.category,
           regexp_extract(c.symbol, '([A-Za-z_][A-Za-z0-9_]*)$', 1) AS function,
           coalesce(ch.words, []) AS words,
           d.description
    FROM descriptions d
    JOIN c USING (task_id)
    LEFT JOIN changed ch USING (task_id)
    WHERE d.round = 1 AND coalesce(d.error, '') = '' AND coalesce(d.description, '') <> ''
), per_task AS (
    SELECT model, task_id, any_value(category) AS category,
           avg(CASE WHEN function <> '' THEN regexp_matches(description, '\b' || function || '\b')::INTEGER END) AS names_function,
           any_value(len(words)) AS fix_identifiers,
           avg(len(list_filter(words, w -> regexp_matches(description, '\b' || w || '\b'))) / nullif(len(words), 0)) AS fix_named
    FROM d
    GROUP BY model, task_id
)
SELECT model,
       coalesce(category, 'all') AS category,
       count(*) AS tasks,
       share(names_function) AS names_function, share_lo(names_function) AS names_function_lo, share_hi(names_function) AS names_function_hi,
       round(median(fix_identifiers), 1) AS fix_identifiers,
       round(avg(fix_named), 3) AS fix_named,
       round(boot_lo(list(fix_named), 'mean', 0.95), 3) AS fix_named_lo,
       round(boot_hi(list(fix_named), 'mean', 0.95), 3) AS fix_named_hi
FROM per_task
GROUP BY GROUPING SETS ((model, category), (model))
ORDER BY is_control(model), model, category IS NULL, category;
