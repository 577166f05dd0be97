//! The second parsing step: the command line as typed becomes settled settings (platform,
//! output format, colour, units, and each command's arguments with sizes parsed). Nothing here
//! reads a file or the environment: what the terminal is comes in as [`Terminal`].

use npmem::Error;
use npmem::cast::rules::Casting;
use npmem::cast::store::Via;
use npmem::cast::tolerance::Tolerance;
use npmem::dask;
use npmem::dtype::Platform;
use npmem::units::{self, Bytes, SizeError, UnitSystem};

use crate::cli::{
    CastCli, CastingArg, Cli, ColorArg, Command, DaskCli, EstimateCli, FinfoFormatArg, FormatArg,
    FormatCli, MemoryCli, OptimizerArg, PeakCli, PlatformArg, PrecisionArg, UnitsArg, ViaArg,
};
use crate::commands::cast::{CastArgs, Rule};
use crate::commands::estimate::EstimateArgs;
use crate::commands::estimate::plan::{PlanArgs, WorkerArgs};
use crate::commands::finfo::FinfoArgs;
use crate::commands::model::report::Devices;
use crate::commands::model::{Context, ModelArgs, TrainArgs};
use crate::commands::peak::{PeakArgs, Script};
use crate::commands::{EstimateFormat, FinfoFormat, Task};
use crate::output::{Format, Output};
use npmem::memory::{Allowance, Ram};
use npmem::model::train::{Lora, Optimizer, Precision};

#[derive(Debug, Clone)]
pub struct Settings {
    pub platform: Platform,
    pub output: Output,
    /// Whether a long scan may draw a progress bar (stderr is a terminal).
    pub progress: bool,
    pub task: Task,
}

/// What the environment says about the terminal, read once by the binary.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub stderr_is_tty: bool,
    pub no_color: bool,
    pub dumb: bool,
    /// `COLUMNS`, or the terminal's width when stdout is one.
    pub columns: Option<u16>,
}

impl Settings {
    pub fn resolve(mut cli: Cli, terminal: Terminal) -> Result<Settings, Error> {
        let ram_from_env = cli.memory_mut().is_some_and(|m| m.ram_from_env);
        let platform = match cli.platform {
            None => Platform::host(),
            Some(PlatformArg::LinuxX86_64) => Platform::LINUX_X86_64,
            Some(PlatformArg::LinuxAarch64) => Platform::LINUX_AARCH64,
            Some(PlatformArg::MacosArm64) => Platform::MACOS_ARM64,
            Some(PlatformArg::WindowsX86_64) => Platform::WINDOWS_X86_64,
        };
        let color = match cli.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal.stdout_is_tty && !terminal.no_color && !terminal.dumb,
        };
        let units_given = cli.units.is_some();
        let units = match cli.units {
            Some(UnitsArg::Si) | None => UnitSystem::Si,
            Some(UnitsArg::Iec) => UnitSystem::Iec,
        };
        let task = match cli.command {
            Command::Estimate(e) => {
                let format = if e.bytes {
                    EstimateFormat::Bytes
                } else {
                    EstimateFormat::Shared(format(&e.output))
                };
                if e.model.model {
                    Task::Model(model_args(e)?, format)
                } else {
                    let every_tensor = e.tensors;
                    Task::Estimate {
                        args: estimate_args(e)?,
                        format,
                        every_tensor,
                    }
                }
            }
            Command::CastCheck(c) => {
                let shared = format(&c.output);
                Task::Cast(cast_args(c)?, shared)
            }
            Command::Finfo(f) => {
                let wanted = if f.output.json {
                    Some(FinfoFormatArg::Json)
                } else {
                    f.output.format
                };
                let format = match wanted {
                    Some(FinfoFormatArg::Repr) => FinfoFormat::Repr,
                    Some(FinfoFormatArg::Str) => FinfoFormat::Str,
                    Some(FinfoFormatArg::Json) => FinfoFormat::Shared(Format::Json),
                    Some(FinfoFormatArg::Plain) => FinfoFormat::Shared(Format::Plain),
                    Some(FinfoFormatArg::Table) | None => FinfoFormat::Shared(Format::Table),
                };
                Task::Finfo(
                    FinfoArgs {
                        dtypes: f.dtypes,
                        shape: f.shape,
                        exact: f.exact,
                    },
                    format,
                )
            }
            Command::Peak(p) => {
                let shared = format(&p.output);
                Task::Peak(peak_args(p)?, shared)
            }
            Command::Completions { shell } => Task::Completions(shell),
            Command::Man { command } => Task::Man(command),
        };
        // Colour is for people: never in JSON, --bytes, or Python's own text.
        let colored = matches!(
            task,
            Task::Estimate {
                format: EstimateFormat::Shared(Format::Table | Format::Plain),
                ..
            } | Task::Model(_, EstimateFormat::Shared(Format::Table | Format::Plain))
                | Task::Finfo(_, FinfoFormat::Shared(Format::Table | Format::Plain))
                | Task::Cast(_, Format::Table | Format::Plain)
                | Task::Peak(_, Format::Table | Format::Plain)
        );
        Ok(Settings {
            platform,
            output: Output {
                color: color && colored,
                units,
                units_given,
                ram_given_with: if ram_from_env { "NPMEM_RAM" } else { "--ram" },
                width: terminal.columns,
            },
            progress: terminal.stderr_is_tty,
            task,
        })
    }
}

