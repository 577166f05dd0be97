# Arithmetic across dtypes: NEP 50 promotion decides each result's size.
# golden-sizes: N=3000000; N=8000000
import numpy as np

N = 1_000_000

rng = np.random.default_rng(17)
counts = rng.integers(0, 1000, size=N, dtype=np.int32)
weights = rng.random(N, dtype=np.float32)
flags = rng.random(N) < 0.5
small = rng.integers(0, 100, size=N, dtype=np.uint8)

weighted = counts * weights
scaled = weights * 1.5
shifted = small + 1
ratio = small / 3
as_f16 = weights.astype(np.float16)
mixed = as_f16 + counts
n_flags = flags.sum()
flag_weight = flags * weights
total = counts.sum(dtype=np.int64)
mean_small = small.mean()
