"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from networkx.generators.classic import full_rary_tree


def build_base(scale):
    return scale


def make_input(base, scale, rng):
    # branching factor and node count vary slightly per iteration
    r = rng.randint(2, 5)
    n = base + rng.randint(0, 50)
    return r, n


def call(inp):
    r, n = inp
    G = full_rary_tree(r, n)
    acc = G.number_of_nodes()
    for u, v in G.edges():
        acc = (acc * 1000003 + u * 7919 + v) % 18446744073709551557
    return acc


def fold_input(inp):
    return inp


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
