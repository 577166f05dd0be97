# reshape / ravel / transpose: views of contiguous data, copies of strided data.
# golden-sizes: N=2000; N=2500
import numpy as np

N = 1500

rng = np.random.default_rng(20)
M = rng.random((N, N))
flat = M.reshape(-1)
flat2 = M.ravel()
cols_first = M.T.ravel()
evens = M[:, ::2].reshape(-1)
back = M.T.reshape(N, N)
tiles = M.reshape(N // 4, 4, N).swapaxes(0, 1)
packed = np.ascontiguousarray(tiles)
again = np.ascontiguousarray(M)
fortran = np.asfortranarray(M)
