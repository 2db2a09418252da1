import hashlib
import random
import sys
from collections import namedtuple

from solution import reconcile

Invoice = namedtuple("Invoice", "invoice_id customer reference amount_cents")
Payment = namedtuple("Payment", "payment_id reference amount_cents")


def build(scale):
    rng = random.Random(20240611)
    refs = ["INV-%05d" % rng.randrange(scale * 2) for _ in range(scale // 3 + 1)]
    invoices = []
    for i in range(scale):
        ref = rng.choice(refs)
        if rng.random() < 0.3:
            ref = " " + ref.lower() + " "
        amount = rng.choice((1999, 2500, 4999, 10000, rng.randrange(100, 500000)))
        invoices.append(Invoice("I%06d" % i, "C%04d" % rng.randrange(500), ref, amount))
    payments = []
    for j in range(scale):
        if rng.random() < 0.75:
            inv = rng.choice(invoices)
            payments.append(Payment("P%06d" % j, inv.reference.strip(), inv.amount_cents))
        else:
            payments.append(
                Payment("P%06d" % j, "INV-%05d" % rng.randrange(scale * 2), rng.randrange(100, 500000))
            )
    return invoices, payments


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    invoices, payments = build(scale)
    h = hashlib.sha256()
    for _ in range(iterations):
        result = reconcile(invoices, payments)
        h.update(repr((result.matched, result.open_invoices, result.unmatched_payments)).encode())
    print(h.hexdigest())


if __name__ == "__main__":
    main()
