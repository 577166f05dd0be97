#!/usr/bin/env python3
"""Write a realistic 500-line numpy script (standard output) for timing `npmem peak`.

Blocks a data scientist writes — normalising, distance matrices, masks, sorts, an image
pipeline, loops with a running statistic, helper functions — repeated with fresh names until
the script has 500 lines. Seeded, no files: `npmem peak` plans it without anything on disk.
"""
import sys

HEAD = '''import numpy as np

N = 200_000
D = 32
K = 64
STEPS = 500
rng = np.random.default_rng(0)


def zscore(x):
    mu = x.mean(axis=0)
    sigma = x.std(axis=0)
    return (x - mu) / sigma


def pairwise(a, b):
    aa = (a ** 2).sum(axis=1)[:, None]
    bb = (b ** 2).sum(axis=1)[None, :]
    return np.sqrt(np.maximum(aa + bb - 2.0 * a @ b.T, 0.0))

'''

BLOCK = '''# --- block {i} ---
X{i} = rng.standard_normal((N, D))
Z{i} = zscore(X{i})
C{i} = Z{i}[:K].copy()
dist{i} = pairwise(Z{i}[:2000], C{i})
near{i} = dist{i}.argmin(axis=1)
mask{i} = (Z{i}[:, 0] > 0.5) & (Z{i}[:, 1] < 1.0)
picked{i} = Z{i}[mask{i}]
order{i} = np.argsort(Z{i}[:, 2])
ranked{i} = Z{i}[order{i}[:1000]]
img{i} = rng.random((256, 256, 3), dtype=np.float32)
gray{i} = img{i} @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
blur{i} = (gray{i}[:-2, 1:-1] + gray{i}[2:, 1:-1] + gray{i}[1:-1, :-2] + gray{i}[1:-1, 2:]) / 4.0
edges{i} = np.abs(gray{i}[1:-1, 1:-1] - blur{i})
total{i} = np.zeros(D)
for step in range(STEPS):
    batch = Z{i}[step * 100:(step + 1) * 100]
    total{i} += batch.sum(axis=0)
mean{i} = total{i} / (STEPS * 100)
parts{i} = []
for j in range(8):
    parts{i}.append(Z{i}[j::8].mean(axis=0))
summary{i} = np.stack(parts{i})
if summary{i}.max() > 1.0:
    summary{i} = summary{i} / summary{i}.max()
clipped{i} = np.clip(Z{i}, -3.0, 3.0)
flat{i} = clipped{i}.reshape(-1)
hist{i} = np.cumsum(np.sort(flat{i}[:10000]))
del X{i}, Z{i}, dist{i}, picked{i}, ranked{i}, clipped{i}, flat{i}, img{i}, gray{i}, blur{i}
'''


def main():
    lines = HEAD.splitlines()
    i = 0
    while len(lines) + len(BLOCK.splitlines()) <= 500:
        lines.extend(BLOCK.format(i=i).splitlines())
        i += 1
    while len(lines) < 500:
        lines.append(f"scale{len(lines)} = K * {len(lines)}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
