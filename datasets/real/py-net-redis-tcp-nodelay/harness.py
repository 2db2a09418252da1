# perfcon harness for redis-py's Connection._connect (TCP_NODELAY on the
# client socket). usage: harness.py ITERATIONS SCALE SEED [inputs]
#
# A small RESP server runs in this process on 127.0.0.1 (a thread per
# connection, answering every complete command a read brought in with one
# write, on a socket without Nagle delays, as a real Redis does). Each
# iteration opens a fresh StrictRedis client (so the code under test makes
# its connection), writes SCALE values, a third of them larger than the
# 6000 bytes redis-py sends as a separate chunk, reads them back, and
# closes the connection.
import hashlib
import random
import socket
import socketserver
import sys
import threading

import redis

USAGE = "usage: harness.py ITERATIONS SCALE SEED [inputs]"


class RespHandler(socketserver.BaseRequestHandler):
    """SET, GET and DEL over RESP, one store per connection."""

    def handle(self):
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        store = {}
        buf = bytearray()
        while True:
            data = sock.recv(262144)
            if not data:
                return
            buf += data
            replies = []
            while True:
                cmd, used = parse_command(buf)
                if cmd is None:
                    break
                del buf[:used]
                replies.append(execute(store, cmd))
            if replies:
                sock.sendall(b"".join(replies))


def parse_command(buf):
    """One complete RESP array of bulk strings at the head of buf, and the
    bytes it takes; (None, 0) when it is not all there yet."""
    end = buf.find(b"\r\n")
    if end < 0:
        return None, 0
    if buf[0:1] != b"*":
        raise ValueError("bad request")
    n = int(buf[1:end])
    pos = end + 2
    args = []
    for _ in range(n):
        end = buf.find(b"\r\n", pos)
        if end < 0:
            return None, 0
        size = int(buf[pos + 1:end])
        start = end + 2
        if len(buf) < start + size + 2:
            return None, 0
        args.append(bytes(buf[start:start + size]))
        pos = start + size + 2
    return args, pos


def execute(store, cmd):
    name = cmd[0].upper()
    if name == b"SET":
        store[cmd[1]] = cmd[2]
        return b"+OK\r\n"
    if name == b"GET":
        v = store.get(cmd[1])
        if v is None:
            return b"$-1\r\n"
        return b"$%d\r\n%s\r\n" % (len(v), v)
    if name == b"DEL":
        n = sum(1 for k in cmd[1:] if store.pop(k, None) is not None)
        return b":%d\r\n" % n
    return b"-ERR unknown command\r\n"


def parse_args(argv):
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


def make_input(blob, scale, seed):
    """This iteration's writes: SCALE (key, value) pairs, the values cut from
    the shared blob at offsets drawn from Random(seed); every third one is
    8-12 KiB (sent by redis-py as header, value and trailer), the rest
    100-1000 bytes."""
    rng = random.Random(seed)
    items = []
    for j in range(scale):
        size = rng.randrange(8192, 12288) if j % 3 == 0 else rng.randrange(100, 1000)
        off = rng.randrange(len(blob) - size)
        items.append((b"k:%d:%d" % (j, rng.randrange(1 << 30)), blob[off:off + size]))
    return items


def main():
    iterations, scale, seed, inputs_only = parse_args(sys.argv)
    blob = random.Random(6379).randbytes(1 << 16)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), RespHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    host, port = server.server_address
    h = hashlib.sha256()
    try:
        for i in range(iterations):
            items = make_input(blob, scale, seed + i)
            if inputs_only:
                for k, v in items:
                    h.update(k)
                    h.update(b"%d" % len(v))
                h.update(b"|")
                continue
            client = redis.StrictRedis(host=host, port=port)
            for k, v in items:
                h.update(b"1" if client.set(k, v) else b"0")
            for k, _ in items:
                got = client.get(k)
                h.update(b"-" if got is None else got)
            h.update(b"%d" % client.delete(*[k for k, _ in items[:8]]))
            client.connection_pool.disconnect()
            h.update(b"|")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    print(h.hexdigest())


if __name__ == "__main__":
    main()
