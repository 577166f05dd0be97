//! How much memory this process can actually use.
//!
//! On Linux the figures come from `/proc/meminfo` and from the memory
//! controller of the process's *own* cgroup (v1 or v2), so a limit set on a
//! container or CI job is honoured even though `/proc/meminfo` shows the whole
//! host. Elsewhere the `sysinfo` crate supplies total and available memory.
//!
//! Everything about cgroups is best effort: a missing or unparsable cgroup file
//! means "no cgroup limit", never an error.

use serde::Serialize;

use crate::units::{Budget, Bytes};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where a [`MemoryInfo`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemorySource {
    /// Read from the operating system.
    Detected,
    /// Given by the user (`--ram SIZE` / `NPMEM_RAM`).
    Override,
}

/// Memory figures, all in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryInfo {
    /// `MemTotal`.
    pub total_bytes: Bytes,
    /// `MemAvailable` (or `MemFree + Buffers + Cached` on kernels without it).
    pub available_bytes: Bytes,
    /// The process's cgroup: its memory limit and what is charged to it.
    pub cgroup: CgroupMemory,
    /// `min(available, limit - usage)` (saturating); `available` when there is no limit.
    pub usable_bytes: Bytes,
    /// Whether the figures were detected or given by the user.
    pub source: MemorySource,
}

impl MemoryInfo {
    /// Figures for `--ram SIZE` / `NPMEM_RAM`: total, available and usable
    /// are all `bytes`, and there is no cgroup.
    pub fn from_override(bytes: Bytes) -> MemoryInfo {
        MemoryInfo {
            total_bytes: bytes.clone(),
            available_bytes: bytes.clone(),
            cgroup: CgroupMemory::default(),
            usable_bytes: bytes,
            source: MemorySource::Override,
        }
    }
}

/// Why memory could not be detected.
#[derive(Debug, thiserror::Error)]
pub enum MemoryError {
    /// A file needed for detection could not be read.
    ///
    /// The I/O error is part of the message and deliberately not exposed as
    /// `source()`, so chain printers (`{:#}`) do not repeat it.
    #[error("cannot read {}: {error}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        error: io::Error,
    },
    /// `/proc/meminfo` lacks a field (or its value is not a number).
    #[error("{} has no valid {field} line", .path.display())]
    MissingField {
        /// The meminfo file.
        path: PathBuf,
        /// The field that is missing.
        field: &'static str,
    },
    /// The operating system could not be queried (non-Linux targets).
    #[cfg(not(target_os = "linux"))]
    #[error("cannot query system memory: {0}")]
    System(String),
}

/// Detects memory for the running process.
///
/// On Linux this is [`detect_under`] at `/`.
#[cfg(target_os = "linux")]
pub fn detect() -> Result<MemoryInfo, MemoryError> {
    detect_under(Path::new("/"))
}

/// Detects memory for the running process.
///
/// Outside Linux this asks the `sysinfo` crate; there is no cgroup.
#[cfg(not(target_os = "linux"))]
pub fn detect() -> Result<MemoryInfo, MemoryError> {
    let mut system = sysinfo::System::new().into_system()?;
    system.refresh_memory();
    let total_bytes = system.total_memory();
    if total_bytes == 0 {
        return Err(MemoryError::System(
            "the system reported zero total memory".to_owned(),
        ));
    }
    let available_bytes = system.available_memory();
    Ok(MemoryInfo {
        total_bytes: total_bytes.into(),
        available_bytes: available_bytes.into(),
        cgroup: CgroupMemory::default(),
        usable_bytes: available_bytes.into(),
        source: MemorySource::Detected,
    })
}

/// `sysinfo::System::new()` returns `System` in sysinfo 0.37 and
/// `Result<System, sysinfo::Error>` in 0.40; this accepts either, so the
/// module builds against both.
#[cfg(not(target_os = "linux"))]
trait IntoSystem {
    fn into_system(self) -> Result<sysinfo::System, MemoryError>;
}

#[cfg(not(target_os = "linux"))]
impl IntoSystem for sysinfo::System {
    fn into_system(self) -> Result<sysinfo::System, MemoryError> {
        Ok(self)
    }
}

#[cfg(not(target_os = "linux"))]
impl<E: std::fmt::Display> IntoSystem for Result<sysinfo::System, E> {
    fn into_system(self) -> Result<sysinfo::System, MemoryError> {
        self.map_err(|err| MemoryError::System(err.to_string()))
    }
}

