# uint8 RGB image -> float32 -> grey -> box blur -> edge map -> uint8.
# golden-sizes: H=2160, W=3840; H=3000, W=4000
import numpy as np

H = 1080
W = 1920
SEED = 4

rng = np.random.default_rng(SEED)
img = rng.integers(0, 256, size=(H, W, 3), dtype=np.uint8)

rgb = img.astype(np.float32) / 255.0
gray = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
del rgb
blur = (gray[:-2, 1:-1] + gray[2:, 1:-1] + gray[1:-1, :-2] + gray[1:-1, 2:]) * np.float32(0.25)
edges = np.abs(gray[1:-1, 1:-1] - blur)
edges = np.clip(edges * np.float32(4 * 255), 0, 255)
out = edges.astype(np.uint8)
