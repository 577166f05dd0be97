# Spread statistics on float64, float32 and integer data, with axis and ddof.
# golden-sizes: N=150000; N=300000
import numpy as np

N = 60_000
D = 50

rng = np.random.default_rng(18)
X = rng.standard_normal((N, D))
X32 = X.astype(np.float32)
counts = rng.integers(0, 50, size=(N, D), dtype=np.int16)

col_std = X.std(axis=0)
row_var = X.var(axis=1, ddof=1)
overall = X32.std()
precise = X32.std(dtype=np.float64)
count_var = counts.var(axis=0)
count_mean = counts.mean(axis=0, keepdims=True)
spread = np.std(X, axis=0, keepdims=True)
