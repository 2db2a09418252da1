import hashlib
import os
import random
import sys
import tempfile

from solution import manifest_digests


def build(root, scale):
    rng = random.Random(1234)
    names = []
    for i in range(scale):
        name = "pkg-%03d.tar" % i
        size = rng.randrange(40_000, 160_000)
        with open(os.path.join(root, name), "wb") as f:
            f.write(rng.randbytes(size))
        names.append(name)
    return names


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        names = build(tmp, scale)
        out = None
        for _ in range(iterations):
            out = manifest_digests(tmp, names)
    print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())


if __name__ == "__main__":
    main()
