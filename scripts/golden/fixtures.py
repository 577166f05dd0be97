#!/usr/bin/env python3
"""Generate the array-file fixtures in tests/fixtures/files/ and their expected.json.

    bash scripts/golden/fixtures.sh                  # preferred: sets up the venv first
    python scripts/golden/fixtures.py [--out DIR]    # with numpy, ml_dtypes, safetensors, zarr, gguf

Writes small .npy, .npz, safetensors (plus a sharded checkpoint with its index), Zarr v2/v3,
GGUF and deliberately broken files, then reads every file back with the real libraries
(np.load(mmap_mode='r'), np.load, safetensors.safe_open, zarr.open, gguf.GGUFReader) and
records what a header reader must find in expected.json.

Everything is deterministic: fixed seeds, no wall-clock time anywhere (np.savez's zip
members already carry the DOS epoch 1980-01-01 00:00:00; the hand-made zips set it too).
Compressed bytes (deflate in .npz, zstd in Zarr chunks) depend on the zlib / zstd builds,
so a different zlib or numcodecs may produce different (equally valid) bytes and sizes.

The output directory (default tests/fixtures/files) is wiped and rewritten.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import struct
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

import gguf
import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy as stnp
import zarr
from safetensors import safe_open

try:
    import numcodecs
except ImportError:  # pragma: no cover - zarr depends on it
    numcodecs = None

import numpy.lib._format_impl as npformat_impl  # _read_array_header: handles v3 (utf-8)

from _common import REPO, generator, versions, write_text

DEFAULT_OUT = Path(REPO) / "tests" / "fixtures" / "files"
SIZE_BUDGET = 800 * 1024

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

warnings.filterwarnings("ignore", message="Stored array in format")


# --------------------------------------------------------------------------- helpers


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def rel(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def dtype_info(dt: np.dtype) -> dict[str, Any]:
    """numpy's view of a dtype, as a reader should report it."""
    info: dict[str, Any] = {
        "str": dt.str,
        "name": dt.name,
        "kind": dt.kind,
        "itemsize": dt.itemsize,
        "byteorder": dt.byteorder,
        "descr": descr_json(np.lib.format.dtype_to_descr(dt)),
        "hasobject": bool(dt.hasobject),
    }
    if dt.names is not None:
        info["fields"] = [
            {
                "name": n,
                "offset": dt.fields[n][1],
                "str": dt.fields[n][0].str if dt.fields[n][0].subdtype is None else dt.fields[n][0].subdtype[0].str,
                "shape": list(dt.fields[n][0].shape),
            }
            for n in dt.names
        ]
    return info


def descr_json(descr: Any) -> Any:
    """A numpy descr (str, or list of (name, descr[, shape]) tuples) as JSON (tuples -> lists)."""
    if isinstance(descr, (list, tuple)):
        return [descr_json(x) for x in descr]
    return descr


def npy_header(fp) -> dict[str, Any]:
    """Read magic + header with numpy's own format module; return figures and data offset."""
    start = fp.tell()
    version = np.lib.format.read_magic(fp)
    len_pos = fp.tell()
    if version == (1, 0):
        (hlen,) = struct.unpack("<H", fp.read(2))
    else:
        (hlen,) = struct.unpack("<I", fp.read(4))
    fp.seek(len_pos)
    shape, fortran, dtype = npformat_impl._read_array_header(fp, version, max_header_size=1 << 20)
    data_offset = fp.tell() - start
    fp.seek(len_pos + (2 if version == (1, 0) else 4))
    raw = fp.read(hlen)
    text = raw.decode("utf-8" if version == (3, 0) else "latin1")
    return {
        "header_version": list(version),
        "header_len": hlen,
        "header": text.rstrip("\n").rstrip(" "),
        "data_offset": data_offset,
        "shape": list(shape),
        "fortran_order": bool(fortran),
        "dtype": dtype,
    }


def npy_figures_from_bytes(buf: bytes) -> dict[str, Any]:
    h = npy_header(io.BytesIO(buf))
    dt = h.pop("dtype")
    arr = np.load(io.BytesIO(buf), allow_pickle=True)
    assert list(arr.shape) == h["shape"] and arr.dtype == dt
    h["dtype"] = dtype_info(arr.dtype)
    h["size"] = int(arr.size)
    h["nbytes"] = int(arr.nbytes)
    h["pickled"] = bool(arr.dtype.hasobject)
    h["data_length"] = len(buf) - h["data_offset"]
    if not h["pickled"]:
        assert h["data_length"] == arr.nbytes, (h, arr.nbytes)
    return h


