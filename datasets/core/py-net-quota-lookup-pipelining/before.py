"""Client for the quota store's line protocol.

Requests are "GET <key>\\n"; the store answers each with one line,
either "VAL <integer>" or "NIL", in the order the requests arrived.
"""


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
        for tenant in tenant_ids:
            key = "quota:%s" % tenant
            sock.sendall(b"GET " + key.encode("ascii") + b"\n")
            quotas[tenant] = _parse_reply(key, reader.readline())
        return quotas
    finally:
        reader.close()
