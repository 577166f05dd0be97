//! npmem: how much memory numpy arrays take, whether they fit this machine with room left for
//! intermediate results, and what each dtype gives up — numpy's answers, exactly, without Python.
//!
//! The binary is a thin shell around [`run`]: parse ([`cli`]) → settle ([`settings`]) → compute a
//! report ([`commands`]) → render it ([`render`]) → exit with the report's verdict ([`exit`]).

pub mod casting;
pub mod cli;
pub mod commands;
pub mod dask;
pub mod dtype;
pub mod error;
pub mod exit;
pub mod files;
pub mod lossless;
pub mod memory;
pub mod number;
pub mod numeric;
pub mod render;
pub mod report;
pub mod scan;
pub mod settings;
pub mod shape;
pub mod units;
pub mod values;

use clap::CommandFactory;

pub use error::Error;
pub use exit::ExitCode;

use report::Report;
use settings::{Settings, Task};

/// What a run produced: the whole of stdout, and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub code: ExitCode,
}

/// Run one command. Nothing is printed here: stdout is returned whole, so an error never
/// leaves half a document behind.
pub fn run(settings: &Settings) -> Result<Outcome, Error> {
    let report = match &settings.task {
        Task::Estimate(args) => Report::Estimate(commands::estimate::run(args, settings.platform)?),
        Task::Finfo(args) => Report::Finfo(commands::finfo::run(args, settings.platform)?),
        Task::Cast(args) => Report::Cast(commands::cast_check::run(args, settings.platform)?),
        Task::Scan(args) => Report::Scan(commands::cast_check::run_scan(args, settings.platform)?),
        Task::Values(args) => {
            Report::Values(commands::cast_check::run_values(args, settings.platform)?)
        }
        Task::Completions(shell) => {
            return Ok(Outcome {
                stdout: completions(*shell),
                code: ExitCode::Success,
            });
        }
    };
    let stdout = render::render(&report, &settings.output)
        .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
    let code = if report.passed() {
        ExitCode::Success
    } else {
        ExitCode::CheckFailed
    };
    Ok(Outcome { stdout, code })
}

/// The completion script for `shell`, generated from the clap definition.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli::Cli::command(), "npmem", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}
