import hashlib
import random
import sys
from itertools import repeat
from operator import itemgetter

from solution import resolve_jobs

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

DEFAULTS = {
    "name": "unnamed",
    "image": "registry.acme.internal/ci/python:3.11",
    "stage": "test",
    "timeout": 900,
    "retries": 1,
    "interruptible": True,
    "tags": ("linux", "docker"),
    "artifacts": ("dist/", "reports/junit.xml"),
    "cache": ("pip", ".venv"),
    "env": {
        "CI": "1",
        "LANG": "C.UTF-8",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "TZ": "UTC",
        "COVERAGE_CORE": "sysmon",
        "REGISTRY": "registry.acme.internal",
    },
}

# Every resolved config has exactly the keys of DEFAULTS, and its env the
# default variables, CI_JOB_NAME and, for some jobs, SHARD. The fingerprint
# below reads them all through these getters, in C, so that hashing every
# iteration's result costs a fraction of resolving it. hash() of str is
# stable because the runner sets PYTHONHASHSEED=0; hash(None) is not (it
# is the object's address before Python 3.12), so None is kept out.
_config_values = itemgetter(*sorted(k for k in DEFAULTS if k != "env"))
_env_values = itemgetter(*sorted(DEFAULTS["env"]), "CI_JOB_NAME")
_env = itemgetter("env")


def parse_args(argv):
    """ITERATIONS SCALE SEED [inputs] -> (iterations, scale, seed, inputs_only)."""
    try:
        if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
            raise ValueError
        iterations, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
        if iterations < 1 or scale < 1 or seed < 0:
            raise ValueError
    except ValueError:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    return iterations, scale, seed, len(argv) == 5


def random_job(rng, name):
    job = {"name": name, "stage": rng.choice(("build", "test", "lint", "deploy"))}
    if rng.random() < 0.5:
        job["timeout"] = str(rng.choice((300, 1200, 5400)))
    if rng.random() < 0.4:
        job["tags"] = tuple(rng.choice(("linux", "gpu", "arm64", "docker", "large")) for _ in range(3))
    if rng.random() < 0.6:
        job["env"] = {"SHARD": str(rng.randrange(16)), "TZ": rng.choice(("UTC", "Europe/Paris"))}
    if rng.random() < 0.2:
        job["retries"] = rng.randrange(4)
    return job


def build(scale):
    rng = random.Random(99)
    return [random_job(rng, "job-%05d" % i) for i in range(scale)]


def make_input(base, scale, seed):
    """This iteration's pipeline: a copy of the base job list with about 2%
    of the job definitions redrawn from Random(seed) (the base's dicts are
    never modified)."""
    rng = random.Random(seed)
    jobs = list(base)
    changed = []
    for _ in range(max(1, scale // 50)):
        i = rng.randrange(len(jobs))
        jobs[i] = random_job(rng, jobs[i]["name"])
        changed.append(jobs[i])
    return jobs, changed


def fingerprint(configs):
    """A hash of every value of every resolved config, in config order."""
    envs = list(map(_env, configs))
    return hash((
        tuple(map(len, configs)),
        tuple(map(_config_values, configs)),
        tuple(map(len, envs)),
        tuple(map(_env_values, envs)),
        tuple(map(dict.get, envs, repeat("SHARD"), repeat(""))),
    ))


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        jobs, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        out = resolve_jobs(jobs, DEFAULTS)
        h.update(b"%d %d\n" % (len(out), fingerprint(out)))
    # The defaults must come out untouched.
    h.update(repr(sorted(DEFAULTS.items())).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
