import hashlib
import http.server
import json
import random
import sys
import threading

from solution import fetch_prices

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"


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


def make_catalog():
    # Every third SKU of 4000 has a price; the others are unknown.
    rng = random.Random(555)
    return {"SKU-%05d" % i: rng.randrange(99, 250_000) for i in range(0, 4000, 3)}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1
    catalog = {}
    # Added to every catalogue price: the harness reprices the catalogue
    # between iterations, so prices remembered from an earlier call are stale.
    price_offset = 0

    def do_GET(self):
        sku = self.path.rsplit("/", 1)[-1]
        price = self.catalog.get(sku)
        doc = {"sku": sku, "found": price is not None}
        if price is not None:
            doc["price_cents"] = price + self.price_offset
        body = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def make_input(base, scale, seed):
    """This iteration's lookup: a copy of the base cart with about 4% of the
    SKUs (at least two) swapped for others, mostly priced ones, and the
    catalogue's price offset, all drawn from Random(seed)."""
    rng = random.Random(seed)
    skus = list(base)
    for _ in range(max(2, scale // 25)):
        sku = rng.randrange(0, 4000, 3) if rng.random() < 0.8 else rng.randrange(4000)
        skus[rng.randrange(len(skus))] = "SKU-%05d" % sku
    return skus, rng.randrange(1, 10_000)


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    Handler.catalog = make_catalog()
    rng = random.Random(556)
    base = ["SKU-%05d" % rng.randrange(4000) for _ in range(scale)]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    h = hashlib.sha256()
    try:
        host, port = server.server_address
        for i in range(iterations):
            skus, Handler.price_offset = make_input(base, scale, seed + i)
            if inputs_only:
                h.update(repr((Handler.price_offset, skus)).encode())
                continue
            out = fetch_prices(host, port, skus)
            h.update(repr(sorted(out.items())).encode())
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(h.hexdigest())


if __name__ == "__main__":
    main()
