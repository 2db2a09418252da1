"""Cheap byte-level quality signals for crawled documents."""

CLASSES = ("alpha", "digit", "space", "punct", "control", "high")


def _classify(b):
    if 97 <= b <= 122 or 65 <= b <= 90:
        return 0
    if 48 <= b <= 57:
        return 1
    if b == 32 or 9 <= b <= 13:
        return 2
    if 33 <= b <= 126:
        return 3
    if b < 32 or b == 127:
        return 4
    return 5


# Byte -> class index, computed once. Classifying a document becomes a
# single table-driven translate() pass with no per-byte branches, followed
# by one count() per class.
_CLASS_TABLE = bytes(_classify(b) for b in range(256))
_CLASS_BYTES = [bytes((i,)) for i in range(len(CLASSES))]


def byte_class_profile(docs):
    """For each document (bytes), count its bytes per class in CLASSES.

    Returns a list of tuples, one per document, ordered like CLASSES.
    """
    profiles = []
    for doc in docs:
        classes = bytes(doc).translate(_CLASS_TABLE)
        profiles.append(tuple(classes.count(c) for c in _CLASS_BYTES))
    return profiles
