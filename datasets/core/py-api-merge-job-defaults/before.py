"""Expansion of CI job definitions against the pipeline-wide defaults."""

import copy

MAX_TIMEOUT = 3600
ALLOWED_STAGES = ("build", "test", "lint", "deploy")


class JobConfigError(ValueError):
    pass


def resolve_jobs(jobs, defaults):
    """Return one fully populated config dict per job definition.

    Keys present in a job override the defaults, except "env", whose entries
    are merged on top of the default environment. The defaults themselves
    are never modified.
    """
    resolved = []
    for job in jobs:
        cfg = copy.deepcopy(defaults)
        env = cfg["env"]
        for key, value in job.items():
            if key == "env":
                env.update(value)
            else:
                cfg[key] = value
        if cfg["stage"] not in ALLOWED_STAGES:
            raise JobConfigError("job %r: unknown stage %r" % (cfg["name"], cfg["stage"]))
        cfg["timeout"] = min(int(cfg["timeout"]), MAX_TIMEOUT)
        cfg["tags"] = tuple(sorted(set(cfg["tags"])))
        env["CI_JOB_NAME"] = cfg["name"]
        resolved.append(cfg)
    return resolved
