"""Batch risk scoring of accounts."""

import os
from concurrent.futures import ProcessPoolExecutor

WEIGHTS = (3, -2, 5, 1, -4, 2, 7, -1)

# With fewer accounts than this per worker, starting the worker processes
# costs more than scoring the accounts in this one.
MIN_ACCOUNTS_PER_WORKER = 2000


def _risk_score(account):
    """Integer risk score of one account from its recent transactions."""
    account_id, amounts = account
    score = 0
    prev = 0
    for i, amount in enumerate(amounts):
        w = WEIGHTS[i % len(WEIGHTS)]
        delta = amount - prev
        score += w * (delta if delta > 0 else -delta) // 100
        if amount > 500_000:
            score += 50
        prev = amount
    return account_id, score


# The accounts being scored, handed to each worker process once when it
# starts (inherited, not pickled, where workers are forked).
_accounts = None


def _init_worker(accounts):
    global _accounts
    _accounts = accounts


def _score_range(start, stop):
    # Only the scores go back to the caller, which has the ids already.
    return [_risk_score(_accounts[i])[1] for i in range(start, stop)]


def score_accounts(accounts):
    """Return [(account_id, score)] in input order."""
    # Scoring is pure Python, so threads would only take turns on the GIL.
    # Split the accounts into one contiguous range per CPU this process may
    # run on: worker processes score all ranges but the last, which this
    # process scores itself instead of waiting idle.
    n = len(accounts)
    workers = min(len(os.sched_getaffinity(0)), n // MIN_ACCOUNTS_PER_WORKER)
    if workers <= 1:
        return [_risk_score(account) for account in accounts]
    bounds = [n * w // workers for w in range(workers + 1)]
    with ProcessPoolExecutor(max_workers=workers - 1, initializer=_init_worker,
                             initargs=(accounts,)) as pool:
        parts = pool.map(_score_range, bounds[:-2], bounds[1:-1])
        last = [_risk_score(account)[1] for account in accounts[bounds[-2]:]]
        scores = [score for part in parts for score in part]
    scores += last
    return [(account[0], score) for account, score in zip(accounts, scores)]
