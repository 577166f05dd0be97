# Robust statistics, top-k selection, a smoothing kernel and an outer product.
# golden-sizes: N=2000000
import numpy as np

N = 400_000

rng = np.random.default_rng(7)
x = rng.normal(size=N)
x32 = x.astype(np.float32)
med = np.median(x)
mad = np.median(np.abs(x - med))
med32 = np.median(x32)
lo, mid, hi = np.percentile(x, [5, 50, 95])
q90 = np.quantile(x32, 0.9)
smallest = np.partition(x, 10)[:10]
top = np.argpartition(x, -20)[-20:]
x.partition(5)
order32 = x32.argpartition(3)
cov = np.outer(x[:500], x32[:300])
every_other = np.outer(x[::2][:400], x[:100])
kernel = np.ones(51) / 51
smooth = np.convolve(x, kernel, mode="same")
full = np.convolve(x32, kernel)
valid = np.convolve(kernel, x, mode="valid")
counts = np.convolve(np.arange(1000), np.arange(10))
