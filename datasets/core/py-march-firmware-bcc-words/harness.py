import hashlib
import random
import sys

from solution import block_check_chars


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    rng = random.Random(0xB007)
    # scale KiB of firmware, plus an odd tail so the last block is short.
    image = rng.randbytes(scale * 1024 + 1237)
    out = []
    for i in range(iterations):
        out = block_check_chars(image, 4096 if i % 2 == 0 else 1000)
    print(hashlib.sha256(bytes(out)).hexdigest())


if __name__ == "__main__":
    main()
