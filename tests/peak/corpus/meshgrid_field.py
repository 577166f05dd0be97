# Evaluate a 2-D field on a grid built with linspace and meshgrid.
# golden-sizes: G=1500; G=2200
import numpy as np

G = 1000

xs = np.linspace(-np.pi, np.pi, G)
ys = np.linspace(-np.pi, np.pi, G)
XX, YY = np.meshgrid(xs, ys)
field = np.sin(XX) * np.cos(YY)
field += 0.1 * XX
xs_s, ys_s = np.meshgrid(xs, ys, sparse=True)
field2 = np.sin(xs_s) * np.cos(ys_s)
eye = np.eye(G)
smoothed = field @ (eye * 0.5 + np.identity(G) * 0.5)
ramp = np.arange(G * G, dtype=np.float32).reshape(G, G)
