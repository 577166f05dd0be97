# A training-style loop: a steady in-place update every step and, every CHECK steps, a copy of
# the weights and a stacked report: the iterations that differ must not be skipped.
# golden-sizes: STEPS=3100, CHECK=1000; STEPS=1700, CHECK=300, N=800000
import numpy as np

STEPS = 2100
CHECK = 500
N = 400_000

rng = np.random.default_rng(41)
w = rng.standard_normal(N)
grad = np.empty(N)
for i in range(STEPS):
    np.multiply(w, 0.001, out=grad)
    w -= grad
    if i % CHECK == CHECK // 2:
        snapshot = w.copy()
        report = np.stack([w, snapshot, w * 2.0])
        del report
final = w * 1.0
