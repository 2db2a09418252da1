"""Detection of double-booked meeting rooms."""

import heapq
from collections import defaultdict


def find_conflicts(bookings):
    """Return every pair of bookings that hold the same room at the same time.

    bookings is an iterable of (booking_id, room, start, end) with times in
    minutes and start < end; touching intervals do not conflict. The result
    is a sorted list of (room, first_id, second_id) with first_id < second_id.
    """
    by_room = defaultdict(list)
    for booking_id, room, start, end in bookings:
        by_room[room].append((start, end, booking_id))

    conflicts = []
    for room, entries in by_room.items():
        # Sweep the room's bookings in start order, keeping a heap of the
        # ones still running. Only those can overlap the next booking, so
        # each booking is compared with its actual neighbours instead of
        # with every other booking of the room.
        entries.sort()
        active = []  # heap of (end, booking_id)
        for start, end, booking_id in entries:
            while active and active[0][0] <= start:
                heapq.heappop(active)
            for _other_end, other_id in active:
                if other_id < booking_id:
                    conflicts.append((room, other_id, booking_id))
                else:
                    conflicts.append((room, booking_id, other_id))
            heapq.heappush(active, (end, booking_id))
    conflicts.sort()
    return conflicts
