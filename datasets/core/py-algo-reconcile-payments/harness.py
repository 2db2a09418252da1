import hashlib
import random
import sys
from collections import namedtuple

from solution import reconcile

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"

Invoice = namedtuple("Invoice", "invoice_id customer reference amount_cents")
Payment = namedtuple("Payment", "payment_id reference amount_cents")


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


def random_payment(rng, invoices, scale, payment_id):
    # Three payments in four settle an invoice (its reference, maybe with
    # different spacing or case, and its amount); the rest match nothing.
    if rng.random() < 0.75:
        inv = rng.choice(invoices)
        return Payment(payment_id, inv.reference.strip(), inv.amount_cents)
    return Payment(payment_id, "INV-%05d" % rng.randrange(scale * 2), rng.randrange(100, 500000))


def build(scale):
    # The statement run every iteration starts from: SCALE open invoices and
    # SCALE incoming payments.
    rng = random.Random(20240611)
    refs = ["INV-%05d" % rng.randrange(scale * 2) for _ in range(scale // 3 + 1)]
    invoices = []
    for i in range(scale):
        ref = rng.choice(refs)
        if rng.random() < 0.3:
            ref = " " + ref.lower() + " "
        amount = rng.choice((1999, 2500, 4999, 10000, rng.randrange(100, 500000)))
        invoices.append(Invoice("I%06d" % i, "C%04d" % rng.randrange(500), ref, amount))
    payments = [random_payment(rng, invoices, scale, "P%06d" % j) for j in range(scale)]
    return invoices, payments


def make_input(base, scale, seed):
    """The statement of one iteration: a copy of the base with about 2% of
    the payments and 1% of the invoice amounts redrawn from Random(seed)."""
    invoices, payments = base
    rng = random.Random(seed)
    invoices = list(invoices)
    payments = list(payments)
    changed = []
    for _ in range(max(1, scale // 100)):
        i = rng.randrange(len(invoices))
        invoices[i] = invoices[i]._replace(amount_cents=rng.choice((1999, 2500, 4999, 10000)))
        changed.append(invoices[i])
    for _ in range(max(1, scale // 50)):
        j = rng.randrange(len(payments))
        payments[j] = random_payment(rng, invoices, scale, payments[j].payment_id)
        changed.append(payments[j])
    return invoices, payments, changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    base = build(scale)
    h = hashlib.sha256()
    for i in range(iterations):
        invoices, payments, changed = make_input(base, scale, seed + i)
        if inputs_only:
            h.update(repr(changed).encode())
            continue
        result = reconcile(invoices, payments)
        # hash() of every pair and id depends on all of them and costs a
        # fraction of the call, unlike repr() (str hashing is stable: the
        # runner sets PYTHONHASHSEED=0).
        fingerprint = hash((
            tuple(map(tuple, result.matched)),
            tuple(result.open_invoices),
            tuple(result.unmatched_payments),
        ))
        h.update(b"%d %d %d %d\n" % (
            len(result.matched), len(result.open_invoices), len(result.unmatched_payments), fingerprint
        ))
    print(h.hexdigest())


if __name__ == "__main__":
    main()
