# Filter sensor readings with combined boolean masks.
# golden-sizes: N=5000000; N=15000000
import numpy as np

N = 2_000_000

rng = np.random.default_rng(5)
temps = rng.normal(20.0, 8.0, size=N)
humid = rng.uniform(0.0, 100.0, size=N)

comfortable = (temps > 18.0) & (temps < 26.0) & (humid < 60.0)
n_ok = int(comfortable.sum())
ok_temps = temps[comfortable]
ok_humid = humid[comfortable]
temps[~comfortable] = np.nan
mean_ok = ok_temps.mean()
