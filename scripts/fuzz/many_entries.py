#!/usr/bin/env python3
"""Small files with very many entries, for measuring what npmem spends on them.

    python3 scripts/fuzz/many_entries.py OUT_DIR [--count 1000000]

Writes into OUT_DIR (standard library only, no numpy needed):

- ``many.safetensors``: COUNT float32 tensors of shape [1], one after another (about 60 bytes of
  header per tensor: 1,000,000 make a 60 MB header);
- ``many.gguf``: a GGUF v3 file with COUNT float32 tensors of shape [8];
- ``many.npz``: a stored zip of COUNT distinct one-element float64 members (``a0.npy``, ...);
- ``same.npz``: a zip whose COUNT directory entries all point at one member (refused: the
  members overlap), the shape of the issue's 900 PB report;
- ``dims.zarr``: a Zarr v2 array of 200,000 dimensions of 1 (refused: numpy allows 64).

scripts/bench/many_entries.sh runs npmem on each under ``/usr/bin/time -v``; the figures are
in the README's "Reliability" section.
"""

import argparse
import json
import os
import struct
import zlib


def safetensors(path, count):
    header = {f"t{i}": {"dtype": "F32", "shape": [1], "data_offsets": [4 * i, 4 * i + 4]}
              for i in range(count)}
    text = json.dumps(header, separators=(",", ":")).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(b"\0" * (4 * count))


def gguf(path, count):
    out = bytearray(b"GGUF")
    out += struct.pack("<IQQ", 3, count, 0)
    for i in range(count):
        name = f"t{i}".encode()
        out += struct.pack("<Q", len(name)) + name
        out += struct.pack("<I", 1) + struct.pack("<Q", 8)  # one dimension of 8
        out += struct.pack("<IQ", 0, 32 * i)  # F32, at an aligned offset
    out += b"\0" * (-len(out) % 32)
    out += b"\0" * (32 * count)
    with open(path, "wb") as f:
        f.write(out)


def npy_bytes():
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + b"\0" * 8


def local(name, data, crc):
    return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, len(data), len(data),
                       len(name), 0) + name + data


def central(name, data, crc, offset):
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, len(data),
                       len(data), len(name), 0, 0, 0, 0, 0, offset) + name


def end(entries, size, offset):
    # zip64 records when the counts or offsets do not fit the classic record.
    out = b""
    if entries >= 0xFFFF or offset >= 0xFFFFFFFF:
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, entries, entries, size,
                           offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, offset + size, 1)
        entries, offset = 0xFFFF, min(offset, 0xFFFFFFFF)
    return out + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, size, offset, 0)


def npz(path, count):
    data = npy_bytes()
    crc = zlib.crc32(data)
    body, directory = bytearray(), bytearray()
    for i in range(count):
        name = f"a{i}.npy".encode()
        directory += central(name, data, crc, len(body))
        body += local(name, data, crc)
    with open(path, "wb") as f:
        f.write(body + directory + end(count, len(directory), len(body)))


def same_npz(path, count):
    data = npy_bytes()
    crc = zlib.crc32(data)
    name = b"a.npy"
    body = local(name, data, crc)
    directory = bytearray()
    for i in range(count):
        directory += central(f"a{i}.npy".encode(), data, crc, 0)
    with open(path, "wb") as f:
        f.write(body + directory + end(count, len(directory), len(body)))


def zarr(path, dims):
    os.makedirs(path, exist_ok=True)
    meta = {"zarr_format": 2, "shape": [1] * dims, "chunks": [1] * dims, "dtype": "<f8",
            "compressor": None, "fill_value": 0, "order": "C", "filters": None}
    with open(os.path.join(path, ".zarray"), "w") as f:
        json.dump(meta, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--npz-count", type=int, default=900_000)
    parser.add_argument("--dims", type=int, default=200_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    safetensors(os.path.join(args.out, "many.safetensors"), args.count)
    gguf(os.path.join(args.out, "many.gguf"), args.count)
    npz(os.path.join(args.out, "many.npz"), args.npz_count)
    same_npz(os.path.join(args.out, "same.npz"), args.npz_count)
    zarr(os.path.join(args.out, "dims.zarr"), args.dims)


if __name__ == "__main__":
    main()
