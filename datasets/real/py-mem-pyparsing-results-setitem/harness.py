"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from pyparsing import ParseResults
from pyparsing.results import _ParseResultsWithOffset


def build_base(scale):
    # a results object whose name 'item' already has SCALE occurrences (built
    # directly: building it through __setitem__ would be quadratic in the parent)
    pr = ParseResults([])
    pr._tokdict["item"] = [_ParseResultsWithOffset(i, i) for i in range(scale)]
    return pr


def make_input(base, scale, rng):
    return base, rng.randrange(10**6), rng.randrange(2)


def call(inp):
    pr, v, kind = inp
    if kind:
        pr["item"] = _ParseResultsWithOffset(v, v % 97)  # offset form
    else:
        pr["item"] = v  # plain value form (wrapped with offset 0)
    occ = pr._tokdict["item"]
    out = (len(occ), pr["item"], occ[-1][1], occ[0][0])
    occ.pop()  # restore the shared object for the next iteration
    return out


def fold_input(inp):
    return inp[1:]


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