/// The form an answer is printed in: `--json`, `--format`, or a table.
fn format(f: &FormatCli) -> Format {
    match (f.json, f.format) {
        (true, _) | (false, Some(FormatArg::Json)) => Format::Json,
        (false, Some(FormatArg::Plain)) => Format::Plain,
        (false, Some(FormatArg::Table) | None) => Format::Table,
    }
}

fn cast_args(c: CastCli) -> Result<CastArgs, Error> {
    let max_bytes = match &c.max_bytes {
        None => None,
        Some(text) => {
            let bytes = units::parse_size(text).map_err(|source| Error::Size {
                flag: "--max-bytes",
                source,
            })?;
            Some(bytes.to_u64().ok_or_else(|| Error::Size {
                flag: "--max-bytes",
                source: SizeError::TooLarge(text.clone()),
            })?)
        }
    };
    let rule = match c.casting.unwrap_or(CastingArg::Safe) {
        CastingArg::No => Rule::Numpy(Casting::No),
        CastingArg::Equiv => Rule::Numpy(Casting::Equiv),
        CastingArg::Safe => Rule::Numpy(Casting::Safe),
        CastingArg::SameKind => Rule::Numpy(Casting::SameKind),
        CastingArg::Unsafe => Rule::Numpy(Casting::Unsafe),
        CastingArg::Lossless => Rule::Lossless,
    };
    Ok(CastArgs {
        operands: c.dtypes,
        values: c.values,
        values_from: c.values_from,
        via: match c.via {
            ViaArg::String => Via::String,
            ViaArg::Float64 => Via::Float64,
        },
        sum: c.sum,
        rule,
        casting_given: c.casting.is_some(),
        each: c.each,
        tolerance: (c.rtol.is_some() || c.atol.is_some()).then(|| Tolerance {
            rtol: c.rtol.unwrap_or(Tolerance::NUMPY_RTOL),
            atol: c.atol.unwrap_or(Tolerance::NUMPY_ATOL),
        }),
        result_type: c.result_type,
        max_bytes,
    })
}

/// `--ram` (or `NPMEM_RAM`), then `--budget`.
fn memory_args(m: &MemoryCli) -> Result<Allowance, Error> {
    Ok(Allowance {
        ram: ram_arg(&m.ram)?,
        budget: budget_arg(m.budget.as_deref())?,
    })
}

fn ram_arg(ram: &Option<String>) -> Result<Ram, Error> {
    Ok(match ram {
        None => Ram::Detect,
        Some(text) => {
            let bytes = units::parse_size(text).map_err(|source| Error::Size {
                flag: "--ram (or NPMEM_RAM)",
                source,
            })?;
            if bytes.to_u64().is_none() {
                return Err(Error::Size {
                    flag: "--ram (or NPMEM_RAM)",
                    source: SizeError::TooLarge(text.clone()),
                });
            }
            Ram::Override(bytes)
        }
    })
}

fn budget_arg(budget: Option<&str>) -> Result<Option<units::Budget>, Error> {
    budget
        .map(units::parse_budget)
        .transpose()
        .map_err(|source| Error::Size {
            flag: "--budget",
            source,
        })
}

