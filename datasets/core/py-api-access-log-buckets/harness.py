import hashlib
import random
import sys

from solution import bucket_requests

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

PATHS = ("/", "/api/v1/orders", "/api/v1/users/me", "/static/app.js", "/healthz", "/login")
STATUSES = (200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503)
T0 = 1_700_000_000


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


def log_line(rng, t):
    # One request at t seconds after T0, as the proxy writes it.
    days, rem = divmod(t - T0, 86400)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    ts = "2023-%02d-%02dT%02d:%02d:%02d" % (11 + days // 30, 1 + days % 30, hh, mm, ss)
    status = rng.choice(STATUSES)
    return "%s %s %s %d %d\n" % (ts, rng.choice(("GET", "POST")), rng.choice(PATHS), status, rng.randrange(0, 50000))


def build(scale):
    # A log of SCALE requests a few seconds apart, a comment line on top and
    # the odd blank line. Returns the lines, the positions of the request
    # lines and the last timestamp.
    rng = random.Random(4242)
    lines = ["# edge-proxy access log v2"]
    positions = []
    t = T0
    for _ in range(scale):
        t += rng.randrange(0, 4)
        positions.append(len(lines))
        lines.append(log_line(rng, t))
        if rng.random() < 0.01:
            lines.append("\n")
    return lines, positions, t


def make_input(base, scale, seed):
    """This iteration's log: a copy of the base with about 2% of the request
    lines replaced by other requests at other times of the same span, drawn
    from Random(seed)."""
    lines, positions, t_end = base
    rng = random.Random(seed)
    lines = list(lines)
    changed = []
    for _ in range(max(1, scale // 50)):
        pos = rng.choice(positions)
        lines[pos] = log_line(rng, rng.randint(T0, t_end))
        changed.append(lines[pos])
    return lines, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        lines, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update("".join(changed).encode())
            continue
        out = bucket_requests(lines)
        h.update(repr(sorted(out.items())).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
