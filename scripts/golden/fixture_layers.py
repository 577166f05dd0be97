"""A small checkpoint shaped like a transformer's, for the estimate summary view.

    /work/venv-golden/bin/python scripts/golden/fixture_layers.py

Writes tests/fixtures/files/safetensors/layers.safetensors: an embedding, 4 layers of 7
tensors (attention q/k/v/o, mlp gate/up/down), a final norm and an lm_head — 31 tensors, more
than estimate lists one by one — with safetensors.numpy, zeros in tiny shapes.
"""

from pathlib import Path

import ml_dtypes
import numpy as np
import safetensors.numpy as stnp

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "fixtures" / "files" / "safetensors" / "layers.safetensors"

HIDDEN, FFN, VOCAB, LAYERS = 8, 16, 32, 4
bf16 = ml_dtypes.bfloat16

tensors = {"model.embed_tokens.weight": np.zeros((VOCAB, HIDDEN), bf16)}
for i in range(LAYERS):
    p = f"model.layers.{i}."
    for name in ("q_proj", "k_proj", "v_proj", "o_proj"):
        tensors[p + f"self_attn.{name}.weight"] = np.zeros((HIDDEN, HIDDEN), bf16)
    tensors[p + "mlp.gate_proj.weight"] = np.zeros((FFN, HIDDEN), bf16)
    tensors[p + "mlp.up_proj.weight"] = np.zeros((FFN, HIDDEN), bf16)
    tensors[p + "mlp.down_proj.weight"] = np.zeros((HIDDEN, FFN), bf16)
tensors["model.norm.weight"] = np.zeros((HIDDEN,), np.float32)
tensors["lm_head.weight"] = np.zeros((VOCAB, HIDDEN), bf16)

stnp.save_file(tensors, OUT, metadata={"format": "pt"})
print(f"{OUT.relative_to(ROOT)}: {len(tensors)} tensors")
