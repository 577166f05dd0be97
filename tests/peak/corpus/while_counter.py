# while loops with a counter: chunks of rows (the last one shorter), then steps of an update
# where one step in the middle makes a full-size temporary.
# golden-sizes: N=3000000; N=2500000, CHUNK=300000, STEPS=901
import numpy as np

N = 1_000_000
CHUNK = 200_000
D = 4
STEPS = 600

rng = np.random.default_rng(43)
X = rng.random((N, D))
norms = np.empty(N)
start = 0
while start < N:
    part = X[start : start + CHUNK]
    norms[start : start + CHUNK] = np.sqrt((part * part).sum(axis=1))
    start += CHUNK
step = 0
v = np.zeros(N)
while step < STEPS:
    v += 0.5
    if step == STEPS // 2:
        spread = X * 2.0 - 1.0
        del spread
    step += 1
total = v.sum()
