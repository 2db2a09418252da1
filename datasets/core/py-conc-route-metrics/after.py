"""Per-route request metrics collected from the gateway's log shards."""

import threading


class RouteStats:
    """Thread-safe accumulator of request counts and latency per route."""

    def __init__(self):
        self._lock = threading.Lock()
        self._count = {}
        self._latency_ms = {}
        self._errors = {}

    def record(self, route, status, latency_ms):
        with self._lock:
            self._count[route] = self._count.get(route, 0) + 1
            self._latency_ms[route] = self._latency_ms.get(route, 0) + latency_ms
            if status >= 500:
                self._errors[route] = self._errors.get(route, 0) + 1

    def merge(self, count, latency_ms, errors):
        """Add pre-aggregated per-route totals under a single lock hold."""
        with self._lock:
            for route, n in count.items():
                self._count[route] = self._count.get(route, 0) + n
                self._latency_ms[route] = self._latency_ms.get(route, 0) + latency_ms[route]
            for route, n in errors.items():
                self._errors[route] = self._errors.get(route, 0) + n

    def snapshot(self):
        with self._lock:
            return {
                route: (n, self._latency_ms[route], self._errors.get(route, 0))
                for route, n in sorted(self._count.items())
            }


def _consume(shard, stats):
    # Aggregate the shard privately, then publish it with one lock hold
    # instead of taking the shared lock for every log line.
    count = {}
    latency = {}
    errors = {}
    for route, status, latency_ms in shard:
        count[route] = count.get(route, 0) + 1
        latency[route] = latency.get(route, 0) + latency_ms
        if status >= 500:
            errors[route] = errors.get(route, 0) + 1
    stats.merge(count, latency, errors)


def aggregate_shards(shards):
    """Fold every shard into one RouteStats, one thread per shard.

    Returns {route: (requests, total latency in ms, 5xx responses)}.
    """
    stats = RouteStats()
    threads = [threading.Thread(target=_consume, args=(shard, stats)) for shard in shards]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return stats.snapshot()
