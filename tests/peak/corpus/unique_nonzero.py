# Categorical summaries: unique values, counts and positions of matches.
# golden-sizes: N=5000000; N=12000000
import numpy as np

N = 2_000_000

rng = np.random.default_rng(24)
codes = rng.integers(0, 500, size=N)
values = rng.standard_normal(N)

cats = np.unique(codes)
cats2, counts = np.unique(codes, return_counts=True)
hits = np.nonzero(values > 2.0)[0]
big = values[np.abs(values) > 1.5]
common = cats2[counts > counts.mean()]
