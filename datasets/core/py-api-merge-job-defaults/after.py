"""Expansion of CI job definitions against the pipeline-wide defaults."""

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
    default_env = defaults["env"]
    resolved = []
    for job in jobs:
        # Only "env" is mutated below; every other value is replaced, never
        # changed in place, so a shallow copy keeps the defaults intact.
        cfg = dict(defaults)
        env = cfg["env"] = dict(default_env)
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
