# Squared distances with the Gram-matrix trick: |x|^2 + |y|^2 - 2 x.y
# golden-sizes: N=3000; N=4500, D=128
import numpy as np

N = 2000
D = 64
K = 10


def pairwise_sq_dists(X):
    sq = np.einsum("ij,ij->i", X, X)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (X @ X.T)
    np.maximum(d2, 0.0, out=d2)
    return d2


rng = np.random.default_rng(3)
X = rng.standard_normal((N, D))
d2 = pairwise_sq_dists(X)
dist = np.sqrt(d2, out=d2)
knn = np.argsort(dist, axis=1)[:, 1 : K + 1]
