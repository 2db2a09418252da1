"""Block check characters for firmware images sent over the boot link.

The bootloader verifies every block with a one-byte BCC, the XOR of all
bytes in the block.
"""


def _bcc(block):
    acc = 0
    for b in block:
        acc ^= b
    return acc


def block_check_chars(image, block_size=4096):
    """Return the BCC of each block_size slice of image (last may be short)."""
    if block_size <= 0:
        raise ValueError("block_size must be positive")
    view = memoryview(image)
    return [_bcc(view[off:off + block_size]) for off in range(0, len(view), block_size)]
