import hashlib
import random
import sys

from solution import convert_batches

QUOTES = {
    "EUR": "1", "USD": "0.9213", "GBP": "1.1572", "CHF": "1.0418", "SEK": "0.08731",
    "NOK": "0.08612", "DKK": "0.13406", "PLN": "0.23144", "CZK": "0.04012", "JPY": "0.006187",
}


def build(scale):
    rng = random.Random(31337)
    currencies = sorted(QUOTES)
    batches = []
    for _ in range(6):
        batches.append(
            [(rng.randrange(50, 2_000_000), rng.choice(currencies)) for _ in range(scale // 6)]
        )
    return batches


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    batches = build(scale)
    out = None
    for _ in range(iterations):
        out = convert_batches(batches, QUOTES)
    print(hashlib.sha256(repr(out).encode()).hexdigest())


if __name__ == "__main__":
    main()
