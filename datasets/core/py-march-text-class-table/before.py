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


def byte_class_profile(docs):
    """For each document (bytes), count its bytes per class in CLASSES.

    Returns a list of tuples, one per document, ordered like CLASSES.
    """
    profiles = []
    for doc in docs:
        counts = [0] * len(CLASSES)
        for b in doc:
            counts[_classify(b)] += 1
        profiles.append(tuple(counts))
    return profiles
