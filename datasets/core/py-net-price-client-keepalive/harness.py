import hashlib
import http.server
import json
import random
import sys
import threading

from solution import fetch_prices


def make_catalog():
    rng = random.Random(555)
    return {"SKU-%05d" % i: rng.randrange(99, 250_000) for i in range(0, 4000, 3)}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1
    catalog = {}

    def do_GET(self):
        sku = self.path.rsplit("/", 1)[-1]
        price = self.catalog.get(sku)
        doc = {"sku": sku, "found": price is not None}
        if price is not None:
            doc["price_cents"] = price
        body = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def main():
    iterations = int(sys.argv[1])
    scale = int(sys.argv[2])
    Handler.catalog = make_catalog()
    rng = random.Random(556)
    skus = ["SKU-%05d" % rng.randrange(4000) for _ in range(scale)]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address
        out = None
        for _ in range(iterations):
            out = fetch_prices(host, port, skus)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(hashlib.sha256(repr(sorted(out.items())).encode()).hexdigest())


if __name__ == "__main__":
    main()
