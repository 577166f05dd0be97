# Long arithmetic chains: numpy reuses the buffer of a temporary operand.
# golden-sizes: N=3000000; N=8000000
import numpy as np

N = 1_000_000

rng = np.random.default_rng(16)
a = rng.random(N)
b = rng.random(N)
c = rng.random(N)
d = rng.random(N)

s = a + b + c + d
del s
p = (a * b) + (c * d)
del p
q = -(a - b) ** 2 / 2.0
del q
r = d - (a * b)
del r
f = a.astype(np.float32)
g = (f + f) * 2.0 + 1.0
h = (f + f) * np.float32(2.0) + np.float32(1.0)
