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

    def snapshot(self):
        with self._lock:
            return {
                route: (n, self._latency_ms[route], self._errors.get(route, 0))
                for route, n in sorted(self._count.items())
            }


def _consume(shard, stats):
    for route, status, latency_ms in shard:
        stats.record(route, status, latency_ms)


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
