import hashlib
import random
import sys

from solution import resolve_jobs

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


def build(scale):
    rng = random.Random(99)
    jobs = []
    for i in range(scale):
        job = {"name": "job-%05d" % i, "stage": rng.choice(("build", "test", "lint", "deploy"))}
        if rng.random() < 0.5:
            job["timeout"] = str(rng.choice((300, 1200, 5400)))
        if rng.random() < 0.4:
            job["tags"] = tuple(rng.choice(("linux", "gpu", "arm64", "docker", "large")) for _ in range(3))
        if rng.random() < 0.6:
            job["env"] = {"SHARD": str(rng.randrange(16)), "TZ": rng.choice(("UTC", "Europe/Paris"))}
        if rng.random() < 0.2:
            job["retries"] = rng.randrange(4)
        jobs.append(job)
    return jobs


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    jobs = build(scale)
    out = None
    for _ in range(iterations):
        out = resolve_jobs(jobs, DEFAULTS)
    h = hashlib.sha256()
    h.update(repr([sorted(c.items()) for c in out]).encode())
    h.update(repr(sorted(DEFAULTS.items())).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
