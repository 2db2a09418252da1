"""perfcon harness. usage: harness.py ITERATIONS SCALE SEED [inputs]"""
import sys
import hashlib
import random
import markdown
from markdown.postprocessors import RawHtmlPostprocessor


def build_base(scale):
    md = markdown.Markdown()
    tags = ['div', 'span', 'table', 'em', 'section', 'b']
    for i in range(scale):
        t = tags[i % len(tags)]
        md.htmlStash.store('<%s class="c%d">block %d</%s>' % (t, i, i, t))
    pp = RawHtmlPostprocessor(md)
    return md, pp


def make_input(base, scale, rng):
    md, pp = base
    parts = []
    for j in range(max(1, scale // 20)):
        k = rng.randrange(scale)
        ph = md.htmlStash.get_placeholder(k)
        if rng.random() < 0.5:
            parts.append('<p>%s</p>' % ph)
        else:
            parts.append('<p>text %d %s more</p>' % (j, ph))
    return pp, '\n'.join(parts)


def call(inp):
    pp, text = inp
    out = pp.run(text)
    return hashlib.sha256(out.encode()).hexdigest()


def fold_input(inp):
    return hashlib.sha256(inp[1].encode()).hexdigest()


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
