# Sort a 2-D table along each axis: copies with np.sort, in place with .sort().
# golden-sizes: R=4000; R=8000, C=1500
import numpy as np

R = 2000
C = 1000

rng = np.random.default_rng(7)
table = rng.standard_normal((R, C))
by_col = np.sort(table, axis=0)
by_row = np.sort(table, axis=1)
del by_col, by_row
table.sort(axis=0)
ranks = np.argsort(table, axis=1)
lows = table[:, :10].copy()
