"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
import io
from rich.console import Console


SCALE_HOLDER = [0]
CONSOLE_HOLDER = [None]


def build_base(scale):
    SCALE_HOLDER[0] = scale
    sys.setrecursionlimit(max(1000, scale * 2 + 200))
    console = Console(file=io.StringIO(), width=100, log_time=False, log_path=True,
                      color_system=None, force_terminal=False, legacy_windows=False)
    CONSOLE_HOLDER[0] = console
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    return words


def make_input(base, scale, rng):
    words = base
    msg = " ".join(rng.choice(words) for _ in range(6))
    return msg, rng.randrange(10**6)


def call(inp):
    msg, num = inp
    out = io.StringIO()
    console = CONSOLE_HOLDER[0]
    console.file = out
    def descend(n):
        # SCALE frames deep: the caller lookup in Console.log is what is measured
        if n == 0:
            console.log(msg, num)
            return
        descend(n - 1)
    descend(SCALE_HOLDER[0])
    return out.getvalue()


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
