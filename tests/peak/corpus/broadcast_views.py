# Broadcasting views (None, expand_dims, broadcast_to, squeeze) versus materialised copies.
# golden-sizes: N=1500; N=2500
import numpy as np

N = 1000
D = 3

rng = np.random.default_rng(33)
pts = rng.random((N, D))
a = pts[:, None, :]
b = np.expand_dims(pts, 0)
bb = np.broadcast_to(b, (N, N, D))
diffs = a - bb
sq = np.square(diffs).sum(axis=-1)
col = sq[:, :1]
flat = np.squeeze(col)
dense = np.array(bb)
self_dist = sq.view(np.uint64)
