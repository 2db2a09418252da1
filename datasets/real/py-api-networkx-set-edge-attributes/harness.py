"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
import networkx as nx


def build_base(scale):
    r = random.Random(7)
    G = nx.gnm_random_graph(max(10, scale // 4), scale, seed=7)
    edges = list(G.edges())
    probe = [edges[r.randrange(len(edges))] for _ in range(64)]
    base_values = {e: (i * 7919) % 1000 for i, e in enumerate(edges)}
    return G, edges, probe, base_values


def make_input(base, scale, rng):
    G, edges, probe, base_values = base
    # one value per edge (a copy of the base mapping with a few values changed,
    # including some probed edges), plus keys for absent edges (ignored)
    values = dict(base_values)
    for k in range(5):
        values[edges[rng.randrange(len(edges))]] = 1000 + rng.randrange(1000)
        values[probe[rng.randrange(len(probe))]] = 2000 + rng.randrange(1000)
    for _ in range(5):
        values[(-1 - rng.randrange(100), -200)] = 1
    return G, values, probe


def call(inp):
    G, values, probe = inp
    nx.set_edge_attributes(G, values, name="w")
    adj = G._adj
    return "set", [adj[u][v]["w"] for u, v in probe]


def fold_input(inp):
    G, values, probe = inp
    return [values[e] for e in probe]


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "inputs"):
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    try:
        iters, scale, seed = int(argv[1]), int(argv[2]), int(argv[3])
    except ValueError:
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    if iters < 0 or scale < 1:
        sys.stderr.write("usage: harness.py ITERATIONS SCALE SEED [inputs]\n")
        return 2
    only_inputs = len(argv) == 5
    base = build_base(scale)
    h = hashlib.sha256()
    for i in range(iters):
        rng = random.Random(seed + i)
        inp = make_input(base, scale, rng)
        if only_inputs:
            h.update(repr(fold_input(inp)).encode())
        else:
            h.update(repr(call(inp)).encode())
        h.update(b"|")
    print(h.hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