def error_of(fn, strip: str | None = None) -> str | None:
    """First line of the exception fn raises (None if it does not), minus absolute paths."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn()
    except BaseException as e:  # noqa: BLE001 - we record whatever the library raises
        msg = str(e).splitlines()[0] if str(e) else ""
        if strip:
            msg = msg.replace("file://" + strip, "").replace(strip, "")
        return f"{type(e).__name__}: {msg}"[:300]
    return None


# --------------------------------------------------------------------------- .npy


def longdouble_array(values: list[float]) -> np.ndarray:
    """np.longdouble array with deterministic bytes: x87 80-bit values sit in 16-byte slots
    whose 6 padding bytes numpy leaves uninitialised, so zero them."""
    a = np.zeros(len(values), dtype=np.longdouble)
    a[:] = values
    if np.finfo(np.longdouble).nmant == 63 and a.itemsize > 10:
        a.view(np.uint8).reshape(len(values), a.itemsize)[:, 10:] = 0
    return a


def gen_npy(out: Path) -> list[dict[str, Any]]:
    d = out / "npy"
    d.mkdir(parents=True)
    r = rng(1)
    f8 = r.standard_normal((3, 4))
    cases: list[tuple[str, Any, tuple[int, int] | None, str]] = [
        ("f8_c_v1.npy", f8, None, "float64 C order; np.save picks version 1.0"),
        ("f8_c_v2.npy", f8, (2, 0), "same array, header forced to version 2.0 (4-byte length)"),
        ("f8_c_v3.npy", f8, (3, 0), "same array, header forced to version 3.0 (utf-8 header)"),
        ("f4_fortran.npy", np.asfortranarray(r.standard_normal((3, 4)).astype(np.float32)), None,
         "float32 Fortran order"),
        ("i2_be.npy", np.arange(12, dtype=">i2").reshape(3, 4), None, "big-endian int16"),
        ("bool.npy", r.random((2, 5)) > 0.5, None, "bool"),
        ("c16.npy", (r.standard_normal(3) + 1j * r.standard_normal(3)).astype(np.complex128), None,
         "complex128"),
        ("U5.npy", np.array(["alpha", "beta", "gamma"], dtype="<U5"), None, "unicode <U5 (UCS-4)"),
        ("S3.npy", np.array([b"abc", b"de", b"f"], dtype="S3"), None, "bytes |S3"),
        ("struct.npy", np.array([(1.5, 1), (2.5, 2), (3.5, 3), (4.5, 4)], dtype=[("x", "<f8"), ("y", "<i4")]),
         None, "structured, packed (itemsize 12)"),
        ("subarray.npy",
         np.array([(1, (0.0, 1.0, 2.0)), (2, (3.0, 4.0, 5.0))], dtype=[("id", "<i4"), ("pos", "<f4", (3,))]),
         None, "structured with a (3,) subarray field"),
        ("struct_utf8_v3.npy", np.array([(1.0, 2), (3.0, 4)], dtype=[("\u03b1", "<f8"), ("\u540d", "<i2")]),
         None, "non-latin-1 field names: np.save picks version 3.0 by itself"),
        ("datetime64_ns.npy",
         np.array(["2024-01-01T00:00:00", "2024-06-30T12:34:56.789", "1970-01-01"], dtype="datetime64[ns]"),
         None, "datetime64[ns]"),
        ("object.npy", np.array([1, "two", {"three": 3}], dtype=object), None,
         "object array, pickled (protocol 4) after the header"),
        ("scalar_0d.npy", np.array(3.5, dtype=np.float64), None, "0-d array, shape ()"),
        ("empty_0x5.npy", np.zeros((0, 5), dtype=np.float64), None, "zero-length, shape (0, 5)"),
        ("i4_3d.npy", np.arange(24, dtype=np.int32).reshape(2, 3, 4), None, "3-d int32"),
        ("f2.npy", r.standard_normal((3, 4)).astype(np.float16), None, "float16"),
        ("longdouble.npy", longdouble_array([1.0, 2.5, -3.25]), None,
         "np.longdouble (x86-64 / aarch64 linux: '<f16')"),
        ("bf16_ml_dtypes.npy", np.arange(6, dtype=np.float32).reshape(2, 3).astype(ml_dtypes.bfloat16), None,
         "ml_dtypes.bfloat16: np.save writes descr '<V2', loads back as raw void"),
        ("f8e4m3fn_ml_dtypes.npy", np.linspace(-2, 2, 8).astype(ml_dtypes.float8_e4m3fn), None,
         "ml_dtypes.float8_e4m3fn: np.save writes descr '|V1'"),
    ]
    entries = []
    for name, arr, version, note in cases:
        p = d / name
        with open(p, "wb") as f:
            if version is None:
                np.save(f, arr, allow_pickle=True)
            else:
                np.lib.format.write_array(f, arr, version=version)
        entry = {"path": rel(p, out), "format": "npy", "note": note}
        with open(p, "rb") as f:
            h = npy_header(f)
        h.pop("dtype")
        if arr.dtype.hasobject:
            loaded = np.load(p, allow_pickle=True)
            data_offset = h["data_offset"]
        else:
            loaded = np.load(p, mmap_mode="r")
            assert isinstance(loaded, np.memmap)
            data_offset = int(loaded.offset)
            assert data_offset == h["data_offset"], (name, data_offset, h)
            assert bool(np.isfortran(loaded)) == h["fortran_order"] or loaded.ndim < 2
        size = p.stat().st_size
        entry.update(h)
        entry["data_offset"] = data_offset
        entry["dtype"] = dtype_info(loaded.dtype)
        entry["written_dtype"] = {"str": arr.dtype.str, "name": arr.dtype.name}
        entry["shape"] = list(loaded.shape)
        entry["size"] = int(loaded.size)
        entry["nbytes"] = int(loaded.nbytes)
        entry["pickled"] = bool(loaded.dtype.hasobject)
        entry["data_length"] = size - data_offset
        entry["file_size"] = size
        if not entry["pickled"]:
            assert entry["data_length"] == loaded.nbytes
        entries.append(entry)
    return entries


# --------------------------------------------------------------------------- .npz


def npz_members(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    members = []
    with zipfile.ZipFile(path) as zf, np.load(path, allow_pickle=True) as npz:
        npz_keys = list(npz.files)
        for zi in zf.infolist():
            # local file header: 30 fixed bytes + name + extra; zipfile does not expose the
            # local extra length, so read it from the header (signature checked).
            lh = raw[zi.header_offset: zi.header_offset + 30]
            assert lh[:4] == b"PK\x03\x04"
            name_len, extra_len = struct.unpack("<HH", lh[26:30])
            local_extra = raw[zi.header_offset + 30 + name_len: zi.header_offset + 30 + name_len + extra_len]
            payload_offset = zi.header_offset + 30 + name_len + extra_len
            data = zf.read(zi)
            key = zi.filename[:-4] if zi.filename.endswith(".npy") else zi.filename
            assert key in npz_keys, (key, npz_keys)
            m: dict[str, Any] = {
                "zip_name": zi.filename,
                "name": key,
                "compression": {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}[zi.compress_type],
                "local_header_offset": zi.header_offset,
                "local_extra_len": extra_len,
                "zip64_local_extra": local_extra[:2] == b"\x01\x00",
                "payload_offset": payload_offset,
                "compressed_size": zi.compress_size,
                "uncompressed_size": zi.file_size,
                "crc32": zi.CRC,
                "date_time": list(zi.date_time),
                "compression_ratio": round(zi.file_size / zi.compress_size, 6) if zi.compress_size else None,
            }
            if zi.filename.endswith(".npy"):
                npy = npy_figures_from_bytes(data)
                arr = npz[key]
                assert arr.dtype.str == npy["dtype"]["str"] and list(arr.shape) == npy["shape"]
                m["npy"] = npy
                if m["compression"] == "stored" and not npy["pickled"]:
                    # absolute position of the array bytes in the .npz
                    abs_off = payload_offset + npy["data_offset"]
                    assert raw[abs_off: abs_off + npy["data_length"]] == data[npy["data_offset"]:]
                    m["array_data_offset_in_file"] = abs_off
                else:
                    m["array_data_offset_in_file"] = None
            else:
                m["npy"] = None
            members.append(m)
    return members


def npz_entry(path: Path, out: Path, note: str) -> dict[str, Any]:
    members = npz_members(path)
    for m in members:
        if tuple(m["date_time"]) != ZIP_EPOCH:
            print(f"fixtures.py: warning: {path.name}:{m['zip_name']} has zip time {m['date_time']}, "
                  "not the 1980-01-01 epoch: output is not reproducible", file=sys.stderr)
    tot_u = sum(m["uncompressed_size"] for m in members)
    tot_c = sum(m["compressed_size"] for m in members)
    arrays = [m for m in members if m["npy"]]
    return {
        "path": rel(path, out),
        "format": "npz",
        "note": note,
        "file_size": path.stat().st_size,
        "members": members,
        "member_names": [m["name"] for m in members],
        "total_nbytes": sum(m["npy"]["nbytes"] for m in arrays),
        "total_uncompressed_size": tot_u,
        "total_compressed_size": tot_c,
        "compression_ratio": round(tot_u / tot_c, 6),
    }


def npy_bytes(arr: np.ndarray) -> bytes:
    b = io.BytesIO()
    np.lib.format.write_array(b, arr)
    return b.getvalue()


def gen_npz(out: Path) -> list[dict[str, Any]]:
    d = out / "npz"
    d.mkdir(parents=True)
    r = rng(2)
    entries = []

    p = d / "savez_stored.npz"
    np.savez(p, r.standard_normal((3, 4)), b=np.arange(10, dtype=np.int16),
             c=np.array(["one", "two"], dtype="<U5"))
    entries.append(npz_entry(p, out, "np.savez: 3 stored members (positional -> arr_0), zip64 local extras"))

    p = d / "savez_compressed.npz"
    np.savez_compressed(p, zeros=np.zeros((64, 64), dtype=np.float32),
                        rand=r.standard_normal((3, 4)).astype(np.float32))
    entries.append(npz_entry(p, out, "np.savez_compressed: 2 deflated members; .npy headers inside the deflate stream"))

    # hand-made with zipfile: mixed compression, a member in a folder, a non-.npy member
    p = d / "mixed.npz"
    with zipfile.ZipFile(p, "w") as zf:
        def put(name: str, data: bytes, method: int) -> None:
            zi = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            zi.compress_type = method
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, data, compresslevel=6 if method == zipfile.ZIP_DEFLATED else None)

        put("stored_i8.npy", npy_bytes(np.arange(16, dtype=np.int64).reshape(4, 4)), zipfile.ZIP_STORED)
        put("deflated_f8.npy", npy_bytes(np.tile(np.arange(8, dtype=np.float64), (32, 1))), zipfile.ZIP_DEFLATED)
        put("sub/fortran_f4.npy", npy_bytes(np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3))),
            zipfile.ZIP_DEFLATED)
        put("notes.txt", b"not an array\n", zipfile.ZIP_STORED)
    entries.append(npz_entry(p, out, "zipfile-made: stored + deflated members (header only readable after "
                                     "inflating), a member in a sub-folder, a non-.npy member, no zip64"))
    return entries


# --------------------------------------------------------------------------- safetensors


def st_entry(path: Path, out: Path, note: str) -> dict[str, Any]:
    raw = path.read_bytes()
    (hlen,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8: 8 + hlen])
    data_start = 8 + hlen
    tensors = []
    with safe_open(path, framework="np") as f:
        meta = f.metadata()
        assert meta == header.get("__metadata__"), (meta, header.get("__metadata__"))
        for name in f.offset_keys():
            sl = f.get_slice(name)
            dtype, shape = sl.get_dtype(), list(sl.get_shape())
            h = header[name]
            assert h["dtype"] == dtype and h["shape"] == shape
            b, e = h["data_offsets"]
            n = 1
            for s in shape:
                n *= s
            t = {
                "name": name,
                "dtype": dtype,
                "shape": shape,
                "numel": n,
                "data_offsets": [b, e],
                "data_offset": data_start + b,
                "data_length": e - b,
                "nbytes": e - b,
            }
            if dtype in stnp._TYPES:
                arr = f.get_tensor(name)
                assert arr.nbytes == e - b and list(arr.shape) == shape
                assert arr.tobytes() == raw[data_start + b: data_start + e]
                t["numpy_dtype"] = {"str": arr.dtype.str, "name": arr.dtype.name}
            elif dtype == "BF16":
                t["numpy_dtype"] = {"str": np.dtype(ml_dtypes.bfloat16).str, "name": "bfloat16"}
            tensors.append(t)
    return {
        "path": rel(path, out),
        "format": "safetensors",
        "note": note,
        "file_size": len(raw),
        "header_len": hlen,
        "data_start": data_start,
        "metadata": meta,
        "tensor_names_sorted": sorted(t["name"] for t in tensors),
        "tensors": tensors,
        "parameter_count": sum(t["numel"] for t in tensors),
        "total_nbytes": sum(t["nbytes"] for t in tensors),
    }


def st_raw(header: dict[str, Any], data: bytes, pad_to: int = 8) -> bytes:
    hj = json.dumps(header, separators=(",", ":")).encode()
    hj += b" " * ((-len(hj)) % pad_to)
    return struct.pack("<Q", len(hj)) + hj + data


def gen_safetensors(out: Path) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    d = out / "safetensors"
    d.mkdir(parents=True)
    r = rng(3)
    entries = []

    p = d / "tensors.safetensors"
    tensors = {
        "w_f32": r.standard_normal((4, 8)).astype(np.float32),
        "h_f16": r.standard_normal((3, 5)).astype(np.float16),
        "ids_i64": np.arange(6, dtype=np.int64),
        "img_u8": r.integers(0, 256, (2, 3, 4), dtype=np.uint8),
        "mask_bool": r.random(7) > 0.5,
        "b_bf16": r.standard_normal((4, 4)).astype(np.float32).astype(ml_dtypes.bfloat16),
        "empty": np.zeros((0,), dtype=np.float32),
        "scalar": np.array(2.5, dtype=np.float32),
    }
    stnp.save_file(tensors, p, metadata={"format": "pt"})
    entries.append(st_entry(p, out, "safetensors.numpy.save_file; BF16 from ml_dtypes.bfloat16 works "
                                    "(dtype.name 'bfloat16'); the writer orders data by alignment, then name"))

    # sharded checkpoint
    sd = d / "sharded"
    sd.mkdir()
    shards = {
        "model-00001-of-00002.safetensors": {
            "embed.weight": r.standard_normal((16, 8)).astype(np.float32),
            "layers.0.weight": r.standard_normal((8, 8)).astype(np.float16),
        },
        "model-00002-of-00002.safetensors": {
            "layers.0.bias": r.standard_normal((8,)).astype(np.float16),
            "lm_head.weight": r.standard_normal((16, 8)).astype(np.float32),
        },
    }
    weight_map: dict[str, str] = {}
    total = 0
    for fname, ts in shards.items():
        stnp.save_file(ts, sd / fname, metadata={"format": "pt"})
        for k, v in ts.items():
            weight_map[k] = fname
            total += v.nbytes
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    ip = sd / "model.safetensors.index.json"
    ip.write_text(json.dumps(index, indent=2) + "\n")
    shard_entries = [st_entry(sd / f, out, "shard of the sharded checkpoint") for f in shards]
    entries.extend(shard_entries)
    idx_tensors = []
    for se in shard_entries:
        for t in se["tensors"]:
            idx_tensors.append({"name": t["name"], "file": Path(se["path"]).name, "dtype": t["dtype"],
                                "shape": t["shape"], "numel": t["numel"], "nbytes": t["nbytes"]})
    idx_tensors.sort(key=lambda t: t["name"])
    assert sum(t["nbytes"] for t in idx_tensors) == total
    entries.append({
        "path": rel(ip, out),
        "format": "safetensors-index",
        "note": "hand-written HF index: {metadata: {total_size}, weight_map}; total_size = sum of tensor bytes",
        "file_size": ip.stat().st_size,
        "total_size": total,
        "weight_map": index["weight_map"],
        "shards": [rel(sd / f, out) for f in shards],
        "tensors": idx_tensors,
        "parameter_count": sum(t["numel"] for t in idx_tensors),
        "total_nbytes": total,
    })

    # VALID edge case: an empty tensor at [0,0] beside real data starting at 0
    p = d / "edge_empty_at_zero.safetensors"
    real = np.arange(4, dtype=np.float32)
    p.write_bytes(st_raw({
        "empty": {"dtype": "F32", "shape": [0, 3], "data_offsets": [0, 0]},
        "real": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
    }, real.tobytes()))
    e = st_entry(p, out, "VALID: hand-made; empty tensor at [0,0] shares offset 0 with real data")
    entries.append(e)

    # raw material for the bad files
    good = st_raw({"t": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}},
                  np.arange(4, dtype=np.float32).tobytes())
    return entries, {"good": good}


# --------------------------------------------------------------------------- Zarr


def zarr_entry(path: Path, out: Path, fmt: int, note: str) -> dict[str, Any]:
    z = zarr.open_array(path, mode="r")
    assert z.metadata.zarr_format == fmt
    meta_names = {".zarray", ".zattrs", ".zgroup", ".zmetadata"} if fmt == 2 else {"zarr.json"}
    files = sorted(q for q in path.rglob("*") if q.is_file())
    chunk_files = [q for q in files if q.name not in meta_names]
    meta_files = [q for q in files if q.name in meta_names]
    chunk_bytes = sum(q.stat().st_size for q in chunk_files)
    stored = z.nbytes_stored()
    nbytes = int(z.nbytes)
    md = z.metadata.to_dict()
    entry: dict[str, Any] = {
        "path": rel(path, out),
        "format": f"zarr-v{fmt}",
        "note": note,
        "shape": list(z.shape),
        "chunks": list(z.chunks),
        "dtype": {"str": z.dtype.str, "name": z.dtype.name},
        "order": z.order,
        "fill_value": md["fill_value"],
        "nbytes": nbytes,
        "nchunks": int(z.nchunks),
        "nchunks_initialized": int(z.nchunks_initialized),
        "chunk_files_count": len(chunk_files),
        "chunk_bytes_total": chunk_bytes,
        "chunk_files": [{"key": q.relative_to(path).as_posix(), "size": q.stat().st_size} for q in chunk_files],
        "metadata_files": [{"name": q.relative_to(path).as_posix(), "size": q.stat().st_size} for q in meta_files],
        "initialized_nbytes": int(z.nchunks_initialized) * int(np.prod(z.chunks)) * z.dtype.itemsize,
        "nbytes_stored": int(stored),
        "compression_ratio": round(nbytes / chunk_bytes, 6),
        "chunk_compression_ratio": round(int(z.nchunks_initialized) * int(np.prod(z.chunks)) * z.dtype.itemsize
                                         / chunk_bytes, 6),
        "storage_ratio": round(nbytes / stored, 6),
        "compressors": [c.to_dict() if hasattr(c, "to_dict") else c.get_config() for c in z.compressors],
    }
    if z.shards is None:
        assert entry["chunk_files_count"] == entry["nchunks_initialized"]
    else:
        # One file per shard; zarr's chunks are the chunks inside the shards.
        entry["shards"] = list(z.shards)
    if fmt == 2:
        entry["zarr_dtype"] = md["dtype"]
        entry["compressor"] = md["compressor"]
        entry["filters"] = md["filters"]
        entry["dimension_separator"] = md["dimension_separator"]
    else:
        entry["zarr_dtype"] = md["data_type"]
        entry["codecs"] = md["codecs"]
        entry["chunk_key_encoding"] = md["chunk_key_encoding"]
    return entry


def gen_zarr(out: Path) -> list[dict[str, Any]]:
    d = out / "zarr"
    d.mkdir(parents=True)
    r = rng(4)
    entries = []

    p = d / "v2_f4.zarr"
    z = zarr.open(p, mode="w", shape=(100, 80), chunks=(30, 25), dtype="f4", zarr_format=2)
    # partial write: rows 0..44, cols 0..29 -> chunk rows 0,1 x chunk cols 0,1 = 4 chunks of 16
    z[:45, :30] = r.standard_normal((45, 30)).astype(np.float32).round(2)
    entries.append(zarr_entry(p, out, 2, "zarr v2, default compressor (zstd in zarr 3.x), partially written: "
                                         "z[:45, :30] touches 4 of 16 chunks (each stored as a full 30x25 chunk)"))

    p = d / "v3_i2.zarr"
    z = zarr.open(p, mode="w", shape=(50, 40), chunks=(16, 16), dtype="i2", zarr_format=3)
    z[:20, :] = r.integers(-1000, 1000, (20, 40), dtype=np.int16)
    entries.append(zarr_entry(p, out, 3, "zarr v3, default codecs bytes+zstd, chunk keys c/i/j; "
                                         "rows 0..19 written: 6 of 12 chunks"))

    p = d / "v3_sharded_f8.zarr"
    z = zarr.create_array(p, shape=(64, 48), chunks=(8, 8), shards=(32, 24), dtype="f8")
    z[:40, :] = r.standard_normal((40, 48)).round(2)
    entries.append(zarr_entry(p, out, 3, "zarr v3 sharded: 8x8 chunks inside 32x24 shards (the chunk grid), "
                                         "rows 0..39 written: all 4 shard files"))

    # Structured dtypes: a list of [name, type] in v2's .zarray, a "struct" data_type in v3
    # (whose S3 field zarr-python writes as null_terminated_bytes, warning that v3 has no spec).
    record = np.dtype([("x", "<f8"), ("n", "<i4"), ("tag", "S3")])
    for fmt in (2, 3):
        p = d / f"v{fmt}_struct.zarr"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z = zarr.open(p, mode="w", shape=(12, 3), chunks=(5, 3), dtype=record, zarr_format=fmt)
            rows = np.zeros((5, 3), dtype=record)
            rows["x"] = r.standard_normal((5, 3)).round(2)
            rows["n"] = np.arange(15).reshape(5, 3)
            rows["tag"] = b"abc"
            z[:5] = rows
        entries.append(zarr_entry(p, out, fmt, f"zarr v{fmt} structured dtype (f8, i4, S3 fields), "
                                               "rows 0..4 written: 1 of 3 chunks"))
    return entries


# --------------------------------------------------------------------------- GGUF


def gguf_entry(path: Path, out: Path, note: str) -> dict[str, Any]:
    rd = gguf.GGUFReader(path)
    fields = []
    for f in rd.fields.values():
        types = [t.name for t in f.types]
        val = f.contents()
        if isinstance(val, (np.generic,)):
            val = val.item()
        fields.append({"key": f.name, "types": types, "value": val, "offset": int(f.offset)})
    header = {k: next(x["value"] for x in fields if x["key"] == k)
              for k in ("GGUF.version", "GGUF.tensor_count", "GGUF.kv_count")}
    tensors = []
    for t in rd.tensors:
        bs, ts = gguf.GGML_QUANT_SIZES[t.tensor_type]
        ne = [int(x) for x in t.shape]
        n = int(t.n_elements)
        assert n % bs == 0 and int(t.n_bytes) == n // bs * ts
        tensors.append({
            "name": t.name,
            "type": t.tensor_type.name,
            "type_id": int(t.tensor_type),
            "ggml_shape": ne,
            "shape": ne[::-1],
            "n_elements": n,
            "block_size": bs,
            "type_size": ts,
            "nbytes": int(t.n_bytes),
            "offset": int(t.data_offset) - int(rd.data_offset),
            "data_offset": int(t.data_offset),
            "info_offset": int(t.field.offset),
        })
    return {
        "path": rel(path, out),
        "format": "gguf",
        "note": note,
        "file_size": path.stat().st_size,
        "version": header["GGUF.version"],
        "tensor_count": header["GGUF.tensor_count"],
        "kv_count": header["GGUF.kv_count"],
        "alignment": int(rd.alignment),
        "data_offset": int(rd.data_offset),
        "metadata": [x for x in fields if not x["key"].startswith("GGUF.")],
        "tensors": tensors,
        "parameter_count": sum(t["n_elements"] for t in tensors),
        "total_nbytes": sum(t["nbytes"] for t in tensors),
    }


def write_gguf(path: Path, seed: int, alignment: int | None) -> None:
    from gguf import GGMLQuantizationType as Q
    r = rng(seed)
    w = gguf.GGUFWriter(path, arch="llama")
    w.add_name("npmem-tiny")
    w.add_uint32("llama.context_length", 128)
    w.add_uint32("llama.embedding_length", 64)
    w.add_int32("npmem.signed", -5)
    w.add_float32("npmem.eps", 1e-5)
    w.add_bool("npmem.flag", True)
    w.add_array("npmem.ints", [1, 2, 3])
    w.add_array("npmem.words", ["a", "bc", "def"])
    if alignment is not None:
        w.add_custom_alignment(alignment)
    w.add_tensor("tok_embd.weight", r.standard_normal((4, 64)).astype(np.float32))
    w.add_tensor("norm.weight", r.standard_normal((64,)).astype(np.float32))
    w.add_tensor("ffn.f16", r.standard_normal((3, 32)).astype(np.float16))
    w8 = r.standard_normal((4, 64)).astype(np.float32)
    w.add_tensor("attn_q.q8_0", gguf.quants.quantize(w8, Q.Q8_0), raw_dtype=Q.Q8_0)
    w4 = r.standard_normal((2, 96)).astype(np.float32)
    w.add_tensor("attn_k.q4_0", gguf.quants.quantize(w4, Q.Q4_0), raw_dtype=Q.Q4_0)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def gen_gguf(out: Path) -> list[dict[str, Any]]:
    d = out / "gguf"
    d.mkdir(parents=True)
    p = d / "tiny.gguf"
    write_gguf(p, 5, None)
    entries = [gguf_entry(p, out, "GGUFWriter, default alignment 32; F32, F16, Q8_0, Q4_0 (gguf.quants)")]
    p = d / "tiny_align64.gguf"
    write_gguf(p, 5, 64)
    entries.append(gguf_entry(p, out, "same tensors, general.alignment = 64"))
    return entries


# --------------------------------------------------------------------------- bad files


def gen_bad(out: Path, st_parts: dict[str, bytes]) -> list[dict[str, Any]]:
    d = out / "bad"
    d.mkdir(parents=True)
    entries = []

    def add(name: str, data: bytes, intended: str, problem: str, desc: str, check) -> Path:
        p = d / name
        p.write_bytes(data)
        err = error_of(lambda: check(p))
        entries.append({
            "path": rel(p, out), "format": "bad", "intended_format": intended, "problem": problem,
            "description": desc, "file_size": len(data), "library_error": err,
        })
        return p

    def npy_load(p: Path) -> None:
        # numpy's format module first (np.load alone would take a bad magic for a pickle)
        with open(p, "rb") as f:
            npy_header(f)
        np.load(p, mmap_mode="r")

    def npy_hdr(text: str) -> bytes:
        """v1.0 header, padded like numpy does (total multiple of 64, '\\n' last)."""
        body = text.encode("latin1")
        total = 10 + len(body) + 1
        pad = (-total) % 64
        body = body + b" " * pad + b"\n"
        return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(body)) + body

    good_npy = npy_bytes(np.arange(12, dtype=np.float64).reshape(3, 4))
    add("npy_truncated_header.npy", good_npy[:40], "npy", "truncated-header",
        "first 40 bytes of a valid v1.0 .npy: cut inside the header dict", npy_load)
    add("npy_header_len_ffff.npy",
        b"\x93NUMPY\x01\x00" + b"\xff\xff" + b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n",
        "npy", "header-length-beyond-eof", "HEADER_LEN field is 0xFFFF but the file is only a few dozen bytes",
        npy_load)
    add("npy_header_not_dict.npy", npy_hdr("[1, 2, 3]") + b"\x00" * 24, "npy", "header-not-dict",
        "well-formed magic/length/padding, but the header is a list literal, not a dict", npy_load)
    add("npy_shape_overflow.npy",
        npy_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }"),
        "npy", "shape-overflow", "shape product 2**65 overflows u64 (element count)", npy_load)
    add("npy_nbytes_overflow.npy",
        npy_hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }"),
        "npy", "nbytes-overflow", "element count 2**61 fits in u64 but 2**61 * 8 bytes = 2**64 does not", npy_load)
    add("npy_bad_magic.npy", b"\x93NUMPZ" + good_npy[6:], "npy", "bad-magic",
        "magic string is \\x93NUMPZ", npy_load)

    def st_load(p: Path) -> None:
        with safe_open(p, framework="np") as f:
            for k in f.keys():
                f.get_slice(k).get_shape()

    good = st_parts["good"]
    add("st_header_len_huge.safetensors", struct.pack("<Q", 1 << 63) + good[8:], "safetensors",
        "header-length-too-large", "u64 header length is 2**63", st_load)
    bad_json = b'{"t": {"dtype": "F32", "shape": [2], '  # cut off mid-object
    bad_json += b" " * ((-len(bad_json)) % 8)
    add("st_invalid_json.safetensors", struct.pack("<Q", len(bad_json)) + bad_json + b"\x00" * 8,
        "safetensors", "invalid-json", "header is a JSON object cut off after the shape (unterminated)", st_load)
    add("st_range_beyond_file.safetensors",
        st_raw({"t": {"dtype": "F32", "shape": [4, 4], "data_offsets": [0, 64]}},
               np.arange(4, dtype=np.float32).tobytes()),
        "safetensors", "data-beyond-eof", "tensor claims bytes [0,64) of the data section, which holds 16", st_load)
    add("st_overlap.safetensors",
        st_raw({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
                "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}},
               np.arange(6, dtype=np.float32).tobytes()),
        "safetensors", "overlapping-tensors", "tensor b [8,24) overlaps tensor a [0,16)", st_load)
    add("st_shape_mismatch.safetensors",
        st_raw({"t": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 16]}},
               np.arange(4, dtype=np.float32).tobytes()),
        "safetensors", "length-mismatch", "shape (3,2) F32 needs 24 bytes but the range is 16", st_load)

    # corrupt zip: valid np.savez, central directory signatures/entries overwritten
    b = io.BytesIO()
    np.savez(b, a=np.arange(6.0), b=np.arange(4, dtype=np.int32))
    zb = bytearray(b.getvalue())
    cd = zb.find(b"PK\x01\x02")
    eocd = zb.rfind(b"PK\x05\x06")
    # the zip64 end records (if any) sit between the central directory and the EOCD
    for i in range(cd, min(cd + 46, eocd)):
        zb[i] = 0xA5
    add("npz_corrupt_central_dir.npz", bytes(zb), "npz", "corrupt-zip",
        "np.savez output with the first central-directory header (46 bytes) overwritten by 0xA5",
        lambda p: np.load(p)["a"])

    # directory without zarr metadata (a chunk file so that git keeps it)
    zd = d / "zarr_no_metadata.zarr"
    zd.mkdir()
    (zd / "0.0").write_bytes(b"\x00" * 16)
    entries.append({
        "path": rel(zd, out), "format": "bad", "intended_format": "zarr", "problem": "missing-metadata",
        "description": "directory with one chunk-like file '0.0' and no .zarray/.zgroup/zarr.json",
        "file_size": None,
        "library_error": error_of(lambda: zarr.open_array(zd, mode="r"), strip=str(out) + "/"),
    })

    tiny = (out / "gguf" / "tiny.gguf").read_bytes()
    add("gguf_bad_magic.gguf", b"GGUX" + tiny[4:], "gguf", "bad-magic", "magic is 'GGUX' instead of 'GGUF'",
        lambda p: gguf.GGUFReader(p))
    rd = gguf.GGUFReader(out / "gguf" / "tiny.gguf")
    cut = int(rd.tensors[2].field.offset) + 10  # inside the third tensor-info record
    add("gguf_truncated_tensor_info.gguf", tiny[:cut], "gguf", "truncated-tensor-info",
        f"tiny.gguf cut at byte {cut}, inside the third tensor-info record (name of '{rd.tensors[2].name}')",
        lambda p: gguf.GGUFReader(p))
    add("gguf_truncated_data.gguf", tiny[: int(rd.data_offset) + 100], "gguf", "data-beyond-eof",
        "tiny.gguf cut 100 bytes into the tensor data section: header intact, tensors extend past EOF",
        lambda p: [t.data.sum() for t in gguf.GGUFReader(p).tensors])
    return entries


# --------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    fixtures: list[dict[str, Any]] = []
    fixtures += gen_npy(out)
    fixtures += gen_npz(out)
    st_entries, st_parts = gen_safetensors(out)
    fixtures += st_entries
    fixtures += gen_zarr(out)
    fixtures += gen_gguf(out)
    fixtures += gen_bad(out, st_parts)

    doc = {
        "generator": generator(__file__),
        # gguf has no __version__: versions() reads the installed one from its metadata
        "versions": versions("python", np, ml_dtypes, safetensors, zarr, "gguf", "platform",
                             *([numcodecs] if numcodecs is not None else [])),
        "fixtures": fixtures,
    }
    write_text(str(out / "expected.json"), json.dumps(doc, indent=1, ensure_ascii=False) + "\n")

    total = sum(q.stat().st_size for q in out.rglob("*") if q.is_file())
    print(f"fixtures.py: wrote {len(fixtures)} fixtures, {total} bytes under {out}", file=sys.stderr)
    if total > SIZE_BUDGET:
        print(f"fixtures.py: error: {total} bytes exceeds the {SIZE_BUDGET}-byte budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
