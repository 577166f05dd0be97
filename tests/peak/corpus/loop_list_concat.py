# Build a dataset chunk by chunk in a list, then concatenate.
# golden-sizes: CHUNK=50000; N_CHUNKS=40, CHUNK=60000
import numpy as np

N_CHUNKS = 20
CHUNK = 25_000
D = 8

rng = np.random.default_rng(8)
parts = []
for i in range(N_CHUNKS):
    block = rng.standard_normal((CHUNK, D))
    block -= block.mean(axis=0)
    parts.append(block)
data = np.concatenate(parts)
del parts, block
norms = np.sqrt((data ** 2).sum(axis=1))
