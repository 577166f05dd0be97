# A small slice of a big array keeps the whole buffer alive until it is copied.
# golden-sizes: N=2500000; N=6000000
import numpy as np

N = 1_000_000
D = 4
HEAD = 1000

rng = np.random.default_rng(21)
big = rng.standard_normal((N, D))
head = big[:HEAD]
col = big[:, 0]
del big
stats = col.mean()
del col
work = np.empty((N, D))
head = head.copy()
work[:] = 0.0
del work
