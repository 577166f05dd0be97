#!/usr/bin/env python3
"""accelerate's and transformers' own figures for the model checkpoints in tests/data/models/
(written by models.py): tests/data/accelerate.json.

For each checkpoint directory the model class named in its config.json (the class its
checkpoint loads into) is built empty on the meta device in float32, with its weights tied as
`from_pretrained` ties them, then:
- transformers' `num_parameters()` and the elements of its persistent buffers (a checkpoint
  stores both: DeepSeek V3's `e_score_correction_bias` is a buffer);
- accelerate's `calculate_maximum_sizes` (total bytes and the largest layer) on the model as its
  checkpoint stores it: non-persistent buffers (rotary `inv_freq`) are never in a checkpoint, so
  they are removed first;
- `estimate_training_usage` on that total, in float32 and mixed precision: the stages whose
  largest `accelerate estimate-memory` prints as "Training using Adam";
- what `accelerate estimate-memory` itself prints (`create_empty_model` builds `AutoModel`: the
  base model, without the LM head, with its non-persistent buffers; `gather_data`'s rows:
  float16 halves, int8 quarters, int4 eighths the float32 size).

The Rust tests (tests/integration/model_cli.rs) compare npmem's answers with these.

Run: bash scripts/golden/accelerate.sh (a venv with torch, transformers and accelerate).
"""

import json
import os

import torch
import transformers
from accelerate import init_empty_weights
from accelerate.commands.estimate import estimate_training_usage
from accelerate.utils import calculate_maximum_sizes

import _common

MODELS = os.path.join(_common.REPO, "tests", "data", "models")
DTYPES = ["float32", "float16", "int8", "int4"]


def empty_model(directory):
    """The checkpoint's own class, tied as from_pretrained ties it."""
    config = transformers.AutoConfig.from_pretrained(directory)
    cls = getattr(transformers, config.architectures[0])
    with init_empty_weights():
        model = cls._from_config(config, dtype=torch.float32)
    model.tie_weights()
    return model


def accelerate_command_model(directory):
    """The model `accelerate estimate-memory` measures: create_empty_model's AutoModel."""
    config = transformers.AutoConfig.from_pretrained(directory)
    with init_empty_weights():
        return transformers.AutoModel.from_config(config, dtype=torch.float32)


def drop_non_persistent_buffers(model):
    dropped = 0
    for module in model.modules():
        for name in list(module._non_persistent_buffers_set):
            buf = module._buffers.pop(name, None)
            if buf is not None:
                dropped += buf.numel() * buf.element_size()
        module._non_persistent_buffers_set.clear()
    return dropped


def estimate_rows(total, largest):
    """accelerate's gather_data, on the sizes create_empty_model's model measures."""
    rows = []
    for dtype in DTYPES:
        dtype_total, dtype_largest = total, largest
        training = estimate_training_usage(total, dtype)
        divisor = {"float16": 2, "int8": 4, "int4": 8}.get(dtype, 1)
        rows.append({"dtype": dtype, "largest_layer_bytes": dtype_largest / divisor,
                     "total_bytes": dtype_total / divisor, "training": training,
                     "training_adam_bytes": max(training.values())})
    return rows


def main():
    out = []
    for name in sorted(os.listdir(MODELS)):
        directory = os.path.join(MODELS, name)
        if not os.path.isfile(os.path.join(directory, "config.json")):
            continue
        model = empty_model(directory)
        persistent = sum(b.numel() for n, b in model.named_buffers()
                         if n in model.state_dict())
        num_parameters = model.num_parameters()
        dropped = drop_non_persistent_buffers(model)
        total, (largest, names) = calculate_maximum_sizes(model)
        command_total, (command_largest, _) = calculate_maximum_sizes(
            accelerate_command_model(directory))
        out.append({
            "checkpoint": name,
            "class": type(model).__name__,
            "num_parameters": num_parameters,
            "persistent_buffer_elements": persistent,
            "non_persistent_buffer_bytes": dropped,
            "total_bytes": total,
            "largest_layer_bytes": largest,
            "largest_layers": names,
            "training_fp32": estimate_training_usage(total, "float32"),
            "training_mixed": estimate_training_usage(total, "bfloat16"),
            "estimate_memory_command": estimate_rows(command_total, command_largest),
        })
    meta = {"generator": "scripts/golden/accelerate_models.py", "torch": torch.__version__,
            "transformers": transformers.__version__,
            "accelerate": __import__("accelerate").__version__}
    path = os.path.join(_common.REPO, "tests", "data", "accelerate.json")
    with open(path, "w") as f:
        json.dump({"meta": meta, "cases": out}, f, indent=1)
        f.write("\n")
    print(f"{len(out)} checkpoints in {path}")


if __name__ == "__main__":
    main()
