//! The second parsing step: the command line as typed becomes settled settings (platform,
//! output format, colour, units, and each command's arguments with sizes parsed).

use std::io::IsTerminal;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::cli::{CastCli, Cli, ColorArg, Command, EstimateCli, FormatArg, UnitsArg};
use crate::commands::cast_check::{CastArgs, Rule, ScanArgs, ValueArgs, split_file_argument};
use crate::commands::estimate::{EstimateArgs, Ram};
use crate::commands::finfo::FinfoArgs;
use crate::commands::plan::{PlanArgs, WorkerArgs};
use crate::dask;
use crate::dtype::Platform;
use crate::error::Error;
use crate::units::{self, SizeError, UnitSystem};
use crate::values::Via;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Plain,
    Json,
    /// Only the total, as an integer.
    Bytes,
    /// Python's `repr()` of finfo/iinfo.
    Repr,
    /// Python's `str()` of finfo/iinfo.
    Str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub color: bool,
    pub units: UnitSystem,
}

#[derive(Debug, Clone)]
pub enum Task {
    Estimate(EstimateArgs),
    Finfo(FinfoArgs),
    Cast(CastArgs),
    Values(ValueArgs),
    Scan(ScanArgs),
    Completions(clap_complete::Shell),
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub platform: Platform,
    pub output: Output,
    pub task: Task,
}

/// What the environment says about colour, read once.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub no_color: bool,
    pub dumb: bool,
}

impl Terminal {
    pub fn detect() -> Terminal {
        Terminal {
            stdout_is_tty: std::io::stdout().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
        }
    }
}

impl Settings {
    pub fn resolve(cli: Cli, terminal: Terminal) -> Result<Settings, Error> {
        let platform = match &cli.platform {
            None => Platform::host(),
            Some(name) => Platform::from_name(name).ok_or_else(|| Error::Platform(name.clone()))?,
        };
        let mut format = match (cli.json, cli.format) {
            (true, _) | (false, Some(FormatArg::Json)) => Format::Json,
            (false, Some(FormatArg::Plain)) => Format::Plain,
            (false, Some(FormatArg::Repr)) => Format::Repr,
            (false, Some(FormatArg::Str)) => Format::Str,
            (false, Some(FormatArg::Table) | None) => Format::Table,
        };
        let color = match cli.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal.stdout_is_tty && !terminal.no_color && !terminal.dumb,
        };
        let units = match cli.units {
            UnitsArg::Si => UnitSystem::Si,
            UnitsArg::Iec => UnitSystem::Iec,
        };
        let task = match cli.command {
            Command::Estimate(e) => {
                if matches!(format, Format::Repr | Format::Str) {
                    return Err(Error::Usage(
                        "--format repr and --format str are for finfo; estimate takes table, plain or json"
                            .to_string(),
                    ));
                }
                if e.bytes {
                    format = Format::Bytes;
                }
                Task::Estimate(estimate_args(e)?)
            }
            Command::CastCheck(c) => {
                if matches!(format, Format::Repr | Format::Str) {
                    return Err(Error::Usage(
                        "--format repr and --format str are for finfo; cast-check takes table, plain or json"
                            .to_string(),
                    ));
                }
                cast_task(c)?
            }
            Command::Finfo(f) => Task::Finfo(FinfoArgs {
                dtypes: f.dtypes,
                shape: f.shape,
                exact: f.exact,
            }),
            Command::Completions { shell } => Task::Completions(shell),
        };
        Ok(Settings {
            platform,
            output: Output {
                format,
                color: color && matches!(format, Format::Table | Format::Plain),
                units,
            },
            task,
        })
    }
}

fn cast_task(c: CastCli) -> Result<Task, Error> {
    let rule = Rule::parse(&c.casting).ok_or_else(|| {
        Error::Usage(format!(
            "unknown --casting '{}': use no, equiv, safe, same_kind, unsafe or lossless",
            c.casting
        ))
    })?;
    let mut values = c.values;
    if let Some(path) = &c.values_from {
        values.extend(read_values(path)?);
    }
    let with_values = !values.is_empty() || c.values_from.is_some() || c.sum;
    if let Some(problem) = c.dtypes.first().and_then(|f| crate::files::missing_file(f)) {
        return Err(Error::Usage(problem));
    }
    match (c.dtypes.as_slice(), with_values) {
        ([from, to], false) if split_file_argument(from).is_some() => {
            let (file, array) = split_file_argument(from).unwrap_or_default();
            Ok(Task::Scan(ScanArgs {
                file,
                array,
                to: to.clone(),
                progress: std::io::stderr().is_terminal(),
            }))
        }
        ([from, to], false) => Ok(Task::Cast(CastArgs {
            from: from.clone(),
            to: to.clone(),
            rule,
        })),
        ([to], true) => {
            if values.is_empty() {
                return Err(Error::Usage(
                    "no values: give --value V (repeatable) or --values-from FILE".to_string(),
                ));
            }
            Ok(Task::Values(ValueArgs {
                to: to.clone(),
                values,
                via: if c.via == "float64" { Via::Float64 } else { Via::String },
                sum: c.sum,
            }))
        }
        ([_], false) => Err(Error::Usage(
            "cast-check takes FROM TO, or TO with --value V / --values-from FILE".to_string(),
        )),
        (_, true) => Err(Error::Usage(
            "with --value or --values-from, give only the target dtype: npmem cast-check TO --value V"
                .to_string(),
        )),
        _ => Err(Error::Usage("cast-check takes FROM TO".to_string())),
    }
}

