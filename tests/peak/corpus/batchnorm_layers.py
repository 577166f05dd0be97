# A small MLP forward pass: matmul, batch norm and ReLU per layer, in a loop.
# golden-sizes: N=24000; N=48000
import numpy as np

N = 12_000
D = 128
H = 512
LAYERS = 3


def batchnorm(x, eps=1e-5):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    return (x - mu) / np.sqrt(var + eps)


rng = np.random.default_rng(29)
h = rng.standard_normal((N, D), dtype=np.float32)
weights = [rng.standard_normal((D if i == 0 else H, H), dtype=np.float32) for i in range(LAYERS)]
for W in weights:
    h = h @ W
    h = batchnorm(h)
    np.maximum(h, 0, out=h)
out = h.sum(axis=1)
