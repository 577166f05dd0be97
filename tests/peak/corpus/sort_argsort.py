# Rank scores: argsort for the order, sorted copies, and an in-place sort.
# golden-sizes: N=4000000; N=8000000
import numpy as np

N = 2_000_000
K = 100

rng = np.random.default_rng(6)
scores = rng.random(N)
ids = np.arange(N)

order = np.argsort(scores)[::-1]
top_ids = ids[order[:K]]
ranked = scores[order]
del order
s32 = np.sort(scores.astype(np.float32))
scores.sort()
median = scores[N // 2]
