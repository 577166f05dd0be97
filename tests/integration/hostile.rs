//! Hostile files, crafted here at test time: non-regular files, oversized and malformed `.npy`
//! headers, zips whose directory lies, corrupt CRCs, safetensors with gaps. Each is one line on
//! stderr naming the file and the reason, exit 2, nothing on stdout — and never a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use npmem::dtype::Platform;

use crate::support::{Run, npmem_in, npmem_within};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("npmem-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn write(path: &Path, bytes: &[u8]) -> String {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.display().to_string()
}

/// Run npmem, never for more than 20 seconds.
fn run(args: &[&str]) -> Run {
    npmem_within(args, &[], Duration::from_secs(20))
}

/// The refusal contract: exit 2, nothing on stdout, one line naming `path` and saying `reason`.
fn refused(run: &Run, path: &str, reason: &str) {
    assert_eq!(run.code, 2, "{path}: {} {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{path}: {}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{path}: {}", run.stderr);
    assert!(run.stderr.contains(path), "{path}: {}", run.stderr);
    assert!(
        run.stderr.contains(reason),
        "{path}: expected '{reason}' in: {}",
        run.stderr
    );
}

fn estimate(path: &str, reason: &str) {
    refused(&run(&["estimate", path, "--ram", "1GB"]), path, reason);
}

/// An `.npy` of `header` (padded as numpy pads it) and `data`; version 2.0 past 65,535 bytes.
fn npy(header: &str, data: &[u8]) -> Vec<u8> {
    let mut text = header.as_bytes().to_vec();
    let long = text.len() + 11 > 65_535;
    let pre = if long { 12 } else { 10 };
    while !(pre + text.len() + 1).is_multiple_of(64) {
        text.push(b' ');
    }
    text.push(b'\n');
    let mut out = b"\x93NUMPY".to_vec();
    if long {
        out.extend_from_slice(&[2, 0]);
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    } else {
        out.extend_from_slice(&[1, 0]);
        out.extend_from_slice(&(text.len() as u16).to_le_bytes());
    }
    out.extend_from_slice(&text);
    out.extend_from_slice(data);
    out
}

fn f8_npy(values: &[f64]) -> Vec<u8> {
    let data: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    npy(
        &format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': ({},), }}",
            values.len()
        ),
        &data,
    )
}

/// zip's CRC-32, bit by bit (the tests' own, independent of the one npmem uses).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One zip member as written: its name in the central directory and in its local header, its
/// method, its bytes as stored, its uncompressed size and CRC-32.
struct Entry {
    name: String,
    local_name: String,
    method: u16,
    stored: Vec<u8>,
    size: u32,
    crc: u32,
}

impl Entry {
    fn stored(name: &str, data: &[u8]) -> Entry {
        Entry {
            name: name.to_string(),
            local_name: name.to_string(),
            method: 0,
            stored: data.to_vec(),
            size: data.len() as u32,
            crc: crc32(data),
        }
    }

    fn deflated(name: &str, data: &[u8]) -> Entry {
        Entry {
            method: 8,
            stored: miniz_oxide::deflate::compress_to_vec(data, 6),
            ..Entry::stored(name, data)
        }
    }
}

