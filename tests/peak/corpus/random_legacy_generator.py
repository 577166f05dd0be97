# Random data from the legacy np.random functions and from a Generator.
# golden-sizes: N=4000000; N=8000000
import numpy as np

N = 2_000_000

np.random.seed(27)
u = np.random.rand(N)
g = np.random.randn(N)
k = np.random.randint(0, 10, size=N)
nrm = np.random.normal(3.0, 2.0, size=N)
del u, g, k, nrm

rng = np.random.default_rng(27)
u32 = rng.random(N, dtype=np.float32)
g32 = rng.standard_normal(N, dtype=np.float32)
k8 = rng.integers(0, 10, size=N, dtype=np.int8)
nrm = rng.normal(3.0, 2.0, size=N)
perm = rng.permutation(N)
shuffled = u32[perm]
