"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from tomli._parser import skip_until, ILLEGAL_COMMENT_CHARS


def build_base(scale):
    # a TOML comment body of SCALE printable characters (no newline, no control chars)
    rng = random.Random(1234)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?-_=+'\"()[]{}\u00e9\u4e2d"
    return "#" + "".join(rng.choice(alphabet) for _ in range(scale))


def make_input(base, scale, rng):
    # end the comment with a newline at a seeded position near the end, followed by a key
    cut = len(base) - rng.randrange(min(1000, scale))
    src = base[:cut] + "\nkey = 1\n"
    pos = 1 + rng.randrange(50)
    return src, pos


def call(inp):
    src, pos = inp
    return skip_until(src, pos, "\n", error_on=ILLEGAL_COMMENT_CHARS, error_on_eof=False)


def fold_input(inp):
    return len(inp[0]), inp[1]


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
