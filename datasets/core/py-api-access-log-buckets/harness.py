import hashlib
import random
import sys

from solution import bucket_requests

PATHS = ("/", "/api/v1/orders", "/api/v1/users/me", "/static/app.js", "/healthz", "/login")


def build(scale):
    rng = random.Random(4242)
    lines = ["# edge-proxy access log v2"]
    t = 1_700_000_000
    for _ in range(scale):
        t += rng.randrange(0, 4)
        days, rem = divmod(t - 1_700_000_000, 86400)
        hh, rem = divmod(rem, 3600)
        mm, ss = divmod(rem, 60)
        ts = "2023-%02d-%02dT%02d:%02d:%02d" % (11 + days // 30, 1 + days % 30, hh, mm, ss)
        status = rng.choice((200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503))
        lines.append(
            "%s %s %s %d %d\n"
            % (ts, rng.choice(("GET", "POST")), rng.choice(PATHS), status, rng.randrange(0, 50000))
        )
        if rng.random() < 0.01:
            lines.append("\n")
    return lines


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    lines = build(scale)
    out = None
    for _ in range(iterations):
        out = bucket_requests(lines)
    print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())


if __name__ == "__main__":
    main()
