import hashlib
import os
import random
import sys
import tempfile

from solution import manifest_digests

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"


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


def build(root, scale):
    # SCALE artifacts of 40-160 KB of random bytes. Returns (name, size) pairs.
    rng = random.Random(1234)
    files = []
    for i in range(scale):
        name = "pkg-%03d.tar" % i
        size = rng.randrange(40_000, 160_000)
        with open(os.path.join(root, name), "wb") as f:
            f.write(rng.randbytes(size))
        files.append((name, size))
    return files


def patch(path, offset, data):
    """Overwrite len(data) bytes of path at offset; return the bytes replaced."""
    fd = os.open(path, os.O_RDWR)
    try:
        old = os.pread(fd, len(data), offset)
        os.pwrite(fd, data, offset)
    finally:
        os.close(fd)
    return old


def make_input(root, files, scale, seed):
    """Turn the artifacts into this iteration's release: about 1% of them
    (at least one) get 8 bytes at an offset drawn from Random(seed)
    rewritten, as a rebuilt artifact would. Returns the manifest, the
    changes made and the patches that undo them (applied in reverse order
    once the iteration is over, so that every iteration starts from the
    same files)."""
    rng = random.Random(seed)
    changed = []
    undo = []
    for _ in range(max(1, scale // 100)):
        name, size = rng.choice(files)
        offset = rng.randrange(size - 8)
        data = rng.randbytes(8)
        undo.append((name, offset, patch(os.path.join(root, name), offset, data)))
        changed.append((name, offset, data))
    return [name for name, _ in files], changed, undo


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    h = hashlib.sha256()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(tmp, scale)
        for i in range(iterations):
            names, changed, undo = make_input(tmp, files, scale, seed + i)
            if inputs_only:
                h.update(repr(changed).encode())
            else:
                out = manifest_digests(tmp, names)
                h.update(repr(sorted(out.items())).encode())
            for name, offset, data in reversed(undo):
                patch(os.path.join(tmp, name), offset, data)
    print(h.hexdigest())


if __name__ == "__main__":
    main()
