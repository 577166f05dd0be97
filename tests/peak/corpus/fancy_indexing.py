# Fancy indexing copies: row/column selection, take, and indexed updates.
# golden-sizes: N=250000; N=600000
import numpy as np

N = 100_000
D = 40
B = 50_000

rng = np.random.default_rng(30)
X = rng.standard_normal((N, D))
batch = rng.integers(0, N, size=B)
Xb = X[batch]
cols = [0, 3, 5, 7]
Xc = X[:, cols]
Xt = np.take(X, batch, axis=0)
X[batch] += 1.0
X[:, 0] = 0.0
firsts = X[[0, 1, 2]]
