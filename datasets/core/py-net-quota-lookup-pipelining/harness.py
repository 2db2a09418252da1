import hashlib
import random
import socket
import socketserver
import sys
import threading
from itertools import repeat

from solution import fetch_quotas

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"


class QuotaHandler(socketserver.BaseRequestHandler):
    """Serves GET lines the way a real store does: every request a read
    brought in is answered in one write, on a socket without Nagle delays."""

    store = {}
    # Added to every stored quota: the harness moves the quotas between
    # iterations, so quotas remembered from an earlier call are stale.
    offset = 0

    def handle(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pending = b""
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            lines = (pending + data).split(b"\n")
            pending = lines.pop()
            replies = []
            for line in lines:
                parts = line.split()
                if len(parts) != 2 or parts[0] != b"GET":
                    replies.append(b"ERR\n")
                    continue
                value = self.store.get(parts[1])
                replies.append(b"NIL\n" if value is None else b"VAL %d\n" % (value + self.offset))
            if replies:
                self.request.sendall(b"".join(replies))


def parse_args(argv):
    """ITERATIONS SCALE SEED [inputs] -> (iterations, scale, seed, inputs_only)."""
    try:
        if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
            raise ValueError
        iterations, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
        if iterations < 1 or scale < 1 or seed < 0:
            raise ValueError
    except ValueError:
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    return iterations, scale, seed, len(argv) == 5


def make_input(base, scale, seed):
    """This iteration's admission batch: a copy of the base tenant list with
    about 2% of the tenants (at least one) swapped for others, and the
    store's quota offset, drawn from Random(seed)."""
    rng = random.Random(seed)
    tenants = list(base)
    changed = []
    for _ in range(max(1, scale // 50)):
        pos = rng.randrange(len(tenants))
        tenants[pos] = "t%05d" % rng.randrange(5000)
        changed.append((pos, tenants[pos]))
    return tenants, rng.randrange(1, 10_000), changed


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    rng = random.Random(6379)
    QuotaHandler.store = {
        b"quota:t%05d" % i: rng.randrange(0, 100_000) for i in range(0, 5000) if rng.random() < 0.8
    }
    base = ["t%05d" % rng.randrange(5000) for _ in range(scale)]
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), QuotaHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    sock = socket.create_connection(server.server_address)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    h = hashlib.sha256()
    try:
        for i in range(iterations):
            tenants, QuotaHandler.offset, changed = make_input(base, scale, seed + i)
            if inputs_only:
                h.update(repr((QuotaHandler.offset, changed)).encode())
                continue
            out = fetch_quotas(sock, tenants)
            # The quota of every tenant asked for, in request order, and the
            # number of entries: that pins the whole dict down without
            # sorting it.
            h.update(repr((len(out), list(map(out.get, tenants, repeat("?"))))).encode())
    finally:
        sock.close()
        server.shutdown()
        server.server_close()
        thread.join()
    print(h.hexdigest())


if __name__ == "__main__":
    main()
