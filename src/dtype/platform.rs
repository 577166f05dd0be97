//! The machines npmem can answer for. A platform is a value passed down to the catalogue, never
//! a `cfg!`: `--platform windows-x86_64` answers for Windows from a Linux box.

use std::fmt;

/// How `long double` is stored on a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongDouble {
    /// x87 80-bit extended precision, padded to 16 bytes (Linux on x86-64).
    X87Extended,
    /// IEEE 754 binary128 (Linux on AArch64).
    Binary128,
    /// Just `double` (macOS on Apple silicon, Windows).
    Double,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Platform {
    pub name: &'static str,
    /// `sizeof(long)`: 8 on LP64 (Linux, macOS), 4 on LLP64 (Windows).
    pub c_long_bytes: u8,
    pub long_double: LongDouble,
}

impl Platform {
    const fn new(name: &'static str, c_long_bytes: u8, long_double: LongDouble) -> Platform {
        Platform {
            name,
            c_long_bytes,
            long_double,
        }
    }

    pub const LINUX_X86_64: Platform = Platform::new("linux-x86_64", 8, LongDouble::X87Extended);
    pub const LINUX_AARCH64: Platform = Platform::new("linux-aarch64", 8, LongDouble::Binary128);
    pub const MACOS_ARM64: Platform = Platform::new("macos-arm64", 8, LongDouble::Double);
    pub const WINDOWS_X86_64: Platform = Platform::new("windows-x86_64", 4, LongDouble::Double);

    pub const ALL: [Platform; 4] = [
        Platform::LINUX_X86_64,
        Platform::LINUX_AARCH64,
        Platform::MACOS_ARM64,
        Platform::WINDOWS_X86_64,
    ];

    /// The platform this binary runs on, or the nearest one npmem knows (every supported
    /// platform is little-endian with 8-byte pointers).
    pub fn host() -> Platform {
        if cfg!(target_os = "windows") {
            Platform::WINDOWS_X86_64
        } else if cfg!(target_os = "macos") {
            Platform::MACOS_ARM64
        } else if cfg!(target_arch = "aarch64") {
            Platform::LINUX_AARCH64
        } else {
            Platform::LINUX_X86_64
        }
    }

    pub fn from_name(name: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.name == name)
    }

    /// Bytes of a `long double` as numpy stores it (its itemsize).
    pub fn long_double_bytes(self) -> u8 {
        match self.long_double {
            LongDouble::X87Extended | LongDouble::Binary128 => 16,
            LongDouble::Double => 8,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}
