"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from toolz.itertoolz import join


def build_base(scale):
    r = random.Random(7)
    left = [(r.randrange(4 * scale), i) for i in range(scale)]
    right = [(r.randrange(40 * scale), -i) for i in range(2 * scale)]
    return left, right


def make_input(base, scale, rng):
    left, right = base
    right = list(right)
    for _ in range(5):
        right[rng.randrange(len(right))] = (rng.randrange(4 * scale), rng.randrange(10**6))
    return left, right


def call(inp):
    left, right = inp
    res = list(join(0, left, 0, right, left_default=(-1, -1)))
    return len(res), hash(tuple(res))  # hash of tuples of ints is deterministic


def fold_input(inp):
    return hash(tuple(inp[1])), len(inp[1])


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
