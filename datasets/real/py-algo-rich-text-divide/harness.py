"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from rich.text import Text, Span


def build_base(scale):
    r = random.Random(7)
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
    plain = " ".join(r.choice(words) for _ in range(scale * 8))
    n = len(plain)
    styles = ["bold", "italic", "red", "green on black", "underline"]
    spans = []
    for _ in range(scale):
        s = r.randrange(n - 1)
        e = min(n, s + r.randrange(1, 120))
        spans.append((s, e, r.choice(styles)))
    spans.sort()
    return plain, spans


def make_input(base, scale, rng):
    plain, spans = base
    text = Text(plain)
    for s, e, st in spans:
        text.spans.append(Span(s, e, st))
    # a few extra spans per iteration, and the cut points (every ~60 chars, jittered)
    for _ in range(3):
        s = rng.randrange(len(plain) - 1)
        text.spans.append(Span(s, min(len(plain), s + rng.randrange(1, 200)), "blue"))
    offsets = []
    pos = 0
    while True:
        pos += 50 + rng.randrange(20)
        if pos >= len(plain):
            break
        offsets.append(pos)
    return text, offsets


def call(inp):
    text, offsets = inp
    lines = text.divide(offsets)
    h = hashlib.sha256()
    for line in lines:
        h.update(line.plain.encode())
        h.update(repr([(sp.start, sp.end, str(sp.style)) for sp in line.spans]).encode())
    return h.hexdigest()


def fold_input(inp):
    text, offsets = inp
    return len(text.spans), len(offsets), offsets[:5]


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
