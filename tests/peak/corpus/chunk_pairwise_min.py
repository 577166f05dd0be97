# Distance from every point to its nearest centre, broadcasting (N, M, D) at once.
# chunk_pairwise_min_chunked.py is this script as `npmem peak` advises to chunk it.
import numpy as np

N = 8_000
M = 250
D = 16

rng = np.random.default_rng(41)
X = rng.random((N, D))
C = rng.random((M, D))
nearest = np.sqrt(((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)).min(1)
score = nearest.mean()
