import hashlib
import random
import sys

from solution import byte_class_profile

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

SNIPPETS = [
    b"The quick brown fox jumps over the lazy dog. ",
    b"Price: $1,299.00 (incl. VAT)\r\n",
    b"<div class=\"nav\">Home | About | Contact</div>\n",
    "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u2014 \u00a9 2024\n".encode("utf-8"),
    b"\t\tif (x < 10) { return y[3] * 2; }\n",
    b"\x00\x01\x02\x1b[0m\x7f",
]


def parse_args(argv):
    """ITERATIONS SCALE SEED [inputs] -> (iterations, scale, seed, inputs_only)."""
    try:
        if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
            raise ValueError
        iterations, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
        if iterations < 1 or scale < 1 or seed < 0:
            raise ValueError
    except ValueError:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    return iterations, scale, seed, len(argv) == 5


def build(scale):
    # SCALE crawled documents of 10-70 snippets, one in ten with binary junk.
    rng = random.Random(1999)
    docs = []
    for _ in range(scale):
        parts = [rng.choice(SNIPPETS) for _ in range(rng.randrange(10, 70))]
        if rng.random() < 0.1:
            parts.append(rng.randbytes(rng.randrange(50, 400)))
        docs.append(b"".join(parts))
    return docs


def make_input(base, scale, seed):
    """This iteration's crawl: a copy of the base list in which about 2% of
    the documents are replaced by the head of one base document spliced
    onto the tail of another, at cut points drawn from Random(seed)."""
    rng = random.Random(seed)
    docs = list(base)
    changed = []
    for _ in range(max(1, scale // 50)):
        head = rng.choice(base)
        tail = rng.choice(base)
        doc = head[:rng.randrange(len(head) + 1)] + tail[rng.randrange(len(tail) + 1):]
        pos = rng.randrange(len(docs))
        docs[pos] = doc
        changed.append((pos, len(doc)))
    return docs, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        docs, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        out = byte_class_profile(docs)
        h.update(repr(out).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