/// A zip of `entries`, and then `extra` more central directory entries pointing at the first
/// member (an archive whose members overlap).
fn zip(entries: &[Entry], extra: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let mut first = None;
    for e in entries {
        let offset = out.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0]);
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&(e.stored.len() as u32).to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&(e.local_name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(e.local_name.as_bytes());
        out.extend_from_slice(&e.stored);
        let mut c = Vec::new();
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
        c.extend_from_slice(&e.method.to_le_bytes());
        c.extend_from_slice(&[0, 0, 0, 0]);
        c.extend_from_slice(&e.crc.to_le_bytes());
        c.extend_from_slice(&(e.stored.len() as u32).to_le_bytes());
        c.extend_from_slice(&e.size.to_le_bytes());
        c.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        c.extend_from_slice(&[0; 12]);
        c.extend_from_slice(&offset.to_le_bytes());
        let template = (c.clone(), e.name.clone());
        c.extend_from_slice(e.name.as_bytes());
        central.extend_from_slice(&c);
        count += 1;
        first.get_or_insert(template);
    }
    if let Some((c, name)) = first {
        for i in 0..extra {
            // Same member, another name (so only the overlap is wrong).
            let alias = format!("{i:0width$}.npy", width = name.len().max(5) - 4);
            let mut c = c.clone();
            c[28..30].copy_from_slice(&(alias.len() as u16).to_le_bytes());
            central.extend_from_slice(&c);
            central.extend_from_slice(alias.as_bytes());
            count += 1;
        }
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

/// A safetensors file of `header` (JSON) and `data` bytes.
fn safetensors(header: &str, data: usize) -> Vec<u8> {
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend(std::iter::repeat_n(0u8, data));
    out
}

/// `mkfifo PATH`; false (the test then skips its FIFO part) where there is no mkfifo.
fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn non_regular_files_are_refused_at_once() {
    let dir = scratch("fifo");
    let fifo = dir.join("x.npy");
    if mkfifo(&fifo) {
        let p = fifo.display().to_string();
        estimate(&p, "a named pipe (FIFO), not a regular file");
        refused(
            &run(&["cast-check", &p, "float32"]),
            &p,
            "a named pipe (FIFO)",
        );
        // A script to plan: refused at once, not waited on.
        let script = dir.join("script.py");
        mkfifo(&script);
        let s = script.display().to_string();
        refused(
            &run(&["peak", &s]),
            &s,
            "a named pipe (FIFO), not a regular file",
        );
        // A shard of a safetensors directory.
        let shards = dir.join("shards");
        std::fs::create_dir_all(&shards).unwrap_or_else(|e| panic!("{e}"));
        mkfifo(&shards.join("model-00001.safetensors"));
        estimate(&shards.display().to_string(), "a named pipe (FIFO)");
        // The index itself.
        let index_dir = dir.join("index");
        std::fs::create_dir_all(&index_dir).unwrap_or_else(|e| panic!("{e}"));
        let index = index_dir.join("model.safetensors.index.json");
        mkfifo(&index);
        estimate(&index.display().to_string(), "a named pipe (FIFO)");
        // A shard an index names.
        let named = dir.join("named");
        std::fs::create_dir_all(&named).unwrap_or_else(|e| panic!("{e}"));
        let index = write(
            &named.join("model.safetensors.index.json"),
            br#"{"weight_map": {"w": "a.safetensors"}}"#,
        );
        mkfifo(&named.join("a.safetensors"));
        let r = run(&["estimate", &index, "--ram", "1GB"]);
        refused(&r, "a.safetensors", "a named pipe (FIFO)");
    } else {
        eprintln!("no mkfifo here: the FIFO cases are skipped");
    }
    #[cfg(unix)]
    if Path::new("/dev/zero").exists() {
        estimate("/dev/zero", "a character device, not a regular file");
        let r = run(&["peak", "/dev/zero"]);
        refused(&r, "/dev/zero", "a character device, not a regular file");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn npy_headers_are_bounded_as_numpy_bounds_them() {
    let dir = scratch("npy-bounds");
    // Over numpy's 10,000 characters: np.load refuses it by default.
    let long = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': (1,), {}}}",
        " ".repeat(10_100)
    );
    let p = write(&dir.join("long.npy"), &npy(&long, &[0; 8]));
    estimate(&p, "over numpy's limit of 10000");
    // A million-digit dimension: refused at once, without reading it as a number.
    let huge = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': ({},), }}",
        "9".repeat(1_000_000)
    );
    let p = write(&dir.join("huge.npy"), &npy(&huge, &[]));
    let started = std::time::Instant::now();
    estimate(&p, "over numpy's limit");
    assert!(started.elapsed() < Duration::from_secs(10));
    // Under the size limit, a 25-digit dimension is still refused: at most 19 digits.
    let wide = "{'descr': '<f8', 'fortran_order': False, 'shape': (1234567890123456789012345,), }";
    let p = write(&dir.join("wide.npy"), &npy(wide, &[]));
    estimate(&p, "an integer of 25 digits");
    // A long bad descr is shown as an excerpt, with no suggestions.
    let descr = format!(
        "{{'descr': '{}', 'fortran_order': False, 'shape': (1,), }}",
        "z".repeat(5_000)
    );
    let p = write(&dir.join("descr.npy"), &npy(&descr, &[0; 8]));
    let r = run(&["estimate", &p, "--ram", "1GB"]);
    refused(&r, &p, "…");
    assert!(r.stderr.len() < p.len() + 300, "{}", r.stderr);
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn npy_header_keys_are_numpys() {
    let dir = scratch("npy-keys");
    // A key written twice: the last one counts, as in Python.
    let twice = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'shape': (2,), }";
    let p = dir.join("twice.npy");
    write(&p, &npy(twice, &[0; 16]));
    let arrays = npmem::files::read(&p, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(arrays[0].shape, vec![2]);
    let extra = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1, }";
    let p = write(&dir.join("extra.npy"), &npy(extra, &[0; 8]));
    estimate(&p, "Header does not contain the correct keys");
    let missing = "{'descr': '<f8', 'shape': (1,), }";
    let p = write(&dir.join("missing.npy"), &npy(missing, &[0; 8]));
    estimate(&p, "Header does not contain the correct keys");
    let fields = "{'descr': [('x', '<f8'), ('x', '<i4')], 'fortran_order': False, 'shape': (1,), }";
    let p = write(&dir.join("fields.npy"), &npy(fields, &[0; 12]));
    estimate(&p, "field 'x' occurs more than once");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn npz_directories_that_lie_are_refused() {
    let dir = scratch("npz");
    let a = f8_npy(&[1.0, 2.0]);
    let b = f8_npy(&[3.0]);
    // Two members of one name: np.load would read only the last.
    let p = write(
        &dir.join("dup.npz"),
        &zip(&[Entry::stored("a.npy", &a), Entry::stored("a.npy", &b)], 0),
    );
    estimate(&p, "two members are named 'a.npy'");
    // A local header naming another member.
    let mut e = Entry::stored("a.npy", &a);
    e.local_name = "b.npy".to_string();
    let p = write(&dir.join("local.npz"), &zip(&[e], 0));
    estimate(&p, "its local header names it 'b.npy'");
    // Many directory entries, one member's bytes: overlapping members.
    let p = write(
        &dir.join("overlap.npz"),
        &zip(&[Entry::stored("a.npy", &a)], 1_000),
    );
    estimate(&p, "overlap");
    // A member's .npy header claiming more data than the member holds.
    let short = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (100,), }",
        &[0; 8],
    );
    let p = write(
        &dir.join("short.npz"),
        &zip(
            &[Entry::stored("a.npy", &short), Entry::stored("b.npy", &b)],
            0,
        ),
    );
    estimate(&p, "truncated");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn npz_crcs_are_checked_as_the_data_streams() {
    let dir = scratch("crc");
    let values: Vec<f64> = (0..1000).map(f64::from).collect();
    let a = f8_npy(&values);
    for (name, entry) in [
        ("stored.npz", Entry::stored("a.npy", &a)),
        ("deflated.npz", Entry::deflated("a.npy", &a)),
    ] {
        let good = write(&dir.join(name), &zip(&[entry], 0));
        let ok = run(&["cast-check", &format!("{good}:a"), "float32"]);
        assert_eq!(ok.code, 0, "{name}: {}", ok.stderr);
    }
    for (name, mut entry) in [
        ("bad-stored.npz", Entry::stored("a.npy", &a)),
        ("bad-deflated.npz", Entry::deflated("a.npy", &a)),
    ] {
        entry.crc ^= 1;
        let bad = write(&dir.join(name), &zip(&[entry], 0));
        refused(
            &run(&["cast-check", &format!("{bad}:a"), "float32"]),
            &bad,
            "CRC-32",
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn safetensors_with_gaps_are_refused() {
    let dir = scratch("st");
    let gap = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#;
    let p = write(&dir.join("gap.safetensors"), &safetensors(gap, 12));
    estimate(&p, "invalid offset");
    let tail = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#;
    let p = write(&dir.join("tail.safetensors"), &safetensors(tail, 8));
    estimate(&p, "metadata incomplete buffer");
    let late = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#;
    let p = write(&dir.join("late.safetensors"), &safetensors(late, 8));
    estimate(&p, "invalid offset");
    let fine = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}"#;
    let p = write(&dir.join("fine.safetensors"), &safetensors(fine, 4));
    let r = run(&["estimate", &p, "--ram", "1GB"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Run npmem in `dir`, never for more than 20 seconds.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    npmem_in(Some(dir), args, &[], Duration::from_secs(20))
}

/// A safetensors header of `count` float32 tensors of shape [1], one after another.
fn many_tensors(count: usize) -> String {
    let entries: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r#""t{i}":{{"dtype":"F32","shape":[1],"data_offsets":[{},{}]}}"#,
                4 * i,
                4 * i + 4
            )
        })
        .collect();
    format!("{{{}}}", entries.join(","))
}

#[test]
fn many_entries_are_read_entry_by_entry() {
    let dir = scratch("many");
    // 100,000 tensors: every one read, in the order of its bytes, as one file.
    let count = 100_000;
    let p = write(
        &dir.join("many.safetensors"),
        &safetensors(&many_tensors(count), 4 * count),
    );
    let r = run(&["estimate", &p, "--json", "--ram", "1GB"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    let arrays = json["arrays"].as_array().cloned().unwrap_or_default();
    assert_eq!(arrays.len(), count);
    assert_eq!(arrays[count - 1]["source"]["tensor"], "t99999");
    assert_eq!(json["files"][0]["arrays"], count);
    assert_eq!(json["total_bytes"], 4 * count);
    // A name written twice: the last entry stands (as serde's map, and the library, read it),
    // and the first one's bytes are then a gap the library refuses.
    let twice = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
    let p = write(&dir.join("twice.safetensors"), &safetensors(twice, 8));
    let r = run(&["estimate", &p, "--bytes"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "8"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn more_dimensions_than_numpy_allows_are_refused() {
    let dims = |n: usize| vec!["1"; n].join("x");
    let r = run(&["estimate", &dims(65)]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("got 65"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1);
    let r = run(&["estimate", &dims(64)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A subarray's dimensions count: numpy creates an array of 63 + 2.
    let r = run(&["estimate", &format!("{}:(2,3)f4", dims(63))]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("got 65"), "{}", r.stderr);
    // A spec of 50,000 dimensions (near the longest argument Linux passes): refused at once,
    // and quoted short.
    let r = run(&["estimate", &dims(50_000)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("got 50000") && r.stderr.len() < 300,
        "{}",
        r.stderr
    );

    let dir = scratch("dims");
    let shape = vec!["1"; 65].join(", ");
    let p = write(
        &dir.join("x.npy"),
        &npy(
            &format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({shape}), }}"),
            &[0; 8],
        ),
    );
    estimate(&p, "got 65");
    let ones = vec!["1"; 65].join(",");
    let header = format!(r#"{{"a":{{"dtype":"F32","shape":[{ones}],"data_offsets":[0,4]}}}}"#);
    let p = write(&dir.join("x.safetensors"), &safetensors(&header, 4));
    estimate(&p, "got 65");
    let zarr = dir.join("x.zarr");
    std::fs::create_dir_all(&zarr).unwrap_or_else(|e| panic!("{e}"));
    let ones = vec!["1"; 200_000].join(",");
    write(
        &zarr.join(".zarray"),
        format!(
            r#"{{"zarr_format":2,"shape":[{ones}],"chunks":[{ones}],"dtype":"<f8","compressor":null,"fill_value":0,"order":"C","filters":null}}"#
        )
        .as_bytes(),
    );
    estimate(&zarr.display().to_string(), "got 200000");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cast_check_stops_at_max_bytes() {
    let dir = scratch("max");
    let values: Vec<f64> = (0..1000).map(f64::from).collect();
    let p = write(&dir.join("a.npy"), &f8_npy(&values));
    let r = run(&["cast-check", &p, "float32", "--max-bytes", "7999B"]);
    refused(&r, &p, "more than --max-bytes allows (7999)");
    let r = run(&["cast-check", &p, "float32", "--max-bytes", "8000B"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["cast-check", &p, "float32", "--max-bytes", "lots"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--max-bytes"), "{}", r.stderr);
    // A deflated member counts what it inflates to, header included.
    let npy_bytes = f8_npy(&values);
    let z = write(
        &dir.join("d.npz"),
        &zip(&[Entry::deflated("a.npy", &npy_bytes)], 0),
    );
    let member = format!("{z}:a");
    let limit = format!("{}B", npy_bytes.len() - 1);
    refused(
        &run(&["cast-check", &member, "float32", "--max-bytes", &limit]),
        &z,
        "more than --max-bytes",
    );
    // A zip bomb's directory that lies low: the inflating stops where the zip said it ends.
    let mut bomb = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (10,), }",
        &[0; 80],
    );
    let stated = bomb.len() as u32;
    bomb.extend(std::iter::repeat_n(0u8, 1 << 20));
    let mut e = Entry::deflated("a.npy", &bomb);
    e.size = stated;
    let z = write(&dir.join("bomb.npz"), &zip(&[e], 0));
    refused(
        &run(&["cast-check", &format!("{z}:a"), "float32"]),
        &z,
        "inflates past",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_scan_at_once() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let dir = scratch("sigint");
    let path = dir.join("big.npy");
    // 64 GiB of float64 zeros, sparse: a scan that would take a long while.
    let elements: u64 = 8 << 30;
    let head = npy(
        &format!("{{'descr': '<f8', 'fortran_order': False, 'shape': ({elements},), }}"),
        &[],
    );
    let len = head.len() as u64 + 8 * elements;
    write(&path, &head);
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("{e}"));
    if f.set_len(len).is_err() {
        return; // no room for a sparse file this size here
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_npmem"))
        .args(["cast-check", &path.display().to_string(), "float32"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(500));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let started = std::time::Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("cast-check did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // Ended by the signal (the shell's exit 130), with nothing on stdout.
    assert_eq!(status.signal(), Some(2), "{status:?}");
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
    }
    assert!(out.is_empty(), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_with_control_characters_are_escaped() {
    let dir = scratch("ctl");
    let header = r#"{"w\nnpmem: error: forged\u001b[31m\u0007":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x\u202e\r":{"dtype":"Q9\u0085","shape":[1],"data_offsets":[4,8]}}"#;
    let p = write(&dir.join("ctl.safetensors"), &safetensors(header, 8));
    let raw = |text: &str| {
        text.chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}')
    };
    for format in ["table", "plain"] {
        let r = run(&["estimate", &p, "--format", format, "--color", "never"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!raw(&r.stdout), "{format}: {:?}", r.stdout);
        assert!(
            r.stdout.contains(r"w\nnpmem: error: forged\x1b[31m\x07"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains(r"x\u{202e}\r"), "{}", r.stdout);
        assert!(!r.stdout.lines().any(|l| l.starts_with("npmem: error")));
    }
    // JSON keeps the true names (escaped as JSON escapes them).
    let r = run(&["estimate", &p, "--json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(
        json["arrays"][0]["source"]["tensor"],
        "w\nnpmem: error: forged\u{1b}[31m\u{7}"
    );
    // An error naming one: still one line.
    let bad = r#"{"a\nnpmem: error: forged\u001b]0;title\u0007":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#;
    let p = write(&dir.join("bad.safetensors"), &safetensors(bad, 4));
    let r = run(&["estimate", &p]);
    refused(&r, &p, r"a\nnpmem: error: forged\x1b]0;title\x07");
    assert!(!raw(&r.stderr), "{:?}", r.stderr);
    // A file of more than 20 arrays reads as a summary: its group names and the largest
    // arrays it names are escaped too.
    let entries: Vec<String> = (0..25)
        .map(|i| {
            format!(
                r#""w{i}\nnpmem: error: forged\u001b[31m":{{"dtype":"F32","shape":[1],"data_offsets":[{},{}]}}"#,
                4 * i,
                4 * i + 4
            )
        })
        .collect();
    let many = format!("{{{}}}", entries.join(","));
    let p = write(&dir.join("many.safetensors"), &safetensors(&many, 100));
    let r = run(&["estimate", &p, "--color", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("25 arrays in"), "{}", r.stdout);
    assert!(!raw(&r.stdout), "{:?}", r.stdout);
    assert!(!r.stdout.lines().any(|l| l.starts_with("npmem: error")));
    assert!(
        r.stdout.contains(r"\nnpmem: error: forged\x1b[31m"),
        "{}",
        r.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error() {
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            r#"exec "$0" estimate 10 >&-"#,
            env!("CARGO_BIN_EXE_npmem"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    // /dev/null is an ordinary place to write: no error.
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            r#"exec "$0" estimate 10 >/dev/null"#,
            env!("CARGO_BIN_EXE_npmem"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty());
}

#[test]
fn budgets_over_100_percent_are_refused() {
    for budget in ["1e20%", "100.5%", "101%"] {
        let r = run(&["estimate", "10", "--budget", budget, "--ram", "1GB"]);
        assert_eq!(r.code, 2, "{budget}: {}", r.stdout);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("over 100%"), "{}", r.stderr);
    }
    // 100% of nearly 2^64 bytes is all of it, not 0 (a share past 2^64 once became 0).
    let r = run(&[
        "estimate", "10", "--budget", "100%", "--ram", "18EB", "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(json["budget_bytes"], 18_000_000_000_000_000_000u64);
    let r = run(&[
        "estimate", "10", "--budget", "12.5%", "--ram", "18EB", "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(json["budget_bytes"], 2_250_000_000_000_000_000u64);
}

#[test]
fn clear_messages_for_lying_files() {
    let dir = scratch("msg");
    // A subarray of 2^63 bytes: numpy's C int limit, not `void18446744073709551615`.
    let p = write(
        &dir.join("sub.npy"),
        &npy(
            "{'descr': [('a', '<f8', (1073741824, 1073741824))], 'fortran_order': False, 'shape': (1,), }",
            &[],
        ),
    );
    estimate(&p, "size in bytes overflows");
    // A zip64 offset past the end of the file, not "Invalid argument (os error 22)".
    let a = f8_npy(&[1.0]);
    let mut bytes = zip(&[Entry::stored("a.npy", &a)], 0);
    let dir_at = bytes.len() - 22 - (46 + 5);
    // The entry's offset becomes 0xffffffff, its zip64 extra field 2^62.
    bytes[dir_at + 42..dir_at + 46].copy_from_slice(&u32::MAX.to_le_bytes());
    bytes[dir_at + 30..dir_at + 32].copy_from_slice(&12u16.to_le_bytes());
    let mut extra = vec![1, 0, 8, 0];
    extra.extend_from_slice(&(1u64 << 62).to_le_bytes());
    let eocd = bytes.split_off(bytes.len() - 22);
    bytes.extend_from_slice(&extra);
    let mut eocd = eocd;
    eocd[12..16].copy_from_slice(&((46 + 5 + 12) as u32).to_le_bytes());
    bytes.extend_from_slice(&eocd);
    let p = write(&dir.join("z64.npz"), &bytes);
    estimate(
        &p,
        "starts at offset 4611686018427387904, past the end of the file",
    );
    // `zarr.json` in the array's own directory.
    let zarr = dir.join("arr.zarr");
    std::fs::create_dir_all(&zarr).unwrap_or_else(|e| panic!("{e}"));
    write(
        &zarr.join("zarr.json"),
        br#"{"zarr_format":3,"node_type":"array","shape":[10,20],"data_type":"float32","chunk_grid":{"name":"regular","configuration":{"chunk_shape":[5,20]}},"chunk_key_encoding":{"name":"default"},"fill_value":0,"codecs":[{"name":"bytes"}]}"#,
    );
    let r = run_in(&zarr, &["estimate", "zarr.json", "--bytes"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "800"), "{}", r.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_wins_over_a_file_of_its_name_unless_spelled_as_a_path() {
    let dir = scratch("spec");
    write(&dir.join("1000"), &f8_npy(&[1.0, 2.0]));
    write(&dir.join("4096x4096:f4"), &f8_npy(&[1.0]));
    write(&dir.join("float32"), &f8_npy(&[1.0]));
    let bytes = |args: &[&str]| {
        let mut all = vec!["estimate"];
        all.extend_from_slice(args);
        all.push("--bytes");
        let r = run_in(&dir, &all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        r.stdout.trim().to_string()
    };
    assert_eq!(bytes(&["1000"]), "8000");
    assert_eq!(bytes(&["./1000"]), "16");
    assert_eq!(bytes(&["4096x4096:f4"]), "67108864");
    assert_eq!(bytes(&["./4096x4096:f4"]), "8");
    // A dtype too: cast-check FROM TO, and the file when spelled as a path.
    let r = run_in(&dir, &["cast-check", "float32", "float64"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("elements"), "{}", r.stdout);
    let r = run_in(&dir, &["cast-check", "./float32", "float32"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("elements"), "{}", r.stdout);
    // A missing path is said to be missing, not parsed as a spec.
    let r = run_in(&dir, &["estimate", "./2000"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no such file or directory: './2000'"),
        "{}",
        r.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
