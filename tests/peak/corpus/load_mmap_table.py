# Look rows up in a memory-mapped lookup table (np.load with mmap_mode='r').
# golden-sizes: N=400000; N=600000
import os

import numpy as np

N = 200_000

table = np.load(os.path.join(os.path.dirname(__file__), "..", "data", "table.npy"), mmap_mode="r")
lut = np.load(os.path.join(os.path.dirname(__file__), "..", "data", "lut.npy"))
rng = np.random.default_rng(13)
idx = rng.integers(0, table.shape[0], size=N)
rows = table[idx]
totals = rows.sum(axis=1)
scaled = rows * 0.5
gamma = lut[rows % 256]
del rows
