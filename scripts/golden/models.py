#!/usr/bin/env python3
"""Small model checkpoints for `npmem estimate --model`, written by the real writers
(safetensors' and gguf's Python libraries) with the real config.json key names of common
architectures — Llama (grouped-query attention), Mistral (sliding window, sharded with an index),
Gemma 2 (alternating sliding window, tied embeddings, head_dim apart from hidden_size), DeepSeek V3
(multi-head latent attention and routed experts) and Mixtral (experts) — shrunk to tiny sizes,
and a GGUF Llama with Q8_0 blocks.

With them, tests/data/models.json: what each checkpoint needs, worked out here from the tensors
this script writes and the config it writes, independently of npmem's code: parameters; the
largest layer as accelerate's calculate_maximum_sizes counts it (a decoder block, listed in
transformers' _no_split_modules, is one layer; any other module is its own); the KV cache; the
weights in other dtypes; training memory by the formulas npmem documents (the ZeRO paper's bytes
per parameter, bitsandbytes' 8-bit state, transformers' Adafactor, Korthikanti et al. 2022's
activations, LoRA adapters); and accelerate's "Training using Adam" figure by accelerate's own
arithmetic (estimate_training_usage on the float32 size).

Run with the golden venv: /work/venv-golden/bin/python scripts/golden/models.py
"""

import json
import math
import os
import shutil
import sys

import numpy as np
import ml_dtypes
import safetensors
import safetensors.numpy
import gguf

import _common

OUT = os.path.join(_common.REPO, "tests", "data", "models")
BF16 = ml_dtypes.bfloat16
ITEM = {"bfloat16": 2, "float16": 2, "float32": 4}


class Checkpoint:
    """Tensors in the order written, each with the accelerate layer it belongs to."""

    def __init__(self, name, config, dtype="bfloat16"):
        self.name = name
        self.config = config
        self.dtype = dtype
        self.tensors = []  # (name, shape, layer)

    def add(self, layer, name, shape):
        self.tensors.append((f"{layer}.{name}", tuple(shape), layer))

    def arrays(self):
        np_dtype = {"bfloat16": BF16, "float16": np.float16, "float32": np.float32}[self.dtype]
        rng = np.random.default_rng(len(self.name))
        return {n: (rng.standard_normal(s) * 0.02).astype(np_dtype) for n, s, _ in self.tensors}


def numel(shape):
    return math.prod(shape)


def decoder(ck, i, attn, mlp, norms=("input_layernorm", "post_attention_layernorm")):
    """One decoder block: its attention and MLP tensors, and its norms."""
    layer = f"model.layers.{i}"
    h = ck.config["hidden_size"]
    for name, shape in attn:
        ck.add(layer, "self_attn." + name, shape)
    for name, shape in mlp:
        ck.add(layer, name, shape)
    for norm in norms:
        ck.add(layer, norm + ".weight", (h,))


