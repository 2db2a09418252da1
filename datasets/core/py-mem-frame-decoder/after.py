"""Decoding of the length-prefixed frame stream sent by field agents.

Each frame is a 1-byte kind, a 2-byte big-endian payload length and the
payload itself. Kind 0 frames are keep-alives and carry no useful data.
"""

import struct

HEADER = struct.Struct(">BH")
KEEPALIVE = 0


class FrameError(ValueError):
    pass


def decode_frames(data, skip_keepalive=True):
    """Split a captured stream into a list of (kind, payload) tuples."""
    frames = []
    buf = bytes(data)
    end = len(buf)
    pos = 0
    while pos < end:
        if end - pos < HEADER.size:
            raise FrameError("truncated header: %d bytes left" % (end - pos))
        kind, length = HEADER.unpack_from(buf, pos)
        pos += HEADER.size
        if end - pos < length:
            raise FrameError("frame of kind %d wants %d bytes, %d left" % (kind, length, end - pos))
        start = pos
        pos += length
        if skip_keepalive and kind == KEEPALIVE:
            continue
        frames.append((kind, buf[start:pos]))
    return frames
