"""Match incoming bank payments against open invoices."""

from collections import namedtuple

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
    open_invoices = list(invoices)
    matched = []
    unmatched_payments = []
    for pay in payments:
        ref = _normalise_reference(pay.reference)
        hit = None
        for idx, inv in enumerate(open_invoices):
            if (
                inv.amount_cents == pay.amount_cents
                and _normalise_reference(inv.reference) == ref
            ):
                hit = idx
                break
        if hit is None:
            unmatched_payments.append(pay.payment_id)
            continue
        inv = open_invoices.pop(hit)
        matched.append((inv.invoice_id, pay.payment_id))
    return Reconciliation(
        matched=matched,
        open_invoices=[inv.invoice_id for inv in open_invoices],
        unmatched_payments=unmatched_payments,
    )
