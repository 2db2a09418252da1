-- title: Hosts: where the runs were measured
-- One row per machine (host name, CPU model and kernel) that measured
-- runs: how many tasks and runs. A task's programs are compared with each
-- other, so all of them must run on one machine: perfcon measure (whole or
-- in shards) does that. split_tasks counts the tasks whose runs come from
-- more than one host or CPU model, as when tables of two runs were joined
-- by hand; their speedups mix machines, and the warning names them.
WITH places AS (
    SELECT task_id, count(DISTINCT (host, host_cpu)) AS n
    FROM measurements
    GROUP BY task_id
)
SELECT m.host, m.host_cpu, m.host_kernel,
       count(DISTINCT m.task_id) AS tasks,
       count(*) AS runs,
       count(DISTINCT m.task_id) FILTER (WHERE p.n > 1) AS split_tasks,
       CASE WHEN bool_or(p.n > 1)
            THEN 'WARNING: runs of one task on several machines: '
                 || string_agg(DISTINCT m.task_id, ', ' ORDER BY m.task_id) FILTER (WHERE p.n > 1) END AS warning
FROM measurements m
JOIN places p USING (task_id)
GROUP BY m.host, m.host_cpu, m.host_kernel
ORDER BY m.host, m.host_cpu, m.host_kernel;
