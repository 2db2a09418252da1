"""Content digests for the files listed in a release manifest."""

import hashlib
import os

CHUNK_SIZE = 1024


def _file_digest(path):
    h = hashlib.sha1()
    size = 0
    # Unbuffered, small reads keep memory flat even for huge artifacts.
    with open(path, "rb", buffering=0) as f:
        while True:
            chunk = f.read(CHUNK_SIZE)
            if not chunk:
                break
            size += len(chunk)
            h.update(chunk)
    return h.hexdigest(), size


def manifest_digests(root, names):
    """Return {name: (sha1 hex, size in bytes)} for each file under root."""
    result = {}
    for name in names:
        result[name] = _file_digest(os.path.join(root, name))
    return result
