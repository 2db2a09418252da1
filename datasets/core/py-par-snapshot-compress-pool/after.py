"""Compression of snapshot chunks before upload."""

import os
import zlib
from concurrent.futures import ThreadPoolExecutor

LEVEL = 1


def _compress_one(data):
    packed = zlib.compress(data, LEVEL)
    # Fall back to storing the chunk raw when compression does not pay.
    if len(packed) >= len(data):
        return False, data
    return True, packed


def compress_chunks(chunks, max_workers=None):
    """Compress every chunk on up to max_workers threads, by default one
    per CPU this process may run on. zlib releases the GIL while it
    compresses, so the threads do run in parallel.

    Returns a list of (compressed, payload) in the order of chunks.
    """
    if max_workers is None:
        max_workers = len(os.sched_getaffinity(0))
    workers = min(max_workers, len(chunks))
    if workers <= 1:
        return [_compress_one(data) for data in chunks]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_compress_one, chunks))
