import hashlib
import random
import sys

from solution import byte_class_profile

SNIPPETS = [
    b"The quick brown fox jumps over the lazy dog. ",
    b"Price: $1,299.00 (incl. VAT)\r\n",
    b"<div class=\"nav\">Home | About | Contact</div>\n",
    "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u2014 \u00a9 2024\n".encode("utf-8"),
    b"\t\tif (x < 10) { return y[3] * 2; }\n",
    b"\x00\x01\x02\x1b[0m\x7f",
]


def build(scale):
    rng = random.Random(1999)
    docs = []
    for _ in range(scale):
        parts = [rng.choice(SNIPPETS) for _ in range(rng.randrange(10, 70))]
        if rng.random() < 0.1:
            parts.append(rng.randbytes(rng.randrange(50, 400)))
        docs.append(b"".join(parts))
    return docs


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    docs = build(scale)
    out = None
    for _ in range(iterations):
        out = byte_class_profile(docs)
    print(hashlib.sha256(repr(out).encode()).hexdigest())


if __name__ == "__main__":
    main()
