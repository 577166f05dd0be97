# A weighted total of two large tables, as one expression.
# chunk_weighted_sum.py, chunked as `npmem peak chunk_weighted_sum.py` advises (its predicted peak is checked against this one's).
import numpy as np

N = 200_000
D = 32

rng = np.random.default_rng(42)
A = rng.random((N, D))
B = rng.random((N, D))
w = rng.random(D)
for s in range(0, 200000, 8192):
    part = (A[s:s + 8192] * B[s:s + 8192] * w).sum()
    total = part if s == 0 else total + part
del part
