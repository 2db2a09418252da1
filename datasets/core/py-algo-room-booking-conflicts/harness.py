import hashlib
import random
import sys

from solution import find_conflicts

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

DURATIONS = (15, 30, 30, 45, 60, 60, 90, 120)


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


def random_slot(rng):
    # A meeting on a weekday between 8:00 and 18:00, on the quarter hour.
    day = rng.randrange(5)
    start = day * 1440 + 8 * 60 + rng.randrange(0, 10 * 60, 15)
    return start, start + rng.choice(DURATIONS)


def build(scale):
    # A week of SCALE bookings over SCALE/100 rooms (up to 96).
    rng = random.Random(1618)
    rooms = ["room-%s-%02d" % (floor, n) for floor in "ABCDEFGH" for n in range(1, 13)]
    rooms = rooms[: max(1, scale // 100)]
    ids = rng.sample(range(10**6), scale)
    bookings = []
    for i in range(scale):
        start, end = random_slot(rng)
        bookings.append(("bk-%06d" % ids[i], rng.choice(rooms), start, end))
    return bookings, rooms


def make_input(base, scale, seed):
    """This iteration's week: a copy of the base with about 2% of the
    bookings moved to another slot (and some to another room), drawn from
    Random(seed)."""
    bookings, rooms = base
    rng = random.Random(seed)
    bookings = list(bookings)
    changed = []
    for _ in range(max(1, scale // 50)):
        i = rng.randrange(len(bookings))
        booking_id, room = bookings[i][0], bookings[i][1]
        if rng.random() < 0.3:
            room = rng.choice(rooms)
        start, end = random_slot(rng)
        bookings[i] = (booking_id, room, start, end)
        changed.append(bookings[i])
    return bookings, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        bookings, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        out = find_conflicts(bookings)
        # hash() of every (room, id, id) depends on all of them and costs a
        # fraction of the call, unlike repr() (str hashing is stable: the
        # runner sets PYTHONHASHSEED=0).
        h.update(b"%d %d\n" % (len(out), hash(tuple(map(tuple, out)))))
    print(h.hexdigest())


if __name__ == "__main__":
    main()
