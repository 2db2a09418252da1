import hashlib
import random
import sys

from solution import block_check_chars

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


def build(scale):
    # SCALE KiB of firmware, plus an odd tail so the last block is short.
    rng = random.Random(0xB007)
    return rng.randbytes(scale * 1024 + 1237)


def make_input(base, scale, seed):
    """This iteration's image and block size: a copy of the base image with
    one byte in every 64 KiB or so changed at random (Random(seed)), cut in
    4096-byte blocks for an even seed and 1000-byte ones for an odd one, so
    that consecutive iterations alternate the two."""
    rng = random.Random(seed)
    image = bytearray(base)
    changed = []
    for _ in range(max(1, scale // 64)):
        pos = rng.randrange(len(image))
        image[pos] ^= rng.randrange(1, 256)
        changed.append((pos, image[pos]))
    block_size = 4096 if seed % 2 == 0 else 1000
    return bytes(image), block_size, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        image, block_size, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr((block_size, changed)).encode())
            continue
        out = block_check_chars(image, block_size)
        h.update(b"%d:" % block_size)
        h.update(bytes(out))
    print(h.hexdigest())


if __name__ == "__main__":
    main()
