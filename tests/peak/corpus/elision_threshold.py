# The same chain just below and at numpy's 256 KiB elision threshold.
# golden-sizes: N=32768; N=3000000
import numpy as np

N = 32_767

x = np.linspace(0.0, 1.0, N)
y = (x + 1.0) * 2.0 - x + 3.0
z = np.sqrt(y) * 0.5 + y
