"""Block check characters for firmware images sent over the boot link.

The bootloader verifies every block with a one-byte BCC, the XOR of all
bytes in the block.
"""


def _bcc(block):
    # Fold the whole block as one wide integer instead of walking it a byte
    # at a time: each step XORs the upper half onto the lower half, so the
    # interpreter runs a handful of word-wide XORs over a shrinking integer
    # and the last byte left is the XOR of every byte (XOR is associative).
    x = int.from_bytes(block, "little")
    shift = 8
    while shift < len(block) * 8:
        shift <<= 1
    while shift > 8:
        shift >>= 1
        x = (x >> shift) ^ (x & ((1 << shift) - 1))
    return x & 0xFF


def block_check_chars(image, block_size=4096):
    """Return the BCC of each block_size slice of image (last may be short)."""
    if block_size <= 0:
        raise ValueError("block_size must be positive")
    view = memoryview(image)
    return [_bcc(view[off:off + block_size]) for off in range(0, len(view), block_size)]