/// Linux detection against a filesystem root, reading `proc/meminfo`,
/// `proc/self/cgroup`, `proc/self/mountinfo` and the cgroup files under it.
///
/// Only `proc/meminfo` can cause an error; cgroup problems mean "no limit".
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn detect_under(root: &Path) -> Result<MemoryInfo, MemoryError> {
    let meminfo = read_meminfo(&root.join("proc/meminfo"))?;
    let cgroup = cgroup_memory(root);
    Ok(MemoryInfo {
        total_bytes: meminfo.total.into(),
        available_bytes: meminfo.available.into(),
        usable_bytes: cgroup.usable(meminfo.available).into(),
        cgroup,
        source: MemorySource::Detected,
    })
}

// ---------------------------------------------------------------------------
// /proc/meminfo

#[derive(Debug)]
struct Meminfo {
    total: u64,
    available: u64,
}

fn read_meminfo(path: &Path) -> Result<Meminfo, MemoryError> {
    let bytes = fs::read(path).map_err(|error| MemoryError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    parse_meminfo(&String::from_utf8_lossy(&bytes), path)
}

fn parse_meminfo(text: &str, path: &Path) -> Result<Meminfo, MemoryError> {
    let mut total = None;
    let mut available = None;
    let mut free = None;
    let mut buffers = None;
    let mut cached = None;
    for line in text.lines() {
        let Some((key, rest)) = line.split_once(':') else {
            continue;
        };
        let slot = match key.trim() {
            "MemTotal" => &mut total,
            "MemAvailable" => &mut available,
            "MemFree" => &mut free,
            "Buffers" => &mut buffers,
            "Cached" => &mut cached,
            _ => continue,
        };
        if slot.is_none() {
            *slot = parse_kib(rest);
        }
    }
    let missing = |field| MemoryError::MissingField {
        path: path.to_path_buf(),
        field,
    };
    let total = total.ok_or_else(|| missing("MemTotal"))?;
    let available = match available {
        Some(available) => available,
        // Kernels before 3.14 have no MemAvailable.
        None => free
            .ok_or_else(|| missing("MemAvailable or MemFree"))?
            .saturating_add(buffers.unwrap_or(0))
            .saturating_add(cached.unwrap_or(0)),
    };
    Ok(Meminfo { total, available })
}

/// Parses a meminfo value such as `  16384 kB` into bytes.
fn parse_kib(value: &str) -> Option<u64> {
    let mut parts = value.split_whitespace();
    let kib: u64 = parts.next()?.parse().ok()?;
    match (parts.next(), parts.next()) {
        (None | Some("kB"), None) => kib.checked_mul(1024),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// cgroups

/// Values at or above this are "unlimited" (cgroup v1 reports
/// 9223372036854771712, i.e. `i64::MAX` rounded down to a page, for no limit).
const UNLIMITED_THRESHOLD: u64 = 1 << 62;

/// Where cgroup v2 is mounted when mountinfo does not say.
const DEFAULT_CGROUP2_MOUNT: &str = "/sys/fs/cgroup";

/// The memory of the process's cgroup, in bytes; empty where there is none (or `--ram`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CgroupMemory {
    /// The tightest memory limit of the cgroup and its ancestors; `None` when unlimited or when
    /// there is no cgroup memory controller.
    pub limit: Option<u64>,
    /// Memory currently charged to the cgroup, when readable.
    pub usage: Option<u64>,
}

impl CgroupMemory {
    /// `min(available, limit - usage)` (saturating); `available` when there is no limit.
    fn usable(&self, available: u64) -> u64 {
        match self.limit {
            Some(limit) => available.min(limit.saturating_sub(self.usage.unwrap_or(0))),
            None => available,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum CgroupVersion {
    V1,
    V2,
}

impl CgroupVersion {
    fn limit_file(self) -> &'static str {
        match self {
            CgroupVersion::V1 => "memory.limit_in_bytes",
            CgroupVersion::V2 => "memory.max",
        }
    }

    fn usage_file(self) -> &'static str {
        match self {
            CgroupVersion::V1 => "memory.usage_in_bytes",
            CgroupVersion::V2 => "memory.current",
        }
    }
}

/// A cgroup filesystem mount: the cgroup path it exposes (`root`) and where
/// (`point`), both absolute and unescaped.
#[derive(Debug, PartialEq, Eq)]
struct CgroupMount {
    root: String,
    point: String,
}

/// The process's memory cgroup limit and usage; empty on any problem.
fn cgroup_memory(root: &Path) -> CgroupMemory {
    let Some(membership) = read_lossy(&root.join("proc/self/cgroup")) else {
        return CgroupMemory::default();
    };
    let paths = parse_self_cgroup(&membership);
    if paths.v1.is_none() && paths.v2.is_none() {
        return CgroupMemory::default();
    }
    let mountinfo = read_lossy(&root.join("proc/self/mountinfo")).unwrap_or_default();

    // On hybrid hosts the memory controller lives in v1 when v1 mounts it.
    if let Some(path) = paths.v1
        && let Some(mount) = find_mount(&mountinfo, path, is_v1_memory)
    {
        return read_hierarchy(root, &mount, path, CgroupVersion::V1);
    }
    if let Some(path) = paths.v2 {
        let mount = find_mount(&mountinfo, path, is_v2).unwrap_or_else(|| CgroupMount {
            root: "/".to_owned(),
            point: DEFAULT_CGROUP2_MOUNT.to_owned(),
        });
        return read_hierarchy(root, &mount, path, CgroupVersion::V2);
    }
    CgroupMemory::default()
}

/// The process's cgroup paths from `/proc/self/cgroup`.
#[derive(Debug, Default, PartialEq, Eq)]
struct SelfCgroup<'a> {
    /// Path in the v1 hierarchy that has the memory controller.
    v1: Option<&'a str>,
    /// Path in the v2 (unified) hierarchy, from the `0::` line.
    v2: Option<&'a str>,
}

fn parse_self_cgroup(text: &str) -> SelfCgroup<'_> {
    let mut found = SelfCgroup::default();
    for line in text.lines() {
        // `hierarchy-id:controller-list:path`; the path may itself contain ':'.
        let mut fields = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if !path.starts_with('/') {
            continue;
        }
        if id == "0" && controllers.is_empty() {
            found.v2.get_or_insert(path);
        } else if controllers.split(',').any(|c| c == "memory") {
            found.v1.get_or_insert(path);
        }
    }
    found
}

/// A mountinfo line's mount root, mount point, filesystem type and super options.
struct MountLine<'a> {
    root: &'a str,
    point: &'a str,
    fstype: &'a str,
    super_options: &'a str,
}

