import hashlib
import random
import sys
import zlib

from solution import compress_chunks

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


def random_chunk(rng, corpus, incompressible):
    # A 32-96 KiB chunk: text cut from the corpus, or random bytes.
    size = rng.randrange(32 << 10, 96 << 10)
    if incompressible:
        return rng.randbytes(size)
    start = rng.randrange(len(corpus) - size)
    return corpus[start:start + size]


def build(scale):
    # SCALE snapshot chunks of 32-96 KiB: text cut from a corpus of words,
    # and every seventh one incompressible. Returns the chunks and the corpus.
    rng = random.Random(808)
    words = [bytes(rng.choices(b"abcdefghijklmnopqrstuvwxyz", k=rng.randrange(3, 9))) for _ in range(300)]
    corpus = b" ".join(rng.choices(words, k=1 << 16))
    chunks = [random_chunk(rng, corpus, i % 7 == 3) for i in range(scale)]
    return chunks, corpus


def make_input(base, scale, seed):
    """This snapshot's chunks: a copy of the base list with about 2% of the
    chunks (at least one) rewritten, drawn from Random(seed); a chunk keeps
    its kind (text or incompressible)."""
    chunks, corpus = base
    rng = random.Random(seed)
    chunks = list(chunks)
    changed = []
    for _ in range(max(1, scale // 50)):
        i = rng.randrange(len(chunks))
        chunks[i] = random_chunk(rng, corpus, i % 7 == 3)
        changed.append((i, len(chunks[i]), chunks[i][:16]))
    return chunks, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        chunks, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        out = compress_chunks(chunks)
        # Each payload's flag, length and CRC-32: that depends on every byte
        # and costs a small fraction of compressing (sha256 over all of it
        # would not).
        h.update(repr([(flag, len(payload), zlib.crc32(payload)) for flag, payload in out]).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
