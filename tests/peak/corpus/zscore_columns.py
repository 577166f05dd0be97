# Standardise every feature column to zero mean and unit variance.
# golden-sizes: N=250000; N=400000, D=40
import numpy as np

N = 100_000
D = 32
SEED = 0

rng = np.random.default_rng(SEED)
X = rng.normal(loc=5.0, scale=2.0, size=(N, D))

mu = X.mean(axis=0)
sigma = X.std(axis=0)
Z = (X - mu) / sigma

print(Z.shape, Z.dtype)
