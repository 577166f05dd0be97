# Column means of a transformed table, in one expression.
# chunk_column_mean.py, chunked as `npmem peak chunk_column_mean.py` advises (its predicted peak is checked against this one's).
import numpy as np

N = 200_000
D = 24

rng = np.random.default_rng(43)
A = rng.random((N, D))
B = rng.random((N, D))
for s in range(0, 200000, 8192):
    part = (np.exp(A[s:s + 8192]) - B[s:s + 8192] * 2.0).sum(axis=0)
    col_mean = part if s == 0 else col_mean + part
del part
col_mean = col_mean / 200000
spread = col_mean.max() - col_mean.min()
