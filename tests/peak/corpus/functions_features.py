# Feature engineering split into small functions that take and return arrays.
# golden-sizes: N=200000; N=300000, D=24
import numpy as np

N = 80_000
D = 16


def minmax_scale(a):
    lo = a.min(axis=0)
    hi = a.max(axis=0)
    return (a - lo) / (hi - lo)


def add_bias(a):
    ones = np.ones((a.shape[0], 1), dtype=a.dtype)
    return np.hstack([ones, a])


def featurize(raw):
    scaled = minmax_scale(raw)
    squared = scaled ** 2
    return add_bias(np.hstack([scaled, squared]))


rng = np.random.default_rng(10)
raw = rng.uniform(-5.0, 5.0, size=(N, D))
y = raw @ rng.standard_normal(D) + 0.1 * rng.standard_normal(N)
F = featurize(raw)
gram = F.T @ F
rhs = F.T @ y
