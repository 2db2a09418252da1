"""Currency conversion of settlement batches into euro cents."""

import threading
from fractions import Fraction


class UnknownCurrency(KeyError):
    pass


class RateCache:
    """Caches exact conversion rates, loading each currency once."""

    def __init__(self, quotes):
        self._quotes = quotes
        self._lock = threading.Lock()
        self._rates = {}

    def _load(self, currency):
        try:
            quote = self._quotes[currency]
        except KeyError:
            raise UnknownCurrency(currency) from None
        rate = Fraction(quote).limit_denominator(10**6)
        return rate.numerator, rate.denominator

    def get(self, currency):
        with self._lock:
            rate = self._rates.get(currency)
            if rate is None:
                rate = self._load(currency)
                self._rates[currency] = rate
            return rate


def _to_eur_cents(amount_cents, num, den):
    # Round half to even, as the ledger does.
    q, r = divmod(amount_cents * num, den)
    twice = 2 * r
    if twice > den or (twice == den and q & 1):
        q += 1
    return q


def _convert(batch, cache, out, slot):
    total = 0
    fees = 0
    for amount_cents, currency in batch:
        num, den = cache.get(currency)
        eur = _to_eur_cents(amount_cents, num, den)
        if currency != "EUR":
            fees += max(25, eur * 15 // 10_000)
        total += eur
    out[slot] = (len(batch), total, fees)


def convert_batches(batches, quotes):
    """Convert each batch on its own thread; return [(lines, eur_cents, fx_fees)]."""
    cache = RateCache(quotes)
    out = [None] * len(batches)
    threads = [
        threading.Thread(target=_convert, args=(batch, cache, out, i))
        for i, batch in enumerate(batches)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out
