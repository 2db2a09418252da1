import hashlib
import random
import struct
import sys

from solution import decode_frames


def build(scale):
    rng = random.Random(7331)
    parts = []
    for _ in range(scale):
        kind = rng.choice((0, 1, 1, 2, 3, 7))
        length = 0 if kind == 0 else rng.randrange(8, 120)
        payload = bytes(rng.getrandbits(8) for _ in range(length))
        parts.append(struct.pack(">BH", kind, length) + payload)
    return b"".join(parts)


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    data = build(scale)
    h = hashlib.sha256()
    for _ in range(iterations):
        frames = decode_frames(data)
        h.update(str(len(frames)).encode())
        for kind, payload in frames:
            h.update(bytes((kind,)))
            h.update(payload)
    print(h.hexdigest())


if __name__ == "__main__":
    main()
