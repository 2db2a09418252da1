import hashlib
import random
import sys
from array import array

from solution import score_accounts


def build(scale):
    # Each account's recent transaction amounts, in cents, as a compact
    # array the way the ledger export delivers them: 10 to 59 amounts
    # below 2**20 (about 10,500 units).
    rng = random.Random(1701)
    lengths = rng.randbytes(scale).translate(bytes(10 + b % 50 for b in range(256)))
    raw = bytearray(rng.randbytes(4 * sum(lengths)))
    raw[3::4] = bytes(len(raw) // 4)
    raw[2::4] = raw[2::4].translate(bytes(b & 0x0F for b in range(256)))
    amounts = array("I", raw)
    if sys.byteorder != "little":
        amounts.byteswap()
    accounts = []
    pos = 0
    for i, n in enumerate(lengths):
        accounts.append(("acct-%06d" % i, amounts[pos:pos + n]))
        pos += n
    return accounts


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    accounts = build(scale)
    out = None
    for _ in range(iterations):
        out = score_accounts(accounts)
    print(hashlib.sha256(repr(out).encode()).hexdigest())


if __name__ == "__main__":
    main()
