"""Match incoming bank payments against open invoices."""

from collections import defaultdict, deque, namedtuple

Invoice = namedtuple("Invoice", "invoice_id customer reference amount_cents")
Payment = namedtuple("Payment", "payment_id reference amount_cents")

Reconciliation = namedtuple("Reconciliation", "matched open_invoices unmatched_payments")


def _normalise_reference(ref):
    return ref.strip().upper()


def reconcile(invoices, payments):
    """Pair each payment with the oldest open invoice carrying the same
    reference and amount.

    Invoices are consumed in the order given, so when several invoices share
    a reference and amount, the earliest one is settled first. Returns the
    (invoice_id, payment_id) pairs in payment order, the ids of invoices that
    stay open (in input order) and the ids of payments that matched nothing.
    """
    invoices = list(invoices)
    # Index open invoices by (reference, amount); each bucket keeps input
    # order so popleft() yields the oldest candidate.
    index = defaultdict(deque)
    for pos, inv in enumerate(invoices):
        index[(_normalise_reference(inv.reference), inv.amount_cents)].append(pos)

    settled = set()
    matched = []
    unmatched_payments = []
    for pay in payments:
        bucket = index.get((_normalise_reference(pay.reference), pay.amount_cents))
        if not bucket:
            unmatched_payments.append(pay.payment_id)
            continue
        pos = bucket.popleft()
        settled.add(pos)
        matched.append((invoices[pos].invoice_id, pay.payment_id))
    return Reconciliation(
        matched=matched,
        open_invoices=[
            inv.invoice_id for pos, inv in enumerate(invoices) if pos not in settled
        ],
        unmatched_payments=unmatched_payments,
    )
