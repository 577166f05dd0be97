# Out-of-core column statistics: save a big array, memory-map it, reduce in chunks.
# golden-sizes: N=800000; N=1500000
import os
import tempfile

import numpy as np

N = 300_000
D = 16
CHUNK = 100_000

workdir = tempfile.mkdtemp()
path = os.path.join(workdir, "samples.npy")
rng = np.random.default_rng(14)
data = rng.standard_normal((N, D))
np.save(path, data)
del data

mm = np.load(path, mmap_mode="r")
total = np.zeros(D)
total_sq = np.zeros(D)
for start in range(0, N, CHUNK):
    block = mm[start : start + CHUNK]
    total += block.sum(axis=0)
    total_sq += (block ** 2).sum(axis=0)
mean = total / N
std = np.sqrt(total_sq / N - mean ** 2)
doubled = mm * 2.0 + 1.0
del mm, doubled
os.remove(path)
os.rmdir(workdir)
