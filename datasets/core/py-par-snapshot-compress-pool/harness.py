import hashlib
import random
import sys

from solution import compress_chunks


def build(scale):
    # SCALE snapshot chunks of 32-96 KiB: text cut from a corpus of words,
    # and every seventh one incompressible.
    rng = random.Random(808)
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randrange(3, 9))) for _ in range(300)]
    corpus = b" ".join(rng.choices(words, k=1 << 16))
    chunks = []
    for i in range(scale):
        size = rng.randrange(32 << 10, 96 << 10)
        if i % 7 == 3:
            chunks.append(rng.randbytes(size))
        else:
            start = rng.randrange(len(corpus) - size)
            chunks.append(corpus[start:start + size])
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