/// Splits one `/proc/self/mountinfo` line:
/// `36 35 98:0 /root /point rw,noatime master:1 - fstype source super,options`.
fn parse_mount_line(line: &str) -> Option<MountLine<'_>> {
    let (mount, fs) = line.split_once(" - ")?;
    let mut mount = mount.split_whitespace();
    let root = mount.nth(3)?;
    let point = mount.next()?;
    let mut fs = fs.split_whitespace();
    let fstype = fs.next()?;
    let super_options = fs.nth(1).unwrap_or("");
    Some(MountLine {
        root,
        point,
        fstype,
        super_options,
    })
}

fn is_v1_memory(mount: &MountLine<'_>) -> bool {
    mount.fstype == "cgroup" && mount.super_options.split(',').any(|o| o == "memory")
}

fn is_v2(mount: &MountLine<'_>) -> bool {
    mount.fstype == "cgroup2"
}

/// The first mount accepted by `wanted` whose root contains `cgroup_path`,
/// or failing that the first accepted mount at all.
fn find_mount(
    mountinfo: &str,
    cgroup_path: &str,
    wanted: fn(&MountLine<'_>) -> bool,
) -> Option<CgroupMount> {
    let mut fallback = None;
    for line in mountinfo.lines() {
        let Some(mount) = parse_mount_line(line).filter(wanted) else {
            continue;
        };
        let mount = CgroupMount {
            root: unescape_mount_field(mount.root),
            point: unescape_mount_field(mount.point),
        };
        if relative_cgroup_path(&mount.root, cgroup_path).is_some() {
            return Some(mount);
        }
        fallback.get_or_insert(mount);
    }
    fallback
}

/// Undoes mountinfo's octal escapes (`\040` for space, `\011`, `\012`, `\134`).
fn unescape_mount_field(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 4) {
            Some([b'\\', a, b, c]) => octal_byte(*a, *b, *c),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn octal_byte(a: u8, b: u8, c: u8) -> Option<u8> {
    let digit = |d: u8| (b'0'..=b'7').contains(&d).then(|| u32::from(d - b'0'));
    u8::try_from(digit(a)? * 64 + digit(b)? * 8 + digit(c)?).ok()
}

/// `cgroup_path` relative to `mount_root`, if it lies beneath it and has
/// only plain components (no `..`, which cgroup namespaces can produce).
fn relative_cgroup_path(mount_root: &str, cgroup_path: &str) -> Option<PathBuf> {
    let relative = Path::new(cgroup_path).strip_prefix(mount_root).ok()?;
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| relative.to_path_buf())
}

/// `root` joined with the plain components of the absolute path `absolute`.
fn join_under(root: &Path, absolute: &str) -> PathBuf {
    let mut path = root.to_path_buf();
    for component in Path::new(absolute).components() {
        if let Component::Normal(part) = component {
            path.push(part);
        }
    }
    path
}

/// Reads the limit (tightest over the cgroup and its ancestors up to the
/// mount point) and the usage of the process's cgroup directory.
fn read_hierarchy(
    root: &Path,
    mount: &CgroupMount,
    cgroup_path: &str,
    version: CgroupVersion,
) -> CgroupMemory {
    let mount_dir = join_under(root, &mount.point);
    // Outside the mount root (cgroup namespaces) or not there: the process
    // sees its own cgroup at the mount point.
    let relative = relative_cgroup_path(&mount.root, cgroup_path)
        .filter(|relative| mount_dir.join(relative).is_dir())
        .unwrap_or_default();
    let limit = relative
        .ancestors()
        .filter_map(|dir| read_lossy(&mount_dir.join(dir).join(version.limit_file())))
        .filter_map(|text| parse_limit(&text))
        .min();
    let usage = read_lossy(&mount_dir.join(&relative).join(version.usage_file()))
        .and_then(|text| text.trim().parse().ok());
    CgroupMemory { limit, usage }
}

/// A `memory.max` / `memory.limit_in_bytes` value; `None` for unlimited or garbage.
fn parse_limit(text: &str) -> Option<u64> {
    let limit: u64 = text.trim().parse().ok()?;
    (limit < UNLIMITED_THRESHOLD).then_some(limit)
}

fn read_lossy(path: &Path) -> Option<String> {
    fs::read(path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

/// Where usable memory comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ram {
    /// This machine's, detected.
    Detect,
    /// Given (`--ram SIZE` / `NPMEM_RAM`).
    Override(Bytes),
}

impl Ram {
    /// The memory this says there is.
    pub fn resolve(&self) -> Result<MemoryInfo, MemoryError> {
        match self {
            Ram::Override(bytes) => Ok(MemoryInfo::from_override(bytes.clone())),
            Ram::Detect => detect(),
        }
    }
}

/// The memory an answer is checked against: usable memory, detected or given, and the share of
/// it the answer may take (`--budget`; all of it when none is given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowance {
    pub ram: Ram,
    pub budget: Option<Budget>,
}

impl Allowance {
    /// The bytes the budget allows out of `base` (usable memory, or one device's).
    pub fn budget_of(&self, base: &Bytes) -> Bytes {
        Budget::or_all(self.budget.as_ref(), base)
    }
}

/// Whether what is asked for fits the memory it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fits, with room for at least one more array the size of the largest.
    Ok,
    /// Fits, but the headroom is smaller than the largest array.
    Tight,
    /// Does not fit the budget.
    Over,
}

