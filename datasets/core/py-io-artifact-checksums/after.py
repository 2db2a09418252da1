"""Content digests for the files listed in a release manifest."""

import hashlib
import os

CHUNK_SIZE = 256 * 1024


def _file_digest(path):
    h = hashlib.sha1()
    size = 0
    # One reusable buffer: large reads, bounded memory, no per-chunk bytes.
    buf = bytearray(CHUNK_SIZE)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            size += n
            h.update(view[:n])
    return h.hexdigest(), size


def manifest_digests(root, names):
    """Return {name: (sha1 hex, size in bytes)} for each file under root."""
    result = {}
    for name in names:
        result[name] = _file_digest(os.path.join(root, name))
    return result
