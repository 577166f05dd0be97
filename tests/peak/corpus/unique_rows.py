# Unique rows and columns of a small-integer table (np.unique with axis=): data-dependent, a
# bound.
# golden-sizes: N=600000; N=300000, D=6
import numpy as np

N = 200_000
D = 4

rng = np.random.default_rng(53)
table = rng.integers(0, 3, size=(N, D), dtype=np.int32)
rows = np.unique(table, axis=0)
rows_counted, counts = np.unique(table, axis=0, return_counts=True)
cols = np.unique(table[:1000], axis=1)
