import hashlib
import random
import sys

from solution import aggregate_shards

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

ROUTES = ["/api/v2/%s/%s" % (a, b) for a in ("orders", "users", "carts", "search") for b in ("get", "list", "put")]


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


def random_request(rng):
    # (route, status, latency in ms) of one logged request; 2% are 503s.
    status = 503 if rng.random() < 0.02 else rng.choice((200, 200, 201, 404))
    return rng.choice(ROUTES), status, rng.randrange(1, 900)


def build(scale):
    # Eight log shards of SCALE/8 requests each.
    rng = random.Random(8080)
    return [[random_request(rng) for _ in range(max(1, scale // 8))] for _ in range(8)]


def make_input(shards, scale, seed):
    """Turn the base shards into this iteration's: about 0.1% of the
    requests (at least one) are replaced by requests drawn from
    Random(seed). The shards are changed in place, since copying every
    entry would cost a good part of a call; returns the new requests and
    the (shard, position, old request) triples that undo the change."""
    rng = random.Random(seed)
    changed = []
    undo = []
    for _ in range(max(1, scale // 1000)):
        shard = rng.choice(shards)
        pos = rng.randrange(len(shard))
        request = random_request(rng)
        undo.append((shard, pos, shard[pos]))
        shard[pos] = request
        changed.append(request)
    return changed, undo


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    shards = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        changed, undo = make_input(shards, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
        else:
            out = aggregate_shards(shards)
            h.update(repr(sorted(out.items())).encode())
        # Back to the base shards, in reverse order in case a request was
        # replaced twice.
        for shard, pos, request in reversed(undo):
            shard[pos] = request
    print(h.hexdigest())


if __name__ == "__main__":
    main()
