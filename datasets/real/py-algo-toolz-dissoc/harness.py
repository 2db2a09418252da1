"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from toolz.dicttoolz import dissoc


def build_base(scale):
    r = random.Random(7)
    d = {i: r.randrange(10**6) for i in range(scale)}
    keys = list(range(scale))
    r.shuffle(keys)
    return d, keys


def make_input(base, scale, rng):
    d, keys = base
    k = int(len(keys) * 0.85)
    off = rng.randrange(len(keys))
    drop = keys[off:] + keys[:off]
    return d, drop[:k]


def call(inp):
    d, drop = inp
    res = dissoc(d, *drop)
    return len(res), sum(res), sum(res.values())


def fold_input(inp):
    return len(inp[1]), hash(tuple(inp[1][:100]))


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    try:
        iters, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
    except ValueError:
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    if iters < 0 or scale < 1:
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    only_inputs = len(argv) == 5
    base = build_base(scale)
    h = hashlib.sha256()
    for i in range(iters):
        rng = random.Random(seed + i)
        inp = make_input(base, scale, rng)
        if only_inputs:
            h.update(repr(fold_input(inp)).encode())
        else:
            h.update(repr(call(inp)).encode())
        h.update(b"|")
    print(h.hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
