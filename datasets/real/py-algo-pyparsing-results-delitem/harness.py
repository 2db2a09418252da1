"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
import pyparsing as pp


def build_base(scale):
    r = random.Random(7)
    words = []
    for i in range(scale):
        if r.random() < 0.5:
            words.append("w" + "abcdefgh"[r.randrange(8)] * r.randrange(1, 4))
        else:
            words.append(str(r.randrange(10**6)))
    grammar = pp.OneOrMore(pp.Word(pp.alphas)("word") | pp.Word(pp.nums)("num"))
    res = grammar.parse_string(" ".join(words), parse_all=True)
    return res


def make_input(base, scale, rng):
    pr = base.copy()
    n = len(pr)
    start = n - 1 - rng.randrange(50)
    count = rng.randrange(1, 4)
    return pr, slice(max(0, start - count + 1), start + 1)


def call(inp):
    pr, sl = inp
    del pr[sl]
    out = [len(pr)]
    for name in ("word", "num"):
        occ = pr._tokdict[name]
        out.append((len(occ), [(o[0], o[1]) for o in occ[-60:]], sum(o[1] for o in occ[::97])))
    return out


def fold_input(inp):
    return len(inp[0]), inp[1].start, inp[1].stop


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
