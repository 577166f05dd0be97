# Batch statistics and a square grid, with counts from numpy's math on Python numbers.
# golden-sizes: N=3000000
import numpy as np

N = 1_000_000
BATCH = 4096

rng = np.random.default_rng(3)
x = rng.normal(size=(N, 8))
n_batches = int(np.ceil(N / BATCH))
means = np.empty((n_batches, 8))
for b in range(n_batches):
    means[b] = x[b * BATCH:(b + 1) * BATCH].mean(axis=0)
side = int(np.sqrt(N))
grid = np.zeros((side, side), dtype=np.float32)
levels = int(np.log2(side)) + 1
pyramid = np.empty((levels, side))
n_train = int(np.floor(0.8 * N))
train = x[:n_train].copy()
n_bins = int(np.round(np.sqrt(N) / 4))
hist = np.zeros(np.square(n_bins))
valid_share = float(" 0.1 ")
n_valid = int(valid_share * N)
valid = np.empty((n_valid, 8))
