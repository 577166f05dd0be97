# Joining and enlarging arrays: concatenate, stack, vstack, hstack, tile, repeat, pad.
# golden-sizes: N=1500000; N=3000000
import numpy as np

N = 600_000

rng = np.random.default_rng(23)
a = rng.random(N)
b = rng.random(N)
both = np.concatenate([a, b])
pair = np.stack([a, b], axis=1)
rows = np.vstack([a, b, a])
wide = np.hstack([pair, pair])
del both, rows
twice = np.tile(a, 2)
each = np.repeat(b, 3)
grid = pair.reshape(-1, 100)
padded = np.pad(grid, ((2, 2), (1, 1)))