impl Status {
    /// Over when nothing is left, tight when less than `largest` (one more of the largest array,
    /// chunk or buffer) is left, else ok.
    pub fn judge(headroom: &num_bigint::BigInt, largest: &num_bigint::BigInt) -> Status {
        if headroom.sign() == num_bigint::Sign::Minus {
            Status::Over
        } else if headroom < largest {
            Status::Tight
        } else {
            Status::Ok
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Tight => "tight",
            Status::Over => "over",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;

    fn fixture(name: &str) -> PathBuf {
        Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/memory"
        ))
        .join(name)
    }

    fn detected(
        total: u64,
        available: u64,
        limit: Option<u64>,
        usage: Option<u64>,
        usable: u64,
    ) -> MemoryInfo {
        MemoryInfo {
            total_bytes: total.into(),
            available_bytes: available.into(),
            cgroup: CgroupMemory { limit, usage },
            usable_bytes: usable.into(),
            source: MemorySource::Detected,
        }
    }

    fn check(scenario: &str, expected: MemoryInfo) -> Result<(), MemoryError> {
        let info = detect_under(&fixture(scenario))?;
        assert_eq!(info, expected, "scenario {scenario}");
        Ok(())
    }

    /// Each fixture under tests/data/memory/ with what detection must make of it.
    #[test]
    fn scenarios() -> Result<(), MemoryError> {
        for (what, scenario, expected) in [
            (
                "v2_limited",
                "v2_limited",
                detected(16 * GIB, 8 * GIB, Some(4 * GIB), Some(GIB), 3 * GIB),
            ),
            (
                "v2_unlimited",
                "v2_unlimited",
                detected(16 * GIB, 8 * GIB, None, Some(GIB), 8 * GIB),
            ),
            (
                "v2_nested_takes_ancestor_limit",
                "v2_nested",
                detected(
                    16 * GIB,
                    8 * GIB,
                    Some(2 * GIB),
                    Some(512 * MIB),
                    1536 * MIB,
                ),
            ),
            (
                "v2_container_path_mismatch_uses_mount_point",
                "v2_container_path_mismatch",
                detected(
                    16 * GIB,
                    8 * GIB,
                    Some(2 * GIB),
                    Some(256 * MIB),
                    1792 * MIB,
                ),
            ),
            (
                "v2_path_outside_mount_root_uses_mount_point",
                "v2_path_outside_mount_root",
                detected(16 * GIB, 8 * GIB, Some(3 * GIB), Some(GIB), 2 * GIB),
            ),
            (
                "v2_missing_directory_uses_mount_point",
                "v2_missing_directory",
                detected(16 * GIB, 8 * GIB, Some(3 * GIB), Some(GIB), 2 * GIB),
            ),
            (
                "v2_no_mountinfo_entry_assumes_sys_fs_cgroup",
                "v2_no_mountinfo_entry",
                detected(16 * GIB, 8 * GIB, Some(6 * GIB), Some(5 * GIB), GIB),
            ),
            (
                "v1_limited",
                "v1_limited",
                detected(16 * GIB, 8 * GIB, Some(2 * GIB), Some(GIB), GIB),
            ),
            (
                "v1_unlimited",
                "v1_unlimited",
                detected(16 * GIB, 8 * GIB, None, Some(GIB), 8 * GIB),
            ),
            (
                "v1_combined_controllers",
                "v1_combined_controllers",
                detected(16 * GIB, 8 * GIB, Some(GIB), Some(100 * MIB), 924 * MIB),
            ),
            (
                "hybrid_prefers_v1",
                "hybrid_prefers_v1",
                detected(16 * GIB, 8 * GIB, Some(2 * GIB), Some(GIB), GIB),
            ),
            (
                "hybrid_without_v1_memory_mount_uses_v2",
                "hybrid_v1_unmounted",
                detected(16 * GIB, 8 * GIB, Some(4 * GIB), Some(GIB), 3 * GIB),
            ),
            // MemFree 1048576 kB + Buffers 102400 kB + Cached 524288 kB.
            (
                "no_memavailable_falls_back_to_free_buffers_cached",
                "no_memavailable",
                detected(4 * GIB, 1_675_264 * 1024, None, None, 1_675_264 * 1024),
            ),
            (
                "no_cgroup",
                "no_cgroup",
                detected(16 * GIB, 8 * GIB, None, None, 8 * GIB),
            ),
            (
                "limit_above_available",
                "limit_above_available",
                detected(16 * GIB, 4 * GIB, Some(16 * GIB), Some(GIB), 4 * GIB),
            ),
            (
                "usage_above_limit_saturates_to_zero",
                "usage_above_limit",
                detected(16 * GIB, 8 * GIB, Some(GIB), Some(1536 * MIB), 0),
            ),
            (
                "garbage_cgroup_files_mean_no_limit",
                "garbage",
                detected(16 * GIB, 8 * GIB, None, None, 8 * GIB),
            ),
        ] {
            check(scenario, expected).inspect_err(|_| eprintln!("{what}"))?;
        }
        Ok(())
    }

