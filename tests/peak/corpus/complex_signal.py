# Complex-valued signal: phasors, .real/.imag views, magnitude and phase.
# golden-sizes: N=2000000; N=5000000
import numpy as np

N = 1_000_000

t = np.linspace(0.0, 1.0, N)
phase = 2 * np.pi * 50.0 * t
z = np.exp(1j * phase)
re = z.real
im = z.imag
mag = np.abs(z)
ang = np.angle(z)
power = (z * z.conj()).real
del re, im, mag, ang
z.imag[:] = 0.0
total = z.sum()
