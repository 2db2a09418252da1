"""Compression of snapshot chunks before upload."""

import zlib

LEVEL = 1


def _compress_one(data):
    packed = zlib.compress(data, LEVEL)
    # Fall back to storing the chunk raw when compression does not pay.
    if len(packed) >= len(data):
        return False, data
    return True, packed


def compress_chunks(chunks):
    """Compress every chunk.

    Returns a list of (compressed, payload) in the order of chunks.
    """
    return [_compress_one(data) for data in chunks]
