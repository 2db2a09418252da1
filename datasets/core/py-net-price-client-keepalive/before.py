"""Client for the internal pricing service's HTTP API."""

import http.client
import json


class PricingError(RuntimeError):
    pass


def _get_json(host, port, path, timeout):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            raise PricingError("GET %s: HTTP %d" % (path, resp.status))
        return json.loads(body)
    finally:
        conn.close()


def fetch_prices(host, port, skus, timeout=5.0):
    """Look up the current price of every SKU.

    Returns {sku: price in cents}; SKUs the service does not know are
    left out.
    """
    prices = {}
    for sku in skus:
        doc = _get_json(host, port, "/v1/prices/%s" % sku, timeout)
        if doc.get("found"):
            prices[sku] = int(doc["price_cents"])
    return prices
