//! npmem's exit codes, in one place (documented in `--help` and the README).

/// What the process exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// The answer was given and the check (if any) passed: `ok` or `tight`.
    Success = 0,
    /// The check failed: over budget.
    CheckFailed = 1,
    /// Bad input or usage: nothing was computed.
    Usage = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}
