import hashlib
import random
import struct
import sys
import zlib

from solution import verify_segments


def build(scale):
    rng = random.Random(5150)
    parts = [b"TSDBSEG1"]
    for i in range(scale):
        payload = rng.randbytes(rng.randrange(64 * 1024, 512 * 1024))
        crc = zlib.crc32(payload)
        if i % 5 == 2:
            crc ^= 1
        parts.append(struct.pack("<II", len(payload), crc))
        parts.append(payload)
    return b"".join(parts)


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    blob = build(scale)
    out = None
    for _ in range(iterations):
        out = verify_segments(blob)
    print(hashlib.sha256(repr(out).encode()).hexdigest())


if __name__ == "__main__":
    main()
