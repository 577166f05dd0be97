# One k-means assignment step against centroids stored in an .npz archive.
# golden-sizes: N=25000; N=80000
import os

import numpy as np

N = 10_000

path = os.path.join(os.path.dirname(__file__), "..", "data", "centroids.npz")
with np.load(path) as archive:
    C = archive["centroids"]
    names = archive["labels"]
rng = np.random.default_rng(12)
X = rng.standard_normal((N, C.shape[1]))
d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
assign = d2.argmin(axis=1)
sizes = [int((assign == k).sum()) for k in range(C.shape[0])]
new_C = np.stack([X[assign == k].mean(axis=0) for k in range(C.shape[0])])
