"""Integrity checks for packed segment files.

A segment file is a 8-byte magic followed by records of
    u32 length | u32 crc32 of payload | payload (length bytes)
all little-endian.
"""

import struct
import zlib

MAGIC = b"TSDBSEG1"
RECORD_HEADER = struct.Struct("<II")


class CorruptSegment(ValueError):
    pass


def verify_segments(blob):
    """Check every record of a segment file held in memory.

    Returns (number of records, total payload bytes, indexes of records
    whose checksum does not match).
    """
    if blob[:len(MAGIC)] != MAGIC:
        raise CorruptSegment("bad magic")
    # Work on a zero-copy view: headers are read in place and payloads are
    # checksummed through slices of the view, never copied out of the blob.
    view = memoryview(blob)[len(MAGIC):]
    end = len(view)
    pos = 0
    records = 0
    payload_bytes = 0
    bad = []
    while pos < end:
        if end - pos < RECORD_HEADER.size:
            raise CorruptSegment("truncated record header")
        length, crc = RECORD_HEADER.unpack_from(view, pos)
        pos += RECORD_HEADER.size
        if end - pos < length:
            raise CorruptSegment("truncated payload in record %d" % records)
        if zlib.crc32(view[pos:pos + length]) != crc:
            bad.append(records)
        records += 1
        payload_bytes += length
        pos += length
    return records, payload_bytes, bad
