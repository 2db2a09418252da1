"""Detection of double-booked meeting rooms."""

from collections import defaultdict


def _overlaps(a, b):
    return a[1] < b[2] and b[1] < a[2]


def find_conflicts(bookings):
    """Return every pair of bookings that hold the same room at the same time.

    bookings is an iterable of (booking_id, room, start, end) with times in
    minutes and start < end; touching intervals do not conflict. The result
    is a sorted list of (room, first_id, second_id) with first_id < second_id.
    """
    by_room = defaultdict(list)
    for booking_id, room, start, end in bookings:
        by_room[room].append((booking_id, start, end))

    conflicts = []
    for room, entries in by_room.items():
        for i in range(len(entries)):
            for j in range(i + 1, len(entries)):
                a = entries[i]
                b = entries[j]
                if _overlaps(a, b):
                    first, second = sorted((a[0], b[0]))
                    conflicts.append((room, first, second))
    conflicts.sort()
    return conflicts
