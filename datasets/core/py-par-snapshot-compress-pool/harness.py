import hashlib
import random
import sys

from solution import compress_chunks


def build(scale):
    rng = random.Random(808)
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randrange(3, 9))) for _ in range(300)]
    chunks = []
    for i in range(scale):
        size = rng.randrange(256, 2048)
        if i % 7 == 3:
            chunks.append(rng.randbytes(size))
        else:
            buf = bytearray()
            while len(buf) < size:
                buf += rng.choice(words) + b" "
            chunks.append(bytes(buf[:size]))
    return chunks


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    chunks = build(scale)
    out = None
    for _ in range(iterations):
        out = compress_chunks(chunks)
    h = hashlib.sha256()
    for flag, payload in out:
        h.update(b"1" if flag else b"0")
        h.update(len(payload).to_bytes(4, "big"))
        h.update(payload)
    print(h.hexdigest())


if __name__ == "__main__":
    main()
