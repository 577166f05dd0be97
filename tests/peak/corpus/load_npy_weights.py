# A dense layer whose weights come from a committed .npy file.
# golden-sizes: N=100000; N=250000
import os

import numpy as np

N = 40_000

here = os.path.dirname(__file__)
W = np.load(os.path.join(here, "..", "data", "weights.npy"))
rng = np.random.default_rng(11)
X = rng.standard_normal((N, W.shape[0]), dtype=np.float32)
H = X @ W
np.tanh(H, out=H)
H_mean = H.mean(axis=0)
H -= H_mean
