# Covariance and projections with @, np.dot and a simple einsum.
# golden-sizes: N=50000; N=80000
import numpy as np

N = 20_000
D = 100
K = 20

rng = np.random.default_rng(19)
X = rng.standard_normal((N, D))
Xc = X - X.mean(axis=0)
cov = (Xc.T @ Xc) / (N - 1)
P = rng.standard_normal((D, K))
proj = Xc @ P
recon = np.dot(proj, P.T)
err = np.einsum("ij,ij->i", Xc - recon, Xc - recon)
half = Xc[:, ::2] @ P[::2]
