# A long loop whose steps alternate (even and odd steps make different temporaries, so no step
# is alike the next), with a snapshot every CHECK steps and, at one step (STOP), a large
# scratch buffer: the steps repeat only by twos and by CHECK, and one in the middle differs.
# golden-sizes: STEPS=160000, CHECK=2000, STOP=130000; N=3000, STOP=60001
import numpy as np

STEPS = 120_000
CHECK = 1_000
STOP = 100_001
N = 2_000

rng = np.random.default_rng(47)
w = rng.standard_normal(N)
snapshot = w.copy()
for i in range(STEPS):
    if i % 2 == 0:
        g = w * 0.5
    else:
        g = np.sqrt(np.abs(w))
    w -= g * 0.001
    if i % CHECK == CHECK - 1:
        snapshot = w.copy()
    if i == STOP:
        scratch = np.ones(N * 300)
        del scratch
final = w + snapshot