def gqa_attention(c):
    h, a = c["hidden_size"], c["num_attention_heads"]
    kv = c.get("num_key_value_heads", a)
    d = c.get("head_dim", h // a)
    return [("q_proj.weight", (a * d, h)), ("k_proj.weight", (kv * d, h)),
            ("v_proj.weight", (kv * d, h)), ("o_proj.weight", (h, a * d))]


def swiglu(h, f, prefix="mlp."):
    return [(prefix + "gate_proj.weight", (f, h)), (prefix + "up_proj.weight", (f, h)),
            (prefix + "down_proj.weight", (h, f))]


def dense_model(name, config, tied, norms=("input_layernorm", "post_attention_layernorm")):
    ck = Checkpoint(name, config, config["torch_dtype"])
    c = config
    ck.add("model.embed_tokens", "weight", (c["vocab_size"], c["hidden_size"]))
    for i in range(c["num_hidden_layers"]):
        decoder(ck, i, gqa_attention(c), swiglu(c["hidden_size"], c["intermediate_size"]), norms)
    ck.add("model.norm", "weight", (c["hidden_size"],))
    if not tied:
        ck.add("lm_head", "weight", (c["vocab_size"], c["hidden_size"]))
    return ck


def llama():
    return dense_model("llama-gqa", {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": 64, "intermediate_size": 160, "num_hidden_layers": 2,
        "num_attention_heads": 8, "num_key_value_heads": 2, "vocab_size": 256,
        "max_position_embeddings": 512, "rms_norm_eps": 1e-05, "rope_theta": 500000.0,
        "tie_word_embeddings": False, "torch_dtype": "bfloat16", "hidden_act": "silu",
    }, tied=False)


def mistral():
    return dense_model("mistral-sliding", {
        "architectures": ["MistralForCausalLM"], "model_type": "mistral",
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 16, "vocab_size": 320,
        "max_position_embeddings": 1024, "sliding_window": 32, "tie_word_embeddings": False,
        "torch_dtype": "bfloat16", "hidden_act": "silu",
    }, tied=False)


def gemma2():
    ck = dense_model("gemma2-sliding", {
        "architectures": ["Gemma2ForCausalLM"], "model_type": "gemma2",
        "hidden_size": 32, "intermediate_size": 96, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 512,
        "max_position_embeddings": 256, "sliding_window": 64, "query_pre_attn_scalar": 16,
        "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0,
        "tie_word_embeddings": True, "torch_dtype": "float32", "hidden_activation": "gelu_pytorch_tanh",
    }, tied=True, norms=("input_layernorm", "post_attention_layernorm",
                         "pre_feedforward_layernorm", "post_feedforward_layernorm"))
    return ck


def deepseek():
    c = {
        "architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3",
        "hidden_size": 64, "intermediate_size": 128, "moe_intermediate_size": 32,
        "num_hidden_layers": 3, "first_k_dense_replace": 1, "num_attention_heads": 4,
        "num_key_value_heads": 4, "q_lora_rank": 48, "kv_lora_rank": 32, "qk_nope_head_dim": 16,
        "qk_rope_head_dim": 8, "v_head_dim": 16, "n_routed_experts": 4, "n_shared_experts": 1,
        "num_experts_per_tok": 2, "vocab_size": 256, "max_position_embeddings": 2048,
        "tie_word_embeddings": False, "torch_dtype": "bfloat16",
    }
    ck = Checkpoint("deepseek-mla", c)
    h, a = c["hidden_size"], c["num_attention_heads"]
    qk = c["qk_nope_head_dim"] + c["qk_rope_head_dim"]
    attn = [("q_a_proj.weight", (c["q_lora_rank"], h)),
            ("q_a_layernorm.weight", (c["q_lora_rank"],)),
            ("q_b_proj.weight", (a * qk, c["q_lora_rank"])),
            ("kv_a_proj_with_mqa.weight", (c["kv_lora_rank"] + c["qk_rope_head_dim"], h)),
            ("kv_a_layernorm.weight", (c["kv_lora_rank"],)),
            ("kv_b_proj.weight", (a * (c["qk_nope_head_dim"] + c["v_head_dim"]), c["kv_lora_rank"])),
            ("o_proj.weight", (h, a * c["v_head_dim"]))]
    ck.add("model.embed_tokens", "weight", (c["vocab_size"], h))
    for i in range(c["num_hidden_layers"]):
        if i < c["first_k_dense_replace"]:
            mlp = swiglu(h, c["intermediate_size"])
        else:
            f = c["moe_intermediate_size"]
            mlp = [("mlp.gate.weight", (c["n_routed_experts"], h)),
                   ("mlp.gate.e_score_correction_bias", (c["n_routed_experts"],))]
            for e in range(c["n_routed_experts"]):
                mlp += swiglu(h, f, f"mlp.experts.{e}.")
            mlp += swiglu(h, f * c["n_shared_experts"], "mlp.shared_experts.")
        decoder(ck, i, attn, mlp)
    ck.add("model.norm", "weight", (h,))
    ck.add("lm_head", "weight", (c["vocab_size"], h))
    return ck


def mixtral():
    c = {
        "architectures": ["MixtralForCausalLM"], "model_type": "mixtral",
        "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
        "num_attention_heads": 8, "num_key_value_heads": 4, "num_local_experts": 4,
        "num_experts_per_tok": 2, "vocab_size": 384, "max_position_embeddings": 4096,
        "sliding_window": None, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
    }
    ck = Checkpoint("mixtral-moe", c)
    h, f = c["hidden_size"], c["intermediate_size"]
    ck.add("model.embed_tokens", "weight", (c["vocab_size"], h))
    for i in range(c["num_hidden_layers"]):
        mlp = [("block_sparse_moe.gate.weight", (c["num_local_experts"], h))]
        for e in range(c["num_local_experts"]):
            mlp += [(f"block_sparse_moe.experts.{e}.w1.weight", (f, h)),
                    (f"block_sparse_moe.experts.{e}.w2.weight", (h, f)),
                    (f"block_sparse_moe.experts.{e}.w3.weight", (f, h))]
        decoder(ck, i, gqa_attention(c), mlp)
    ck.add("model.norm", "weight", (h,))
    ck.add("lm_head", "weight", (c["vocab_size"], h))
    return ck


def write_safetensors(ck, shards=1):
    d = os.path.join(OUT, ck.name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(ck.config, f, indent=2, sort_keys=True)
        f.write("\n")
    arrays = ck.arrays()
    names = [n for n, _, _ in ck.tensors]
    if shards == 1:
        safetensors.numpy.save_file(arrays, os.path.join(d, "model.safetensors"),
                                    metadata={"format": "pt"})
        return
    per = math.ceil(len(names) / shards)
    weight_map = {}
    for s in range(shards):
        file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        part = {n: arrays[n] for n in names[s * per:(s + 1) * per]}
        safetensors.numpy.save_file(part, os.path.join(d, file), metadata={"format": "pt"})
        weight_map.update({n: file for n in part})
    total = sum(a.nbytes for a in arrays.values())
    with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2,
                  sort_keys=True)
        f.write("\n")


def gguf_llama():
    """A Llama in GGUF as llama.cpp's converter names it: matrices in Q8_0, norms in F32, the
    embedding in F16."""
    c = {"model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64,
         "intermediate_size": 128, "num_attention_heads": 8, "num_key_value_heads": 2,
         "max_position_embeddings": 1024, "vocab_size": 256}
    h, f = c["hidden_size"], c["intermediate_size"]
    kv_d = c["num_key_value_heads"] * (h // c["num_attention_heads"])
    ck = Checkpoint("llama-q8_0.gguf", c, "float32")
    ck.add("token_embd", "weight", (c["vocab_size"], h))
    for i in range(c["num_hidden_layers"]):
        layer = f"blk.{i}"
        for n, s in [("attn_q.weight", (h, h)), ("attn_k.weight", (kv_d, h)),
                     ("attn_v.weight", (kv_d, h)), ("attn_output.weight", (h, h)),
                     ("ffn_gate.weight", (f, h)), ("ffn_up.weight", (f, h)),
                     ("ffn_down.weight", (h, f)),
                     ("attn_norm.weight", (h,)), ("ffn_norm.weight", (h,))]:
            ck.add(layer, n, s)
    ck.add("output_norm", "weight", (h,))
    ck.add("output", "weight", (c["vocab_size"], h))
    path = os.path.join(OUT, "llama-q8_0.gguf")
    w = gguf.GGUFWriter(path, "llama")
    w.add_block_count(c["num_hidden_layers"])
    w.add_context_length(c["max_position_embeddings"])
    w.add_embedding_length(h)
    w.add_feed_forward_length(f)
    w.add_head_count(c["num_attention_heads"])
    w.add_head_count_kv(c["num_key_value_heads"])
    w.add_vocab_size(c["vocab_size"])
    rng = np.random.default_rng(7)
    stored = {}
    for name, shape, _ in ck.tensors:
        x = (rng.standard_normal(shape) * 0.02).astype(np.float32)
        if name == "token_embd.weight":
            w.add_tensor(name, x.astype(np.float16))
            stored[name] = ("F16", numel(shape) * 2)
        elif len(shape) == 1:
            w.add_tensor(name, x)
            stored[name] = ("F32", numel(shape) * 4)
        else:
            q = gguf.quants.quantize(x, gguf.GGMLQuantizationType.Q8_0)
            w.add_tensor(name, q, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
            stored[name] = ("Q8_0", numel(shape) // 32 * 34)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return ck, stored


# ---------------------------------------------------------------------------
# what each checkpoint needs, from the tensors and config written above
# ---------------------------------------------------------------------------


def layer_bytes(ck, size_of):
    """accelerate's layers: bytes of each, in order first met."""
    out = {}
    for name, shape, layer in ck.tensors:
        out[layer] = out.get(layer, 0) + size_of(name, shape)
    return out


def largest(ck, size_of):
    sizes = layer_bytes(ck, size_of)
    best = max(sizes.values())
    return next(k for k, v in sizes.items() if v == best), best


def sliding_layers(c):
    """Which layers keep only the window, as transformers decides it for these configs."""
    if c.get("sliding_window") is None:
        return 0
    if c["model_type"] == "gemma2":
        return sum(1 for i in range(c["num_hidden_layers"]) if (i + 1) % 2)
    return c["num_hidden_layers"]


def kv_cache(c, context, batch, elem_bytes):
    """Bytes of the cache, and bytes a token (batch 1, within the window)."""
    if "kv_lora_rank" in c:
        per_layer = c["kv_lora_rank"] + c["qk_rope_head_dim"]
    else:
        a = c["num_attention_heads"]
        d = c.get("head_dim", c["hidden_size"] // a)
        per_layer = 2 * c.get("num_key_value_heads", a) * d
    L = c["num_hidden_layers"]
    sw = sliding_layers(c)
    slots = (L - sw) * context + sw * min(context, c.get("sliding_window") or 0)
    return slots * per_layer * batch * elem_bytes, L * per_layer * elem_bytes


def activations(c, seq, batch, mixed, checkpointing):
    s, b, h, a, L, v = (seq, batch, c["hidden_size"], c["num_attention_heads"],
                        c["num_hidden_layers"], c["vocab_size"])
    layer = s * b * h * 34 + 5 * a * s * s * b
    blocks = 2 * s * b * h * L + layer if checkpointing else L * layer
    return (blocks + 4 * s * b * h) * (1 if mixed else 2) + 4 * s * b * v


def optimizer_state(opt, shape):
    n = numel(shape)
    if opt in ("adam", "adamw"):
        return 8 * n
    if opt == "sgd":
        return 4 * n
    if opt == "adam8bit":
        return 8 * n if n < 4096 else 2 * n + 8 * (-(-n // 256))
    if opt == "adafactor":
        if len(shape) >= 2:
            return 4 * (numel(shape[:-1]) + numel(shape[:-2]) * shape[-1])
        return 4 * n
    raise ValueError(opt)


# llama.cpp's names for transformers' projections.
GGUF_NAMES = {"q_proj": "attn_q", "k_proj": "attn_k", "v_proj": "attn_v", "o_proj": "attn_output",
              "gate_proj": "ffn_gate", "up_proj": "ffn_up", "down_proj": "ffn_down"}


def training(ck, opt, precision, seq, batch, checkpointing=False, lora=None, stored_bytes=None):
    c = ck.config
    P = sum(numel(s) for _, s, _ in ck.tensors)
    mixed = precision != "fp32"
    if lora is None:
        pb = 2 if mixed else 4
        state = sum(optimizer_state(opt, s) for _, s, _ in ck.tensors)
        weights, grads, optim = P * pb, P * pb, state + (4 * P if mixed else 0)
    else:
        rank, targets = lora
        trainable, state = 0, 0
        for name, shape, _ in ck.tensors:
            module = name[: -len(".weight")] if name.endswith(".weight") else None
            leaf = module.split(".")[-1] if module else None
            if leaf and len(shape) == 2 and (leaf in targets or leaf in [GGUF_NAMES.get(t) for t in targets]):
                out, inp = shape
                for s in [(rank, inp), (out, rank)]:
                    trainable += numel(s)
                    state += optimizer_state(opt, s)
        weights, grads, optim = stored_bytes + 4 * trainable, 4 * trainable, state
    act = activations(c, seq, batch, mixed, checkpointing)
    return {"weights": weights, "gradients": grads, "optimizer": optim, "activations": act,
            "total": weights + grads + optim + act}


def accelerate_adam(P, precision):
    """accelerate's estimate_training_usage on the float32 size, and the largest stage."""
    fp32 = P * 4
    if precision == "fp32":
        stages = {"model": fp32, "gradients": fp32, "optimizer": 2 * fp32, "step": 4 * fp32}
    else:
        stages = {"model": fp32, "gradients": fp32 + fp32 // 2, "optimizer": 2 * fp32,
                  "step": 2 * fp32}
    return max(stages.values())


def as_dtype(ck, target):
    """Bytes of each tensor under --as: floats become a float target; int8 and int4 (packed, half
    a byte) replace matrices only."""
    item = ITEM[ck.dtype]

    def size(name, shape):
        n = numel(shape)
        if target in ITEM:
            return n * ITEM[target]
        if len(shape) < 2:
            return n * item
        return n if target == "int8" else -(-n // 2)
    return size


def cases_for(ck, stored_size=None):
    c = ck.config
    P = sum(numel(s) for _, s, _ in ck.tensors)
    stored = stored_size or (lambda n, s: numel(s) * ITEM[ck.dtype])
    weights = sum(stored(n, s) for n, s, _ in ck.tensors)
    layer, layer_b = largest(ck, stored)
    # The cache in the weights' dtype (config.json's torch_dtype); llama.cpp's default f16.
    kv_elem = ITEM[c["torch_dtype"]] if "torch_dtype" in c else 2
    out = []
    contexts = [(128, 1), (100, 3)]
    for context, batch in contexts:
        kv, per_token = kv_cache(c, context, batch, kv_elem)
        dtypes = []
        for d in ["float32", "bfloat16", "int8", "int4"]:
            size = as_dtype(ck, d)
            w = sum(size(n, s) for n, s, _ in ck.tensors)
            dtypes.append({"dtype": d, "weights_bytes": w,
                           "largest_layer_bytes": largest(ck, size)[1], "kv_cache_bytes": kv,
                           "total_bytes": w + kv})
        out.append({
            "args": ["--context", str(context), "--batch", str(batch)],
            "parameters": P, "weights_bytes": weights, "largest_layer": layer,
            "largest_layer_bytes": layer_b, "kv_cache_bytes_per_token": per_token,
            "kv_cache_bytes": kv, "inference_bytes": weights + kv, "training": None,
            "dtypes": dtypes,
        })
    seq, batch = 64, 2
    # DeepSeek's attention has no q_proj: LoRA goes on its low-rank projections.
    targets = ["q_b_proj", "kv_b_proj"] if "kv_lora_rank" in c else ["q_proj", "v_proj"]
    runs = [("adamw", "mixed-bf16", False, None), ("adam", "fp32", True, None),
            ("sgd", "mixed-fp16", False, None), ("adafactor", "fp32", False, None),
            ("adam8bit", "mixed-bf16", True, None), ("adamw", "mixed-bf16", False, (8, targets)),
            ("adafactor", "mixed-bf16", False, (4, targets + ["o_proj"]))]
    for opt, prec, ckpt, lora in runs:
        args = ["--context", str(seq), "--batch", str(batch), "--train", opt, "--precision", prec]
        if ckpt:
            args.append("--checkpointing")
        if lora:
            args += ["--lora-rank", str(lora[0]), "--lora-targets", ",".join(lora[1])]
        kv, per_token = kv_cache(c, seq, batch, kv_elem)
        t = training(ck, opt, prec, seq, batch, ckpt, lora, weights)
        out.append({"args": args, "parameters": P, "weights_bytes": weights,
                    "largest_layer": layer, "largest_layer_bytes": layer_b,
                    "kv_cache_bytes_per_token": per_token, "kv_cache_bytes": kv,
                    "inference_bytes": weights + kv, "training": t,
                    "accelerate_adam_bytes": accelerate_adam(P, prec)})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    checkpoints = [llama(), mistral(), gemma2(), deepseek(), mixtral()]
    cases = []
    for ck in checkpoints:
        write_safetensors(ck, shards=2 if ck.name == "mistral-sliding" else 1)
        for case in cases_for(ck):
            cases.append({"checkpoint": ck.name, **case})
    ck, stored = gguf_llama()
    for case in cases_for(ck, lambda n, s: stored[n][1]):
        if case["training"] is None:
            case.pop("dtypes")  # the dtypes table of a quantised file is checked elsewhere
        cases.append({"checkpoint": "llama-q8_0.gguf", **case})
    meta = {**_common.versions("python", np, ml_dtypes, "safetensors", "gguf"),
            "generator": os.path.relpath(__file__, _common.REPO)}
    _common.write_lists(os.path.join(_common.DATA, "models.json"), [_common.meta_member(meta)],
                        [("cases", cases)])
    print(f"{len(cases)} cases, {len(checkpoints) + 1} checkpoints in {OUT}")


if __name__ == "__main__":
    sys.exit(main())
