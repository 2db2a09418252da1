import hashlib
import random
import sys

from solution import convert_batches

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

QUOTES = {
    "EUR": "1", "USD": "0.9213", "GBP": "1.1572", "CHF": "1.0418", "SEK": "0.08731",
    "NOK": "0.08612", "DKK": "0.13406", "PLN": "0.23144", "CZK": "0.04012", "JPY": "0.006187",
}
CURRENCIES = sorted(QUOTES)


def parse_args(argv):
    """ITERATIONS SCALE SEED [inputs] -> (iterations, scale, seed, inputs_only)."""
    try:
        if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
            raise ValueError
        iterations, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
        if iterations < 1 or scale < 1 or seed < 0:
            raise ValueError
    except ValueError:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    return iterations, scale, seed, len(argv) == 5


def build(scale):
    # Six settlement batches of SCALE/6 (amount in cents, currency) lines.
    rng = random.Random(31337)
    batches = []
    for _ in range(6):
        batches.append(
            [(rng.randrange(50, 2_000_000), rng.choice(CURRENCIES)) for _ in range(max(1, scale // 6))]
        )
    return batches


def make_input(base, scale, seed):
    """This iteration's batches: copies of the base batches with about 0.5% of
    the lines redrawn from Random(seed)."""
    rng = random.Random(seed)
    batches = [list(batch) for batch in base]
    changed = []
    for _ in range(max(1, scale // 200)):
        batch = rng.choice(batches)
        line = (rng.randrange(50, 2_000_000), rng.choice(CURRENCIES))
        batch[rng.randrange(len(batch))] = line
        changed.append(line)
    return batches, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        batches, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        out = convert_batches(batches, QUOTES)
        h.update(repr(out).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
