"""Client for the internal pricing service's HTTP API."""

import http.client
import json


class PricingError(RuntimeError):
    pass


def _get_json(conn, path):
    conn.request("GET", path, headers={"Accept": "application/json"})
    resp = conn.getresponse()
    body = resp.read()
    if resp.status != 200:
        raise PricingError("GET %s: HTTP %d" % (path, resp.status))
    return json.loads(body)


def fetch_prices(host, port, skus, timeout=5.0):
    """Look up the current price of every SKU.

    Returns {sku: price in cents}; SKUs the service does not know are
    left out.
    """
    prices = {}
    # One persistent HTTP/1.1 connection for the whole lookup instead of a
    # TCP handshake and teardown per SKU.
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        for sku in skus:
            doc = _get_json(conn, "/v1/prices/%s" % sku)
            if doc.get("found"):
                prices[sku] = int(doc["price_cents"])
    finally:
        conn.close()
    return prices