    #[test]
    fn missing_meminfo_is_an_error() {
        let err = detect_under(&fixture("missing_meminfo"));
        assert!(
            matches!(&err, Err(MemoryError::Read { path, .. }) if path.ends_with("proc/meminfo")),
            "{err:?}"
        );
        if let Err(err) = err {
            let message = err.to_string();
            assert!(message.starts_with("cannot read "), "{message}");
            assert!(message.contains("proc/meminfo"), "{message}");
            assert!(!message.contains('\n'), "{message}");
            assert!(std::error::Error::source(&err).is_none());
        }
    }

    #[test]
    fn meminfo_without_memtotal_is_an_error() {
        let err = detect_under(&fixture("no_memtotal"));
        assert!(
            matches!(
                &err,
                Err(MemoryError::MissingField {
                    field: "MemTotal",
                    ..
                })
            ),
            "{err:?}"
        );
        if let Err(err) = err {
            let message = err.to_string();
            assert!(
                message.ends_with("proc/meminfo has no valid MemTotal line"),
                "{message}"
            );
        }
    }

    #[test]
    fn meminfo_without_any_available_figure_is_an_error() {
        let text = "MemTotal: 1024 kB\nBuffers: 1 kB\n";
        let err = parse_meminfo(text, Path::new("/proc/meminfo"));
        assert!(
            matches!(
                err,
                Err(MemoryError::MissingField {
                    field: "MemAvailable or MemFree",
                    ..
                })
            ),
            "{err:?}"
        );
    }

