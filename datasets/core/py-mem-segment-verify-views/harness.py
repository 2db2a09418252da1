import hashlib
import random
import struct
import sys
import zlib

from solution import verify_segments

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
    # A segment of SCALE records of 64-512 KiB, every fifth one with a bad
    # checksum. The segment is a bytearray so that an iteration can change a
    # few bytes of it in place instead of copying tens of megabytes; returns
    # it with each record's (header offset, payload length).
    rng = random.Random(5150)
    parts = [b"TSDBSEG1"]
    records = []
    pos = 8
    for i in range(scale):
        payload = rng.randbytes(rng.randrange(64 * 1024, 512 * 1024))
        crc = zlib.crc32(payload)
        if i % 5 == 2:
            crc ^= 1
        parts.append(struct.pack("<II", len(payload), crc))
        parts.append(payload)
        records.append((pos, len(payload)))
        pos += 8 + len(payload)
    return bytearray(b"".join(parts)), records


def make_input(records, scale, seed):
    """The edits that turn the base segment into this iteration's: about 2%
    of the records (at least one) get a bit of their stored checksum
    flipped, and one record a payload byte, drawn from Random(seed). Each
    edit is an XOR (position, mask), so applying the list twice restores the
    base segment."""
    rng = random.Random(seed)
    edits = []
    for _ in range(max(1, scale // 50)):
        header, _ = rng.choice(records)
        edits.append((header + 4 + rng.randrange(4), 1 << rng.randrange(8)))
    header, length = rng.choice(records)
    edits.append((header + 8 + rng.randrange(length), rng.randrange(1, 256)))
    return edits


def apply_edits(blob, edits):
    for pos, mask in edits:
        blob[pos] ^= mask


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    blob, records = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        edits = make_input(records, scale, seed + i)
        apply_edits(blob, edits)
        if inputs_only:
            h.update(repr(edits).encode())
        else:
            out = verify_segments(blob)
            h.update(repr(out).encode())
        apply_edits(blob, edits)
    print(h.hexdigest())


if __name__ == "__main__":
    main()
