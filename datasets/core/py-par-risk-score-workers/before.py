"""Batch risk scoring of accounts."""

WEIGHTS = (3, -2, 5, 1, -4, 2, 7, -1)


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


def score_accounts(accounts):
    """Return [(account_id, score)] in input order."""
    return [_risk_score(account) for account in accounts]
