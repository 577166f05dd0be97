# Euclidean distances between two point sets by broadcasting (N, M, D).
# golden-sizes: N=1200; N=1500, M=1000
import numpy as np

N = 600
M = 500
D = 16

rng = np.random.default_rng(2)
A = rng.random((N, D))
B = rng.random((M, D))

diff = A[:, None, :] - B[None, :, :]
dist = np.sqrt((diff ** 2).sum(axis=-1))
del diff
nearest = dist.argmin(axis=1)
nearest_dist = dist[np.arange(N), nearest]
