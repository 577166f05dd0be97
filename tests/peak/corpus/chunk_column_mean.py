# Column means of a transformed table, in one expression.
# chunk_column_mean_chunked.py is this script as `npmem peak` advises to chunk it.
import numpy as np

N = 200_000
D = 24

rng = np.random.default_rng(43)
A = rng.random((N, D))
B = rng.random((N, D))
col_mean = (np.exp(A) - B * 2.0).mean(axis=0)
spread = col_mean.max() - col_mean.min()
