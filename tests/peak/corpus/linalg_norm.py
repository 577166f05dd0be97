# Norms as data scientists write them: row norms to normalise, column max-norms, an L1 over
# a strided view, matrix norms, an integer count, and einsum with broadcast axes.
# golden-sizes: N=400000; N=150000, D=96
import numpy as np

N = 200_000
D = 64

rng = np.random.default_rng(47)
X = rng.standard_normal((N, D))
row_norms = np.linalg.norm(X, axis=1)
unit = X / np.linalg.norm(X, axis=1, keepdims=True)
del unit
col_max = np.linalg.norm(X, ord=np.inf, axis=0)
l1 = np.linalg.norm(X[:, ::2], ord=1, axis=1)
total = np.linalg.norm(X)
strided_total = np.linalg.norm(X[::2, ::2])
fro = np.linalg.norm(X.reshape(N // 4, 4 * D), "fro")
mat1 = np.linalg.norm(X, ord=1, axis=(0, 1))
counts = np.linalg.norm(X > 0.5, ord=0, axis=1)
cubes = np.linalg.norm(X, ord=3, axis=1)
stack = X.reshape(N // 8, 8, D)
gram = np.einsum("...ij,...kj->...ik", stack, stack)
scaled = np.einsum("...j,j->...j", X, row_norms[:D])
