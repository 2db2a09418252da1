import hashlib
import random
import struct
import sys
from array import array
from operator import itemgetter

from solution import decode_frames

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

_kind = itemgetter(0)
_payload = itemgetter(1)


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


def random_frame(rng):
    # One encoded frame: kind, big-endian length, payload; kind 0 is a
    # keep-alive with no payload.
    kind = rng.choice((0, 1, 1, 2, 3, 7))
    length = 0 if kind == 0 else rng.randrange(8, 120)
    return struct.pack(">BH", kind, length) + rng.randbytes(length)


def build(scale):
    # A capture of SCALE frames, kept as the list of encoded frames.
    rng = random.Random(7331)
    return [random_frame(rng) for _ in range(scale)]


def make_input(base, scale, seed):
    """This iteration's capture: the base frames with about 1% of them
    (at least one) given a new kind and payload of the same length, drawn
    from Random(seed), joined into one stream. A keep-alive becomes a data
    frame with an empty payload."""
    rng = random.Random(seed)
    parts = list(base)
    changed = []
    for _ in range(max(1, scale // 100)):
        pos = rng.randrange(len(parts))
        length = len(parts[pos]) - 3
        parts[pos] = struct.pack(">BH", rng.choice((1, 2, 3, 7)), length) + rng.randbytes(length)
        changed.append(parts[pos])
    return b"".join(parts), changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        data, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(b"%d" % len(data))
            h.update(b"".join(changed))
            continue
        frames = decode_frames(data)
        # Every frame's kind, payload length and payload (payloads may be
        # any bytes-like object).
        payloads = list(map(_payload, frames))
        h.update(b"%d\n" % len(frames))
        h.update(bytes(map(_kind, frames)))
        h.update(array("I", map(len, payloads)))
        h.update(b"".join(payloads))
    print(h.hexdigest())


if __name__ == "__main__":
    main()
