# Long loops: a running statistic over many small batches (steady), then a list of per-batch
# summaries that grows by one array per iteration.
# golden-sizes: STEPS=400000; STEPS=300000, KEEP=150000
import numpy as np

STEPS = 200_000
KEEP = 60_000
B = 64

rng = np.random.default_rng(33)
weights = rng.standard_normal(B)
total = np.zeros(B)
for step in range(STEPS):
    batch = weights * 0.5 + 1.0
    total += batch
summaries = []
for step in range(KEEP):
    summaries.append(total * 0.25)
table = np.stack(summaries)
del summaries
scaled = table / table.max()
