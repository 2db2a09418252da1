"""Compression of snapshot chunks before upload."""

import threading
import zlib

LEVEL = 1


def _compress_one(chunks, results, i):
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
    pending = []
    for i in range(len(chunks)):
        t = threading.Thread(target=_compress_one, args=(chunks, results, i))
        t.start()
        pending.append(t)
        if len(pending) >= max_workers:
            pending.pop(0).join()
    for t in pending:
        t.join()
    return results