    #[test]
    fn from_override_fills_every_figure() {
        assert_eq!(
            MemoryInfo::from_override(123.into()),
            MemoryInfo {
                total_bytes: 123.into(),
                available_bytes: 123.into(),
                cgroup: CgroupMemory::default(),
                usable_bytes: 123.into(),
                source: MemorySource::Override,
            }
        );
    }

    #[test]
    fn parses_meminfo_values() {
        for (text, want) in [
            ("   16384 kB", Some(16384 * 1024)),
            ("7", Some(7 * 1024)),
            ("7 MB", None),
            ("7 kB extra", None),
            ("-7 kB", None),
            ("", None),
            ("18446744073709551615 kB", None),
        ] {
            assert_eq!(parse_kib(text), want, "parse_kib({text:?})");
        }
    }

    #[test]
    fn parses_limits() {
        for (text, want) in [
            ("4294967296\n", Some(4 * GIB)),
            ("0", Some(0)),
            ("max\n", None),
            ("9223372036854771712\n", None),
            ("-1", None),
            ("", None),
        ] {
            assert_eq!(parse_limit(text), want, "parse_limit({text:?})");
        }
    }

    #[test]
    fn parses_self_cgroup() {
        let text = "12:cpu,cpuacct:/a\n4:cpu,memory:/b:c\n0::/d\n";
        assert_eq!(
            parse_self_cgroup(text),
            SelfCgroup {
                v1: Some("/b:c"),
                v2: Some("/d"),
            }
        );
        assert_eq!(
            parse_self_cgroup("4:memoryx:/a\n0:x:/b\n"),
            SelfCgroup::default()
        );
    }

    #[test]
    fn unescapes_mountinfo_fields() {
        assert_eq!(unescape_mount_field(r"/a\040b\134c"), r"/a b\c");
        assert_eq!(unescape_mount_field(r"/a\04"), r"/a\04");
        assert_eq!(unescape_mount_field(r"/a\777\x"), r"/a\777\x");
        assert_eq!(unescape_mount_field("/é\\011"), "/é\t");
    }

    #[test]
    fn relative_paths_stay_under_the_mount() {
        assert_eq!(
            relative_cgroup_path("/", "/a/b"),
            Some(PathBuf::from("a/b"))
        );
        assert_eq!(relative_cgroup_path("/a/b", "/a/b"), Some(PathBuf::new()));
        assert_eq!(relative_cgroup_path("/a", "/ab"), None);
        assert_eq!(relative_cgroup_path("/", "/../../x"), None);
        assert_eq!(relative_cgroup_path("", "/x"), None);
    }

    #[test]
    fn detect_on_this_machine() -> Result<(), MemoryError> {
        let info = detect()?;
        assert!(info.available_bytes > Bytes::from(0), "{info:?}");
        assert!(info.total_bytes >= info.available_bytes, "{info:?}");
        assert!(info.usable_bytes <= info.available_bytes, "{info:?}");
        assert_eq!(info.source, MemorySource::Detected);
        Ok(())
    }
}
