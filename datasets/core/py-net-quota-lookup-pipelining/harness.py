import hashlib
import random
import socket
import socketserver
import sys
import threading

from solution import fetch_quotas


class QuotaHandler(socketserver.BaseRequestHandler):
    """Serves GET lines the way a real store does: every request a read
    brought in is answered in one write, on a socket without Nagle delays."""

    store = {}

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
                replies.append(b"NIL\n" if value is None else b"VAL %d\n" % value)
            if replies:
                self.request.sendall(b"".join(replies))


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    rng = random.Random(6379)
    QuotaHandler.store = {
        b"quota:t%05d" % i: rng.randrange(0, 100_000) for i in range(0, 5000) if rng.random() < 0.8
    }
    tenants = ["t%05d" % rng.randrange(5000) for _ in range(scale)]
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), QuotaHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    sock = socket.create_connection(server.server_address)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        out = None
        for _ in range(iterations):
            out = fetch_quotas(sock, tenants)
    finally:
        sock.close()
        server.shutdown()
        server.server_close()
        thread.join()
    print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())


if __name__ == "__main__":
    main()
