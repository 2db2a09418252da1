#!/usr/bin/python3
"""Reference values for package stats' tests, computed by statsmodels.

Run from this directory with Debian bookworm's python3-statsmodels
(0.13.5) and python3-scipy (1.10.1):

    /usr/bin/python3 reference.py > reference.tsv

Each line is a function name, its arguments and its results, tab-separated;
a vector is comma-separated.
"""

import scipy
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

print(f"# statsmodels {statsmodels.__version__}, scipy {scipy.__version__}: "
      "reference.py > reference.tsv")

# (k, n) for a 95% Wilson interval; k may be fractional, a mean share times n.
for k, n in [(0, 6), (3, 6), (6, 6), (1, 6), (21, 40), (30, 40), (10, 40),
             (1, 1), (0, 1), (17, 48), (12.5, 40), (0, 100), (99, 100),
             (250, 1000)]:
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    print(f"wilson\t{k!r}\t{n!r}\t{lo!r}\t{hi!r}")

# Discordant counts (b, c); the concordant cells don't enter the exact test.
for b, c in [(0, 0), (6, 0), (5, 0), (10, 0), (19, 11), (30, 10), (20, 0),
             (0, 20), (3, 4), (1, 0), (12, 3), (21, 19), (100, 70), (0, 30)]:
    p = mcnemar([[7, b], [c, 9]], exact=True).pvalue
    print(f"mcnemar\t{b}\t{c}\t{p!r}")

for method, name in [("fdr_bh", "bh"), ("holm", "holm")]:
    for p in [[0.01, 0.04, 0.03, 0.005, 0.2],
              [0.5, 0.001, 0.02, 0.02, 0.9, 0.04, 0.3, 0.011],
              [0.6, 0.7, 0.8]]:
        adj = multipletests(p, method=method)[1]
        print(f"{name}\t{','.join(repr(x) for x in p)}\t"
              f"{','.join(repr(float(x)) for x in adj)}")
