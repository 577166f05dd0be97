//! One folder per subcommand, each holding its arguments, its computation (a report: plain
//! data) and its view (how the report reads as a table, plain lines or JSON). Commands compute
//! and never print; views print and never compute. Adding a subcommand is one folder here and
//! one variant in the CLI enum.

pub mod cast;
pub mod estimate;
pub mod finfo;
pub mod model;
pub mod peak;

use std::io::{self, Write};

use npmem::Error;
use npmem::dtype::Platform;

use crate::exit::ExitCode;
use crate::output::progress::Bar;
use crate::output::{Format, Output, json};

/// What a run produced: its stdout, and the exit code.
#[derive(Debug)]
pub struct Outcome {
    pub stdout: Stdout,
    pub code: ExitCode,
}

/// What a run prints: its text, whole; or an estimate's report, written as it is read (a file
/// of a million arrays is never held as its text). Either way every error was found before:
/// writing can fail only as the output itself fails.
#[derive(Debug)]
pub enum Stdout {
    Text(String),
    Estimate(Box<EstimateOutput>),
}

/// An estimate and how it is written.
#[derive(Debug)]
pub struct EstimateOutput {
    report: estimate::report::EstimateReport,
    format: EstimateFormat,
    output: Output,
    tensors: bool,
}

impl Stdout {
    pub fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        match self {
            Stdout::Text(text) => w.write_all(text.as_bytes()),
            Stdout::Estimate(e) => e.write_to(w),
        }
    }
}

impl EstimateOutput {
    fn write_to(&self, w: &mut dyn Write) -> io::Result<()> {
        let r = &self.report;
        match self.format {
            EstimateFormat::Shared(Format::Json) => json::write(r, w).map_err(io::Error::from),
            EstimateFormat::Shared(Format::Plain) => estimate::view::plain(r, &self.output, w),
            EstimateFormat::Shared(Format::Table) => {
                estimate::view::table(r, &self.output, self.tensors, w)
            }
            EstimateFormat::Bytes => writeln!(w, "{}", r.total_bytes.0),
        }
    }
}

/// What `estimate` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EstimateFormat {
    Shared(Format),
    /// Only the total, as an integer (`--bytes`).
    Bytes,
}

/// What `finfo` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinfoFormat {
    Shared(Format),
    /// Python's `repr()` of finfo/iinfo.
    Repr,
    /// Python's `str()` of finfo/iinfo.
    Str,
}

/// A subcommand with its arguments and the form of its answer, settled.
#[derive(Debug, Clone)]
pub enum Task {
    Estimate {
        args: estimate::EstimateArgs,
        format: EstimateFormat,
        /// `--tensors`: the table lists every array of a file, however many.
        every_tensor: bool,
    },
    /// `estimate --model`.
    Model(model::ModelArgs, EstimateFormat),
    Finfo(finfo::FinfoArgs, FinfoFormat),
    Cast(cast::CastArgs, Format),
    Peak(peak::PeakArgs, Format),
    Completions(clap_complete::Shell),
    /// A man page: npmem's, or a subcommand's.
    Man(Option<String>),
}

/// Run one command. Nothing is printed here: stdout is returned whole, so an error never
/// leaves half a document behind.
pub fn run(
    task: &Task,
    platform: Platform,
    output: &Output,
    progress: bool,
) -> Result<Outcome, Error> {
    let json_error = |e: serde_json::Error| Error::Usage(format!("cannot write JSON: {e}"));
    let (stdout, passed) = match task {
        Task::Estimate {
            args,
            format,
            every_tensor,
        } => {
            let r = estimate::run(args, platform)?;
            // The document is made once without being kept, so that an error is found before
            // anything is written.
            if *format == EstimateFormat::Shared(Format::Json) {
                json::check(&r).map_err(json_error)?;
            }
            let passed = r.passed();
            let stdout = Stdout::Estimate(Box::new(EstimateOutput {
                report: r,
                format: *format,
                output: *output,
                tensors: *every_tensor,
            }));
            let code = if passed {
                ExitCode::Success
            } else {
                ExitCode::CheckFailed
            };
            return Ok(Outcome { stdout, code });
        }
        Task::Model(args, format) => {
            let r = model::run(args, platform)?;
            let text = match format {
                EstimateFormat::Shared(Format::Json) => json::render(&r).map_err(json_error)?,
                EstimateFormat::Shared(Format::Plain) => model::view::plain(&r, output),
                EstimateFormat::Shared(Format::Table) => model::view::table(&r, output),
                EstimateFormat::Bytes => {
                    let worst = r.checkpoints.iter().map(|c| &c.required_bytes.0).max();
                    format!("{}\n", worst.cloned().unwrap_or_default())
                }
            };
            (text, r.passed())
        }
        Task::Finfo(args, format) => {
            let r = finfo::run(args, platform)?;
            let text = match format {
                FinfoFormat::Shared(Format::Json) => json::render(&r).map_err(json_error)?,
                FinfoFormat::Shared(Format::Plain) => finfo::view::plain(&r),
                FinfoFormat::Shared(Format::Table) => finfo::view::table(&r, output),
                FinfoFormat::Repr => finfo::view::python(&r, true),
                FinfoFormat::Str => finfo::view::python(&r, false),
            };
            (text, true)
        }
        Task::Cast(args, format) => {
            let r = if progress {
                cast::run(args, platform, &Bar::new())?
            } else {
                cast::run(args, platform, &npmem::cast::scan::Quiet)?
            };
            let text = match format {
                Format::Json => match &r {
                    cast::CastOutcome::Pair(r) => json::render(r),
                    cast::CastOutcome::Values(r) if r.each => json::lines(&r.values),
                    cast::CastOutcome::Values(r) => json::render(r),
                    cast::CastOutcome::ValuesSummary(r) => json::render(r),
                    cast::CastOutcome::File(r) => json::render(r),
                    cast::CastOutcome::ResultType(r) => json::render(r),
                }
                .map_err(json_error)?,
                Format::Plain => cast::view::plain(&r),
                Format::Table => cast::view::table(&r, output),
            };
            (text, r.passed())
        }
        Task::Peak(args, format) => {
            let r = peak::run(args)?;
            let text = match format {
                Format::Json => json::render(&r).map_err(json_error)?,
                Format::Plain => peak::view::plain(&r, output),
                Format::Table => peak::view::table(&r, output),
            };
            (text, r.passed())
        }
        Task::Completions(shell) => (crate::cli::completions(*shell), true),
        Task::Man(command) => match crate::cli::man_page(command.as_deref()) {
            Some(page) => (page, true),
            None => {
                return Err(Error::Usage(format!(
                    "no man page for '{}': the subcommands are {}",
                    command.as_deref().unwrap_or_default(),
                    crate::cli::man_subcommands().join(", ")
                )));
            }
        },
    };
    let code = if passed {
        ExitCode::Success
    } else {
        ExitCode::CheckFailed
    };
    Ok(Outcome {
        stdout: Stdout::Text(stdout),
        code,
    })
}
