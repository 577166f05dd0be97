# A weighted total of two large tables, as one expression.
# chunk_weighted_sum_chunked.py is this script as `npmem peak` advises to chunk it.
import numpy as np

N = 200_000
D = 32

rng = np.random.default_rng(42)
A = rng.random((N, D))
B = rng.random((N, D))
w = rng.random(D)
total = (A * B * w).sum()
