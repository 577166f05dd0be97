# Reductions with axis, keepdims and dtype, plus cumsum and diff.
# golden-sizes: N=200000; N=400000
import numpy as np

N = 80_000
D = 30

rng = np.random.default_rng(26)
X = rng.random((N, D))
col_sum = X.sum(axis=0)
row_mean = X.mean(axis=1, keepdims=True)
centered = X - row_mean
total32 = X.sum(dtype=np.float32)
prod = (X + 0.5).prod(axis=1)
best = X.argmax(axis=1)
lo, hi = X.min(axis=0), X.max(axis=0)
any_big = (X > 0.999).any(axis=1)
all_pos = np.all(X > 0, axis=0)
running = np.cumsum(X, axis=0)
steps = np.diff(running, axis=0)
