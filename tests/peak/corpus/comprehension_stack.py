# Per-channel work in comprehensions and a with block, then stacked.
# golden-sizes: N=1000000; N=2500000
import contextlib

import numpy as np

N = 400_000
CH = 6

rng = np.random.default_rng(32)
channels = [rng.standard_normal(N) for _ in range(CH)]
normed = [(c - c.mean()) / c.std() for c in channels]
del channels
stacked = np.stack(normed)
del normed
with contextlib.suppress(FloatingPointError):
    energy = (stacked ** 2).sum(axis=1)
lagged = [stacked[i, 1:] * stacked[i, :-1] for i in range(CH)]
corr = np.array([x.mean() for x in lagged])
