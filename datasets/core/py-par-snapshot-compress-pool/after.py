"""Compression of snapshot chunks before upload."""

import threading
import zlib

LEVEL = 1


def _compress_range(chunks, results, start, stop):
    for i in range(start, stop):
        data = chunks[i]
        packed = zlib.compress(data, LEVEL)
        # Fall back to storing the chunk raw when compression does not pay.
        if len(packed) >= len(data):
            results[i] = (False, data)
        else:
            results[i] = (True, packed)


def compress_chunks(chunks, max_workers=4):
    """Compress every chunk concurrently (zlib releases the GIL).

    Returns a list of (compressed, payload) in the order of chunks.
    """
    results = [None] * len(chunks)
    n = len(chunks)
    workers = max(1, min(max_workers, n))
    # Start a fixed set of workers, each owning a contiguous slice of the
    # chunks, rather than one short-lived thread per chunk.
    step = -(-n // workers)
    threads = [
        threading.Thread(target=_compress_range, args=(chunks, results, lo, min(lo + step, n)))
        for lo in range(0, n, step)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
