//! Hostile files, crafted here at test time: non-regular files, oversized and malformed `.npy`
//! headers, zips whose directory lies, corrupt CRCs, safetensors with gaps. Each is one line on
//! stderr naming the file and the reason, exit 2, nothing on stdout — and never a hang.

use std::path::{Path, PathBuf};
use std::time::Duration;

use npmem::dtype::Platform;

use crate::support::{Run, npmem_within};

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
