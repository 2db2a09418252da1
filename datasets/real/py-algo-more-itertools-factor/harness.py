"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from more_itertools.recipes import factor


def build_base(scale):
    random.seed(12345)  # is_prime draws random bases for huge n; keep it deterministic
    small = [p for p in range(2, 200) if all(p % q for q in range(2, p))]
    mid = [p for p in range(1000, 5000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]
    return small, mid


def make_input(base, scale, rng):
    small, mid = base
    n = 1
    for _ in range(scale):
        n *= rng.choice(small)
    for _ in range(2):
        n *= rng.choice(mid)
    return n


def call(inp):
    return list(factor(inp))


def fold_input(inp):
    return inp % (2**61 - 1)


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
