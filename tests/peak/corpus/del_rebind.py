# A preprocessing chain that rebinds one name and frees intermediates with del.
# golden-sizes: N=6000000; N=15000000
import numpy as np

N = 2_000_000

rng = np.random.default_rng(22)
signal = rng.standard_normal(N)
signal = signal - signal.mean()
signal = signal / signal.std()
smooth = (signal[:-2] + signal[1:-1] + signal[2:]) / 3.0
residual = signal[1:-1] - smooth
del signal
energy = float((residual ** 2).sum())
del smooth
residual *= 2.0
