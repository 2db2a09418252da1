"""Client for the quota store's line protocol.

Requests are "GET <key>\\n"; the store answers each with one line,
either "VAL <integer>" or "NIL", in the order the requests arrived.
"""

# Requests in flight at once; keeps both socket buffers far from full.
PIPELINE_DEPTH = 128


class QuotaProtocolError(RuntimeError):
    pass


def _parse_reply(key, line):
    if not line:
        raise QuotaProtocolError("connection closed while waiting for %r" % key)
    line = line.rstrip(b"\r\n")
    if line == b"NIL":
        return None
    if line.startswith(b"VAL "):
        return int(line[4:])
    raise QuotaProtocolError("unexpected reply for %r: %r" % (key, line))


def fetch_quotas(sock, tenant_ids):
    """Return {tenant_id: remaining quota} over an open connection.

    Tenants without a quota entry are reported as None.
    """
    reader = sock.makefile("rb")
    try:
        quotas = {}
        tenant_ids = list(tenant_ids)
        for start in range(0, len(tenant_ids), PIPELINE_DEPTH):
            batch = tenant_ids[start:start + PIPELINE_DEPTH]
            keys = ["quota:%s" % tenant for tenant in batch]
            # Send the whole batch in one write, then read the replies,
            # which the store returns in request order.
            sock.sendall(b"".join(b"GET " + key.encode("ascii") + b"\n" for key in keys))
            for tenant, key in zip(batch, keys):
                quotas[tenant] = _parse_reply(key, reader.readline())
        return quotas
    finally:
        reader.close()
