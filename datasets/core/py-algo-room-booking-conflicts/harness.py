import hashlib
import random
import sys

from solution import find_conflicts


def build(scale):
    rng = random.Random(1618)
    rooms = ["room-%s-%02d" % (floor, n) for floor in "ABCDEFGH" for n in range(1, 13)]
    rooms = rooms[: max(1, scale // 100)]
    ids = rng.sample(range(10**6), scale)
    bookings = []
    for i in range(scale):
        day = rng.randrange(5)
        start = day * 1440 + 8 * 60 + rng.randrange(0, 10 * 60, 15)
        end = start + rng.choice((15, 30, 30, 45, 60, 60, 90, 120))
        bookings.append(("bk-%06d" % ids[i], rng.choice(rooms), start, end))
    return bookings


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    bookings = build(scale)
    out = None
    for _ in range(iterations):
        out = find_conflicts(bookings)
    h = hashlib.sha256(repr(out).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