/// The longest line of a values file npmem reads (a number longer than this is a mistake).
const MAX_LINE_BYTES: u64 = 1 << 20;

/// One value per line; blank lines are skipped. Reads line by line with a bounded buffer.
fn read_values(path: &std::path::Path) -> Result<Vec<String>, Error> {
    use std::io::{BufRead, Read};
    let name = path.display().to_string();
    let reader: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::Usage(format!("--values-from {name}: {e}")))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut reader = reader;
    let mut values = Vec::new();
    let mut line_no = 0usize;
    loop {
        let mut buf = Vec::new();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::Usage(format!("--values-from {name}: {e}")))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if n as u64 > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            return Err(Error::Usage(format!(
                "--values-from {name}: line {line_no} is longer than 1 MiB"
            )));
        }
        let text = String::from_utf8(buf).map_err(|_| {
            Error::Usage(format!(
                "--values-from {name}: line {line_no} is not UTF-8 text"
            ))
        })?;
        let text = text.trim();
        if !text.is_empty() {
            values.push(text.to_string());
        }
    }
    Ok(values)
}

fn estimate_args(e: EstimateCli) -> Result<EstimateArgs, Error> {
    let ram = match &e.ram {
        None => Ram::Detect,
        Some(text) => {
            let bytes = units::parse_size(text).map_err(|source| Error::Size {
                flag: "--ram (or NPMEM_RAM)",
                source,
            })?;
            Ram::Override(bytes.to_u64().ok_or_else(|| Error::Size {
                flag: "--ram (or NPMEM_RAM)",
                source: SizeError::TooLarge(text.clone()),
            })?)
        }
    };
    let budget = e
        .budget
        .as_deref()
        .map(units::parse_budget)
        .transpose()
        .map_err(|source| Error::Size {
            flag: "--budget",
            source,
        })?;
    let plan = plan_args(&e)?;
    Ok(EstimateArgs {
        specs: e.specs,
        dtype: e.dtype,
        ram,
        budget,
        temporaries: e.temporaries,
        as_dtype: e.as_dtype,
        plan,
    })
}

/// `--chunks`, `--chunk-size`, `--previous-chunks` and the worker flags.
fn plan_args(e: &EstimateCli) -> Result<PlanArgs, Error> {
    let chunks = match &e.chunks {
        Some(text) => Some((
            text.clone(),
            dask::parse_chunks(text)
                .map_err(|m| Error::Usage(format!("--chunks '{text}': {m}")))?,
        )),
        None => None,
    };
    let limit = match &e.chunk_size {
        Some(text) => Some(dask::parse_limit(text).map_err(|err| {
            Error::Usage(format!(
                "--chunk-size '{text}': {}; write a byte size such as 128MiB, 64MB or 1000000 (units B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB)",
                err.message
            ))
        })?),
        None => None,
    };
    let previous = match &e.previous_chunks {
        Some(text) => Some((
            text.clone(),
            dask::parse_previous(text).map_err(|m| {
                Error::Usage(format!(
                    "--previous-chunks '{text}': {m} (write a chunk shape such as 100x100)"
                ))
            })?,
        )),
        None => None,
    };
    let size = |flag: &'static str, text: &str| -> Result<BigInt, Error> {
        units::parse_size(text)
            .map(BigInt::from)
            .map_err(|source| Error::Size { flag, source })
    };
    let workers = match e.workers {
        None => None,
        Some(0) => {
            return Err(Error::Usage(
                "--workers 0: a cluster needs at least one worker (--workers 1)".to_string(),
            ));
        }
        Some(count) => {
            if e.threads_per_worker == Some(0) {
                return Err(Error::Usage(
                    "--threads-per-worker 0: a worker runs at least one thread (--threads-per-worker 1)"
                        .to_string(),
                ));
            }
            if e.chunks_in_flight == 0 {
                return Err(Error::Usage(
                    "--chunks-in-flight 0: a running task holds at least its output chunk (--chunks-in-flight 1)"
                        .to_string(),
                ));
            }
            Some(WorkerArgs {
                count,
                threads: e.threads_per_worker,
                memory: e
                    .worker_memory
                    .as_deref()
                    .map(|t| size("--worker-memory", t))
                    .transpose()?,
                in_flight: e.chunks_in_flight,
                reserve: size("--worker-reserve", &e.worker_reserve)?,
            })
        }
    };
    if chunks.is_none() && workers.is_none() {
        for (flag, given) in [
            ("--chunk-size", e.chunk_size.is_some()),
            ("--previous-chunks", e.previous_chunks.is_some()),
        ] {
            if given {
                return Err(Error::Usage(format!(
                    "{flag} shapes a chunk plan: add --chunks auto (or --workers N)"
                )));
            }
        }
    }
    Ok(PlanArgs {
        chunks,
        limit,
        previous,
        workers,
    })
}
