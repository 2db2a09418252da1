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


# The accounts being scored, handed to each worker once when it starts
# (inherited, not pickled, where workers are forked).
_accounts = None


def _init_worker(accounts):
    global _accounts
    _accounts = accounts


def _score_range(start, stop):
    return [_risk_score(_accounts[i]) for i in range(start, stop)]


def score_accounts(accounts):
    """Return [(account_id, score)] in input order."""
    # Scoring is pure Python, so threads would only take turns on the GIL:
    # use one worker process per CPU this process may run on, each scoring
    # a contiguous range of accounts.
    n = len(accounts)
    workers = min(len(os.sched_getaffinity(0)), n // MIN_ACCOUNTS_PER_WORKER)
    if workers <= 1:
        return [_risk_score(account) for account in accounts]
    bounds = [n * w // workers for w in range(workers + 1)]
    scores = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(accounts,)) as pool:
        for part in pool.map(_score_range, bounds[:-1], bounds[1:]):
            scores.extend(part)
    return scores
