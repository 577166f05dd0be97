# Distance from every point to its nearest centre, broadcasting (N, M, D) at once.
# chunk_pairwise_min.py, chunked as `npmem peak chunk_pairwise_min.py` advises (its predicted peak is checked against this one's).
import numpy as np

N = 8_000
M = 250
D = 16

rng = np.random.default_rng(41)
X = rng.random((N, D))
C = rng.random((M, D))
nearest = np.empty((8000,), dtype="float64")
for s in range(0, 8000, 128):
    nearest[s:s + 128] = np.sqrt(((X[s:s + 128][:, None, :] - C[None, :, :]) ** 2).sum(-1)).min(1)
score = nearest.mean()
