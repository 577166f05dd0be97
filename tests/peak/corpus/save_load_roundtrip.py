# Save results with np.save / np.savez and read them back.
# golden-sizes: N=3000000; N=8000000
import os
import tempfile

import numpy as np

N = 1_000_000

workdir = tempfile.mkdtemp()
rng = np.random.default_rng(15)
values = rng.standard_normal(N)
labels = rng.integers(0, 10, size=N, dtype=np.int8)
np.save(os.path.join(workdir, "values.npy"), values)
np.savez(os.path.join(workdir, "bundle.npz"), values=values, labels=labels)
del values, labels

values = np.load(os.path.join(workdir, "values.npy"))
with np.load(os.path.join(workdir, "bundle.npz")) as bundle:
    labels = bundle["labels"]
    values2 = bundle["values"]
same = bool((values == values2).all())
for name in os.listdir(workdir):
    os.remove(os.path.join(workdir, name))
os.rmdir(workdir)
