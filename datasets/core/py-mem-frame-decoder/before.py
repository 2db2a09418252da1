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
    while buf:
        if len(buf) < HEADER.size:
            raise FrameError("truncated header: %d bytes left" % len(buf))
        kind, length = HEADER.unpack(buf[:HEADER.size])
        buf = buf[HEADER.size:]
        if len(buf) < length:
            raise FrameError("frame of kind %d wants %d bytes, %d left" % (kind, length, len(buf)))
        payload = buf[:length]
        buf = buf[length:]
        if skip_keepalive and kind == KEEPALIVE:
            continue
        frames.append((kind, payload))
    return frames
