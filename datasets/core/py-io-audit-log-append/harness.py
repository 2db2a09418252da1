import hashlib
import os
import random
import sys
import tempfile

from solution import write_audit_events


def build(scale):
    rng = random.Random(2718)
    actors = ["svc-%s" % n for n in ("billing", "deploy", "ci", "backup", "search")] + ["alice", "bob"]
    events = []
    for i in range(scale):
        event = {
            "ts": 1_717_000_000 + i * 3,
            "actor": rng.choice(actors),
            "action": rng.choice(("read", "read", "list", "write", "delete")),
            "path": "secret/%s/%s" % (rng.choice(("prod", "staging")), rng.choice(("db", "api", "tls", "s3"))),
        }
        if rng.random() < 0.05:
            event["ok"] = 0
        events.append(event)
    return events


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    events = build(scale)
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "audit.log")
        for _ in range(iterations):
            if os.path.exists(path):
                os.remove(path)
            total += write_audit_events(path, events)
        with open(path, "rb") as f:
            content = f.read()
    h = hashlib.sha256(content)
    h.update(str(total).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
