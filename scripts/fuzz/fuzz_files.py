#!/usr/bin/env python3
"""Fuzz npmem's file readers with hostile files: does every one get a trustworthy answer?

    cargo build
    python3 scripts/fuzz/fuzz_files.py --seed 1 --count 2000 [--npmem PATH] [--keep DIR]

Standard library only. Each case is a file written from a grammar of hostile shapes — valid
`.npy`, `.npz`, safetensors, GGUF and Zarr files, then mutated: many entries, many dimensions,
names with control characters (newline, ESC, BEL, CR, C1, DEL, bidi overrides), lying offsets
and sizes (zip64 offsets past the end, local headers, header lengths), truncations, random byte
flips — and run through ``npmem estimate FILE`` (table, plain and JSON) and
``npmem cast-check FILE[:NAME] float32``. A case fails when npmem:

- exits with anything but 0, 1 or 2 (a panic is 101, an abort 134), or takes over 10 s;
- exits 2 with anything on stdout, or with other than one line on stderr;
- exits 2 without ``npmem: error:`` and the file's name on stderr;
- prints a control character (other than newline) or a bidi override in table or plain output
  or on stderr, or a line of output that starts with ``npmem: error`` on stdout;
- prints JSON that does not parse.

The summary counts cases per outcome; failures are printed (and kept with ``--keep``).
"""

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

CONTROL = ["\n", "\x1b[31m", "\x07", "\r", "\x85", "\x7f", "\u202e", "\x00", "\t", "\x1b]0;t\x07"]


def name(rng, base):
    """A member or tensor name, often with control characters in it."""
    if rng.random() < 0.5:
        return base
    parts = [base]
    for _ in range(rng.randint(1, 3)):
        parts.append(rng.choice(CONTROL))
        parts.append(rng.choice(["npmem: error: forged", "x", "é", ""]))
    return "".join(parts)


def npy(descr="'<f8'", shape=(2,), data=None, fortran=False, extra=""):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = f"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': ({dims}), {extra}}}"
    header += " " * (-(10 + len(header) + 1) % 64) + "\n"
    if data is None:
        count = 1
        for d in shape:
            count *= d
        data = b"\0" * (8 * min(count, 1 << 16))
    raw = header.encode("latin-1", "replace")
    if len(raw) > 65535:
        return b"\x93NUMPY\x02\x00" + struct.pack("<I", len(raw)) + raw + data
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(raw)) + raw + data


def zip_file(members, zip64_offset=None, lie=None):
    """members: [(name, bytes, deflate)]; zip64_offset: give the first entry that offset;
    lie: 'local-name', 'size' or 'dup' to make the directory lie."""
    body, directory = bytearray(), bytearray()
    if lie == "dup" and members:
        members = members + [members[0]]
    for i, (nm, data, deflate) in enumerate(members):
        stored = zlib.compress(data)[2:-4] if deflate else data
        crc = zlib.crc32(data)
        nb = nm.encode("utf-8", "replace")
        local_nb = b"other.npy" if lie == "local-name" and i == 0 else nb
        size = len(data) // 2 if lie == "size" and i == 0 else len(data)
        method = 8 if deflate else 0
        offset = len(body)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(stored),
                            size, len(local_nb), 0) + local_nb + stored
        extra = b""
        if zip64_offset is not None and i == 0:
            extra = struct.pack("<HHQ", 1, 8, zip64_offset)
            offset = 0xFFFFFFFF
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc,
                                 len(stored), size, len(nb), len(extra), 0, 0, 0, 0,
                                 offset) + nb + extra
    count = len(members)
    return bytes(body + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count,
                                                len(directory), len(body), 0))


def safetensors(rng, count, dims=1):
    header, offset = {}, 0
    for i in range(count):
        shape = [1] * dims
        header[name(rng, f"t{i}")] = {"dtype": rng.choice(["F32", "F32", "F16", "Q9"]),
                                      "shape": shape, "data_offsets": [offset, offset + 4]}
        offset += 4
    if rng.random() < 0.3:
        header["__metadata__"] = {"format": name(rng, "pt")}
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + b"\0" * offset


def gguf(rng, count, dims=1):
    out = bytearray(b"GGUF") + struct.pack("<IQQ", 3, count, 1)
    key = b"general.name"
    value = name(rng, "model").encode("utf-8", "replace")
    out += struct.pack("<Q", len(key)) + key + struct.pack("<IQ", 8, len(value)) + value
    for i in range(count):
        nm = name(rng, f"t{i}").encode("utf-8", "replace")
        out += struct.pack("<Q", len(nm)) + nm + struct.pack("<I", dims)
        out += b"".join(struct.pack("<Q", 8 if d == 0 else 1) for d in range(dims))
        out += struct.pack("<IQ", 0, 32 * i)
    out += b"\0" * (-len(out) % 32) + b"\0" * (32 * count)
    return bytes(out)


def zarr(rng, path, dims):
    os.makedirs(path, exist_ok=True)
    meta = {"zarr_format": 2, "shape": [1] * dims, "chunks": [1] * dims,
            "dtype": rng.choice(["<f8", "|u1", [[name(rng, "a"), "<f4"]]]),
            "compressor": None, "fill_value": 0, "order": "C", "filters": None}
    with open(os.path.join(path, ".zarray"), "w") as f:
        json.dump(meta, f)