fn peak_args(p: PeakCli) -> Result<PeakArgs, Error> {
    let script = match (p.code, p.script) {
        (Some(code), _) => Script::Code(code),
        (None, Some(s)) if s == "-" => Script::Stdin,
        (None, Some(s)) => Script::Path(s.into()),
        (None, None) => {
            return Err(Error::Usage(
                "give a script, - for stdin, or -c CODE".into(),
            ));
        }
    };
    let sets = p
        .sets
        .iter()
        .map(|s| crate::commands::peak::parse_set(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PeakArgs {
        script,
        sets,
        top: p.top,
        memory: memory_args(&p.memory)?,
    })
}

fn estimate_args(e: EstimateCli) -> Result<EstimateArgs, Error> {
    let memory = memory_args(&e.memory)?;
    let plan = plan_args(&e.dask)?;
    Ok(EstimateArgs {
        specs: e.specs,
        dtype: e.dtype,
        as_dtype: e.as_dtype,
        plan,
        memory,
        temporaries: e.temporaries,
    })
}

/// `estimate --model`: checkpoints, context, KV cache, dtypes, devices and training.
fn model_args(e: EstimateCli) -> Result<ModelArgs, Error> {
    let m = e.model;
    let d = &e.dask;
    if d.chunks.is_some() || d.workers.is_some() {
        return Err(Error::Usage(
            "--chunks and --workers plan Dask arrays; they do not go with --model".to_string(),
        ));
    }
    if e.temporaries != 0 {
        return Err(Error::Usage(
            "--temporaries reserves room for numpy arrays; with --model the KV cache and training state are counted instead".to_string(),
        ));
    }
    let context = match m.context.as_deref() {
        None => Context::Model,
        // A number of tokens is read as one dimension is (8192, 1e5, 8_192), ? as the unknown one;
        // what is wrong is said in tokens, not in dimensions.
        Some(text) => match npmem::shape::parse_shape(text, text).as_deref() {
            Ok([npmem::shape::Dim::Unknown]) => Context::Solve,
            Ok([npmem::shape::Dim::Known(n)]) => Context::Tokens(*n),
            _ => {
                return Err(Error::Usage(format!(
                    "--context '{text}': one whole number of tokens (8192, 1e5) or ? for the longest that fits"
                )));
            }
        },
    };
    let device_memory = m
        .device_memory
        .as_deref()
        .map(|t| {
            units::parse_size(t).map_err(|source| Error::Size {
                flag: "--device-memory",
                source,
            })
        })
        .transpose()?;
    if m.lora_targets.iter().any(|t| t.trim().is_empty()) {
        return Err(Error::Usage(format!(
            "--lora-targets '{}': a module name is empty; write the names with one comma between them (q_proj,v_proj)",
            m.lora_targets.join(",")
        )));
    }
    let train = m.train.map(|o| TrainArgs {
        optimizer: match o {
            OptimizerArg::Adam => Optimizer::Adam,
            OptimizerArg::Adamw => Optimizer::AdamW,
            OptimizerArg::Sgd => Optimizer::Sgd,
            OptimizerArg::Adafactor => Optimizer::Adafactor,
            OptimizerArg::Adam8bit => Optimizer::Adam8bit,
        },
        precision: match m.precision {
            PrecisionArg::Fp32 => Precision::Fp32,
            PrecisionArg::MixedBf16 => Precision::MixedBf16,
            PrecisionArg::MixedFp16 => Precision::MixedFp16,
        },
        seq: m.seq,
        checkpointing: m.checkpointing,
        lora: m.lora_rank.map(|rank| Lora {
            rank,
            targets: m.lora_targets.clone(),
        }),
        zero: m.zero,
    });
    Ok(ModelArgs {
        paths: e.specs,
        as_type: e.as_dtype,
        context,
        batch: m.batch,
        kv_dtype: m.kv_dtype,
        dtypes: m.dtypes,
        devices: Devices {
            memory: device_memory,
            count: m.gpus,
        },
        train,
        memory: memory_args(&e.memory)?,
    })
}

/// `--chunks`, `--chunk-size`, `--previous-chunks` and the worker flags.
fn plan_args(e: &DaskCli) -> Result<PlanArgs, Error> {
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
    let size = |flag: &'static str, text: &str| -> Result<Bytes, Error> {
        units::parse_size(text).map_err(|source| Error::Size { flag, source })
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
