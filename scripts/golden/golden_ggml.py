#!/usr/bin/env python3
"""Golden data for npmem's block table: ggml's tensor types as the gguf package (llama.cpp's
own Python writer) knows them.

Writes tests/data/ggml_types.json: for every gguf.GGMLQuantizationType, its GGUF type id, its
name, and gguf.GGML_QUANT_SIZES' (values per block, bytes per block). The Rust test checks that
npmem's catalogue (src/dtype/blocks.rs) holds every one of them, each once, with the same id and
sizes, and that a plain type's catalogue dtype takes its bytes.

Run with the fixtures' venv (gguf is pinned in requirements-fixtures.txt), through
scripts/golden/fixtures.sh, or: VENV/bin/python scripts/golden/golden_ggml.py
"""

import os

import gguf

from _common import DATA, generator, meta_member, versions, write_lists

OUT = os.path.join(DATA, "ggml_types.json")


def main():
    types = []
    for t in gguf.GGMLQuantizationType:
        block, type_size = gguf.GGML_QUANT_SIZES[t]
        types.append({"id": int(t.value), "name": t.name, "block": block, "block_bytes": type_size})
    meta = {"generator": generator(__file__), **versions("python", "gguf")}
    write_lists(OUT, [meta_member(meta)], [("types", types)])
    print(f"{OUT}: {len(types)} types")


if __name__ == "__main__":
    main()
