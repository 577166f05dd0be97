# Activation functions: np.where for leaky ReLU, np.clip with and without out=.
# golden-sizes: N=250000; N=500000
import numpy as np

N = 100_000
D = 20

rng = np.random.default_rng(25)
Z = rng.standard_normal((N, D))
leaky = np.where(Z > 0, Z, 0.01 * Z)
relu6 = np.clip(Z, 0.0, 6.0)
np.clip(Z, -3.0, 3.0, out=Z)
hard = np.where(Z > 1.0, 1.0, 0.0)
gate = (Z > 0).astype(np.float32)
