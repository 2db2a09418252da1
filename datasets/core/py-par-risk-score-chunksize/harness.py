import hashlib
import random
import sys

from solution import score_accounts


def build(scale):
    rng = random.Random(1701)
    return [
        ("acct-%06d" % i, tuple(rng.randrange(100, 900_000) for _ in range(rng.randrange(10, 60))))
        for i in range(scale)
    ]


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
