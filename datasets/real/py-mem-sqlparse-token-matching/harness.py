"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
from sqlparse import sql
from sqlparse import tokens as T


def build_base(scale):
    # a flat TokenList of SCALE tokens (keywords, names, punctuation, whitespace)
    rng = random.Random(2021)
    kinds = [(T.Keyword, "SELECT"), (T.Keyword, "FROM"), (T.Keyword, "WHERE"),
             (T.Punctuation, ","), (T.Whitespace, " "), (T.Operator, "=")]
    toks = []
    for i in range(scale):
        if rng.random() < 0.5:
            ttype, value = kinds[rng.randrange(len(kinds))]
        else:
            ttype, value = T.Name, "col%d" % rng.randrange(scale)
        toks.append(sql.Token(ttype, value))
    return sql.TokenList(toks)


def make_input(base, scale, rng):
    # search from a random start in the first half for a Name token that lies a
    # few dozen tokens later (the target value is taken from the token list)
    start = rng.randrange(scale // 2)
    j = start + rng.randrange(60)
    while base.tokens[j].ttype is not T.Name:
        j += 1
    target = base.tokens[j].value
    return base, start, target


def call(inp):
    tlist, start, target = inp
    funcs = (lambda tk: tk.ttype is T.Name and tk.value == target,)
    idx, tok = tlist._token_matching(funcs, start)
    return idx, tok.value


def fold_input(inp):
    return inp[1], inp[2]


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
