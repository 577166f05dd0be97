# Data-dependent sizes: every selection below keeps all its candidates (the bound is reached).
# golden-sizes: N=3000000; N=6000000
import numpy as np

N = 1_000_000

rng = np.random.default_rng(31)
x = rng.random(N) + 1.0
ids = rng.permutation(N)
grid = x.reshape(1000, N // 1000)

keep = x > 0.5
kept = x[keep]
del kept
levels = np.unique(x)
del levels
order_ids, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
del order_ids, first, inverse
where = np.argwhere(grid > 0.0)
del where
flat = np.flatnonzero(keep)
del flat
rows, cols = np.nonzero(grid)
del rows, cols
packed = np.compress(keep, x)
pulled = np.extract(keep, x)
