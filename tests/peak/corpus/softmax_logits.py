# Numerically stable softmax over class logits, written as a function.
# golden-sizes: N=40000; N=50000, C=200
import numpy as np

N = 15_000
C = 100
D = 64


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


rng = np.random.default_rng(28)
X = rng.standard_normal((N, D))
W = rng.standard_normal((D, C)) * 0.1
logits = X @ W
probs = softmax(logits)
pred = probs.argmax(axis=1)
conf = probs.max(axis=1)
log_likelihood = np.log(probs[np.arange(N), pred]).sum()