def mutate(rng, data):
    """Truncate, flip bytes, or overwrite a length field with a huge value."""
    data = bytearray(data)
    kind = rng.choice(["none", "none", "truncate", "flip", "huge"])
    if kind == "truncate" and data:
        del data[rng.randrange(len(data)):]
    elif kind == "flip" and data:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == "huge" and len(data) > 16:
        at = rng.randrange(len(data) - 8)
        data[at:at + 8] = struct.pack("<Q", rng.choice([2**63 - 1, 2**64 - 1, 2**62, 2**32 - 1]))
    return bytes(data), kind


def case(rng, directory, i):
    """Write one hostile file; return (path, a member name for cast-check, what it is)."""
    fmt = rng.choice(["npy", "npz", "safetensors", "gguf", "zarr"])
    many = rng.random() < 0.1
    dims = rng.choice([1, 2, 64, 65, 200]) if rng.random() < 0.2 else 1
    member = None
    if fmt == "npy":
        path = os.path.join(directory, f"{i}.npy")
        shape = (1,) * dims if dims > 1 else (rng.choice([0, 1, 3, 2**40]),)
        descr = rng.choice(["'<f8'", "'<f8'", "[('a', '<f8'), ('b', '<i4')]",
                            "[('a', '<f8', (1073741824, 1073741824))]",
                            repr(name(rng, "x"))])
        data = npy(descr, shape)
    elif fmt == "npz":
        path = os.path.join(directory, f"{i}.npz")
        count = 2000 if many else rng.randint(1, 3)
        members = [(name(rng, f"a{j}") + ".npy", npy(), rng.random() < 0.5) for j in range(count)]
        member = members[0][0][:-4]
        zip64 = rng.choice([None, None, None, 2**62, 2**64 - 1, 10**12])
        lie = rng.choice([None, None, "local-name", "size", "dup"])
        data = zip_file(members, zip64, lie)
    elif fmt == "safetensors":
        path = os.path.join(directory, f"{i}.safetensors")
        data = safetensors(rng, 5000 if many else rng.randint(1, 3), dims)
        member = json.loads(data[8:8 + struct.unpack("<Q", data[:8])[0]]).popitem()[0]
        if member == "__metadata__":
            member = None
    elif fmt == "gguf":
        path = os.path.join(directory, f"{i}.gguf")
        data = gguf(rng, 5000 if many else rng.randint(1, 3), min(dims, 8))
    else:
        path = os.path.join(directory, f"{i}.zarr")
        zarr(rng, path, dims if dims > 1 else rng.choice([1, 2, 3]))
        return path, None, f"zarr dims={dims}"
    data, kind = mutate(rng, data)
    with open(path, "wb") as f:
        f.write(data)
    return path, member, f"{fmt} many={many} dims={dims} mutation={kind}"


def bad_text(text):
    return any((c < " " and c != "\n") or c in "\x7f\u202e" or "\x80" <= c <= "\x9f"
               for c in text)


def check(npmem, path, args, fmt):
    """Run npmem; return its exit code and a list of problems."""
    try:
        r = subprocess.run([npmem, *args], capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return None, [f"{args}: no answer within 10 s"]
    out = r.stdout.decode("utf-8", "replace")
    err = r.stderr.decode("utf-8", "replace")
    problems = []
    if r.returncode not in (0, 1, 2):
        problems.append(f"{args}: exit {r.returncode}: {err[-300:]!r}")
    if r.returncode == 2:
        if out:
            problems.append(f"{args}: exit 2 with stdout {out[:200]!r}")
        if err.count("\n") != 1 or not err.startswith("npmem: error:"):
            problems.append(f"{args}: not one error line: {err[:300]!r}")
        elif os.path.basename(path) not in err and "zarray" not in err:
            problems.append(f"{args}: the error does not name the file: {err[:300]!r}")
    if bad_text(err):
        problems.append(f"{args}: a control character on stderr: {err[:300]!r}")
    if r.returncode in (0, 1):
        if fmt == "json":
            try:
                json.loads(out)
            except ValueError as e:
                problems.append(f"{args}: JSON does not parse: {e}")
        else:
            if bad_text(out):
                problems.append(f"{args}: a control character on stdout: {out[:300]!r}")
            if any(line.startswith("npmem: error") for line in out.splitlines()):
                problems.append(f"{args}: a forged error line on stdout")
    return r.returncode, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=500)
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    parser.add_argument("--npmem", default=os.path.join(target, "debug", "npmem"))
    parser.add_argument("--keep", help="keep the files of failing cases in this directory")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes, failures = {}, 0
    with tempfile.TemporaryDirectory(prefix="npmem-fuzz-") as directory:
        for i in range(args.count):
            path, member, what = case(rng, directory, i)
            # (A name with a NUL cannot be an argument: the file alone is checked then.)
            named = f"{path}:{member}" if member and "\0" not in member else path
            runs = [(["estimate", path, "--ram", "1GB", "--color", "never"], "table"),
                    (["estimate", path, "--ram", "1GB", "--format", "plain"], "plain"),
                    (["estimate", path, "--ram", "1GB", "--json"], "json"),
                    (["cast-check", named, "float32"], "table")]
            problems = []
            codes = []
            for run_args, fmt in runs:
                code, found = check(args.npmem, path, run_args, fmt)
                codes.append(code)
                problems += found
            key = f"{what.split()[0]} exit {codes[0]}"
            outcomes[key] = outcomes.get(key, 0) + 1
            if problems:
                failures += 1
                print(f"case {i} ({what}):")
                for p in problems:
                    print(f"  {p}")
                if args.keep:
                    os.makedirs(args.keep, exist_ok=True)
                    subprocess.run(["cp", "-r", path, args.keep])
    for key in sorted(outcomes):
        print(f"{outcomes[key]:6d}  {key}")
    print(f"{args.count} cases, {failures} with problems")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
