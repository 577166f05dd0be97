# Pick a strategy by size: one shot when it fits a budget, else in chunks.
# golden-sizes: N=1500000; N=3000000
import numpy as np

N = 500_000
D = 8
BUDGET_MB = 400
CHUNK = 500_000

rng = np.random.default_rng(31)
X = rng.random((N, D))
needed = 3 * X.nbytes / 2**20
if needed <= BUDGET_MB:
    scores = np.log1p(X * X).sum(axis=1)
else:
    scores = np.empty(N)
    for start in range(0, N, CHUNK):
        part = X[start : start + CHUNK]
        scores[start : start + CHUNK] = np.log1p(part * part).sum(axis=1)
best = np.argsort(scores)[-10:]
