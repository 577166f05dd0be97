# Preallocate outputs sized by a count taken from the data and by a setting read as text.
# golden-sizes: N=4000000
import numpy as np

N = 1_000_000

rng = np.random.default_rng(11)
x = rng.normal(size=N)
keep = x > 0.0
n_keep = np.count_nonzero(keep)
out = np.empty(n_keep)
out[:] = x[keep]
del keep
width_setting = "16"
width = int(width_setting)
features = np.zeros((n_keep, width), dtype=np.float32)
features[:, 0] = out
total = float(features.sum())
