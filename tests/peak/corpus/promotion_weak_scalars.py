# NEP 50: a Python scalar is weak and takes the array's precision; a numpy scalar is strong.
# golden-sizes: N=3000000; N=6000000
import numpy as np

N = 1_000_000

rng = np.random.default_rng(30)
f4 = rng.random(N, dtype=np.float32)
u1 = rng.integers(0, 200, size=N, dtype=np.uint8)
i2 = rng.integers(-100, 100, size=N, dtype=np.int16)
f2 = f4.astype(np.float16)
mask = f4 > 0.5

scaled = f4 * 2.0
bumped = u1 + 1
tripled = i2 * 3
halfway = f2 + 1.5
counted = mask + 1
as_f8 = i2 * 1.5
strong = f4 + np.float64(1.0)
kept = f4 + np.float32(2.0)
rotated = f4 * 1j
wide = np.add(u1, i2)
mixed = np.maximum(f2, u1)
picked = np.where(mask, f4, 0.0)
clipped = np.clip(i2, 0, 50)
