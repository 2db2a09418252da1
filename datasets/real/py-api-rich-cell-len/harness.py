"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from rich.cells import cell_len


def build_base(scale):
    r = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,:;-_=+()[]{}"
    return "".join(r.choice(alphabet) for _ in range(scale))


def make_input(base, scale, rng):
    text = base
    # half of the inputs contain a few wide / zero-width characters
    if rng.random() < 0.5:
        k = rng.randrange(len(text) - 10)
        text = text[:k] + "\u4e2d\u6587\u0301\U0001F600" + text[k + 4:]
    else:
        k = rng.randrange(len(text))
        text = text[:k] + "Z" + text[k + 1:]
    return text


def call(inp):
    return cell_len(inp)


def fold_input(inp):
    return hashlib.sha256(inp.encode()).hexdigest()


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
