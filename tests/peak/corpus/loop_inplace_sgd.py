# Gradient descent on a quadratic with in-place parameter updates.
# golden-sizes: N=5000000; N=12000000
import numpy as np

N = 2_000_000
STEPS = 12

rng = np.random.default_rng(9)
target = rng.standard_normal(N)
w = np.zeros(N)
losses = []
for step in range(STEPS):
    grad = 2.0 * (w - target)
    w -= 0.1 * grad
    if step % 4 == 0:
        losses.append(float(((w - target) ** 2).mean()))
del grad
