"""Hourly request statistics from the proxy's access log."""

from datetime import datetime

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _parse_line(line):
    ts, method, path, status, size = line.split(" ")
    when = datetime.strptime(ts, TIMESTAMP_FORMAT)
    return when, method, path, int(status), int(size)


def bucket_requests(lines):
    """Aggregate access-log lines into per-hour, per-status-class buckets.

    Returns a dict mapping (hour, status class) to [request count, bytes
    sent], where hour is an ISO string truncated to the hour and status
    class is e.g. "2xx". Blank lines and comments are skipped.
    """
    buckets = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        when, _method, _path, status, size = _parse_line(line)
        hour = when.replace(minute=0, second=0).isoformat()
        key = (hour, "%dxx" % (status // 100))
        entry = buckets.get(key)
        if entry is None:
            buckets[key] = [1, size]
        else:
            entry[0] += 1
            entry[1] += size
    return buckets
