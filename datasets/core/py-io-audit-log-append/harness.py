import hashlib
import os
import random
import sys
import tempfile

from solution import write_audit_events

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

ACTORS = ["svc-%s" % n for n in ("billing", "deploy", "ci", "backup", "search")] + ["alice", "bob"]


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


def random_event(rng, ts):
    event = {
        "ts": ts,
        "actor": rng.choice(ACTORS),
        "action": rng.choice(("read", "read", "list", "write", "delete")),
        "path": "secret/%s/%s" % (rng.choice(("prod", "staging")), rng.choice(("db", "api", "tls", "s3"))),
    }
    if rng.random() < 0.05:
        event["ok"] = 0
    return event


def build(scale):
    # A batch of SCALE access events, three seconds apart.
    rng = random.Random(2718)
    return [random_event(rng, 1_717_000_000 + i * 3) for i in range(scale)]


def make_input(base, scale, seed):
    """This iteration's batch: a copy of the base with about 2% of the events
    redrawn from Random(seed) (the base's dicts are never modified)."""
    rng = random.Random(seed)
    events = list(base)
    changed = []
    for _ in range(max(1, scale // 50)):
        i = rng.randrange(len(events))
        events[i] = random_event(rng, events[i]["ts"])
        changed.append(events[i])
    return events, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "audit.log")
        for i in range(iterations):
            events, changed = make_input(base, scale, seed + i)
            if inputs_only:
                h.update(repr(changed).encode())
                continue
            # Every batch goes to a fresh log; the log is the result.
            if os.path.exists(path):
                os.remove(path)
            written = write_audit_events(path, events)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    h.update(f.read())
            h.update(("\n%r\n" % (written,)).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
