//! The command line as the user types it (clap): closed sets of choices are enums. `settings.rs`
//! turns it into what commands use.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "How much memory numpy arrays take, and whether they fit — numpy's answers, exactly, without Python";

const MAIN_EXAMPLES: &str = "\
How much memory numpy arrays take, and whether they fit — numpy's answers, exactly, without Python.

Examples:
  npmem estimate 100x100x100x100                 800 MB of float64: does it fit this machine?
  npmem estimate model.safetensors --as float16  a checkpoint's tensors, from the header alone
  npmem finfo float16 bfloat16 float32           range and resolution, compared
  npmem cast-check float64 float16               what a cast loses, with witnesses
  npmem peak train.py --set N=1000000            a script's peak memory, without running it

'npmem help COMMAND' (or COMMAND --help) shows each command's options and examples.";

const EXIT_STATUS: &str = "\
Exit status:
  0  the answer was given, and the check passed (each subcommand's --help says which check)
  1  the check failed: arrays over the budget, a lossy cast, a promotion numpy refuses
  2  bad input or usage: an unknown dtype, a malformed shape or size, a bad flag";

const ESTIMATE_EXIT_STATUS: &str = "\
Exit status:
  0  the arrays fit (status ok or tight)
  1  status over: the required memory exceeds the budget (with --workers, a worker's
     required memory exceeds its memory)
  2  bad input or usage: an unknown dtype, a malformed shape or size, a bad flag";

const FINFO_EXIT_STATUS: &str = "\
Exit status:
  0  the limits were given
  2  bad input or usage: an unknown or non-numeric dtype, a malformed shape, a bad flag";

const PEAK_EXIT_STATUS: &str = "\
Exit status:
  0  the peak fits (status ok or tight)
  1  status over: the peak exceeds the budget
  2  bad input or usage: an unreadable script, a bad --set, a malformed size, a bad flag";

const ESTIMATE_EXAMPLES: &str = "\
Examples:
  npmem estimate 100x100x100x100                 800 MB of float64: does it fit?
  npmem estimate 4096x4096x512:f4 --budget 8GiB --temporaries 2
  npmem estimate 1e6:f4 '(1000, 1000):complex128' --json
  npmem estimate '?x1000:f4' --ram 4GB           the largest first dimension that fits
  npmem estimate 1000:uint8 --bytes              just the total: 1000
  npmem estimate 1e5x1e5:f4 --chunks auto        Dask's chunks, exactly as Dask plans them
  npmem estimate data.zarr --workers 8 --worker-memory 4GB   memory per Dask worker
  npmem estimate ./Llama-3-8B --model --context 8192 --device-memory 24GB
  npmem estimate ./model --model --context ? --as q4_k       the longest context that fits
  npmem estimate ./model --model --train adamw --seq 2048 --gpus 8 --zero 3
  npmem estimate hf://Qwen/Qwen2.5-7B --model      a Hub repository's headers, over HTTP
  npmem estimate 7e9:q4_k                        a parameter count in a quantised type

SPEC is SHAPE[:DTYPE]. SHAPE is 100x100, 100,100, 100*100, (100, 100), a single number for
1-d, or () for a scalar; numbers may be written 1_000, 1e6 or 1.25e8 (whole values only).
One dimension may be ? (or -1, after --): npmem solves for the largest value that fits the budget.
DTYPE is any numpy spelling: float32, f4, <f8, int8, U10, S5, M8[ns], 'f8,i4', (2,3)f4, T,
and the ml_dtypes formats (bfloat16, float8_e4m3fn, int4, ...); for weights also ggml's block
types (q8_0, q4_k, iq4_xs, ...) and bitsandbytes' nf4, fp4, nf4-dq, fp4-dq.

An argument that reads as a spec is one, even when a file of that name is in the current
directory: write ./1000 to read a file named 1000. An argument with a / or ending in the
extension of a format npmem reads (.npy, .zarr, ...) is a file, and a missing one is an error.
A URL (https://, http://, hf://ORG/MODEL[@REV][/FILE]) is read by its headers with range
requests; HF_TOKEN reads gated repositories (sent to the Hub's host only), HF_ENDPOINT moves it.";

const CAST_EXAMPLES: &str = "\
Examples:
  npmem cast-check int64 float64                 numpy: safe; npmem: 9007199254740993 is lost
  npmem cast-check float64 float16 --casting lossless
  npmem cast-check U10 U5 --json                 string truncation, with a witness
  npmem cast-check float32 bfloat16              the ml_dtypes formats too
  npmem cast-check float16 --value 2049.0000000000001      numpy rounds twice: 2048, not 2050
  npmem cast-check uint8 --value 300             numpy's OverflowError, and what astype gives
  npmem cast-check float32 --value 1 --value 1e-15 --sum
  npmem cast-check longdouble --value 1.80e308 --via float64
  npmem cast-check --result-type uint8 300       numpy: uint8, and the operation raises OverflowError
  npmem cast-check --result-type int16 uint16 float16 2.0 True
  npmem cast-check weights.npz:w float16 --max-bytes 4GB   every value, but not past 4 GB

Ctrl-C stops a file scan at once (exit 130, nothing on stdout).";

const PEAK_EXAMPLES: &str = "\
Examples:
  npmem peak train.py                            the peak, its line, and every line's numbers
  npmem peak train.py --set N=1000000 --top 5    at another size, the five heaviest lines
  npmem peak -c 'import numpy as np; a = np.ones((1000, 1000)); b = a * 2'
  npmem peak prep.py --budget 4GiB --json        exit 1 when the peak does not fit

The peak is numpy array data alive at once (numpy 2.5 on CPython 3.12), modelled from the code:
shapes from literals, constants, --set and the headers of files the script loads. What is not
modelled is listed by line, and the peak is then a lower bound.";

const CAST_EXIT_STATUS: &str = "\
Exit status:
  0  the cast is allowed under --casting (default safe; lossless: every value survives);
     with values: every value is stored exactly; with --result-type: numpy promotes
  1  it is not (with --result-type: numpy raises)
  2  bad input or usage";

const FINFO_EXAMPLES: &str = "\
Examples:
  npmem finfo                                    float16, float32, float64 and longdouble compared
  npmem finfo float16 bfloat16 float32 float8_e4m3fn --shape 1e9
  npmem finfo float64 --format repr              exactly repr(np.finfo(np.float64))
  npmem finfo longdouble --format str            numpy's \"Machine parameters\" block
  npmem finfo int8 uint64 int4 --json            iinfo: exact min and max
  npmem --platform linux-aarch64 finfo longdouble

Every value prints as numpy prints it (ml_dtypes formats as ml_dtypes prints them); JSON adds
each value as an exact fraction, and --exact its exact decimal expansion.";

#[derive(Debug, Parser)]
#[command(
    name = "npmem",
    version,
    about = ABOUT,
    long_about = MAIN_EXAMPLES,
    after_help = EXIT_STATUS,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Answer for another machine (default: this one)
    #[arg(long, global = true, value_enum, value_name = "PLATFORM")]
    pub platform: Option<PlatformArg>,

    /// When to colour the output
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Units for sizes people read: si (MB, GB) or iec (MiB, GiB) [default: si, and a size given in IEC units shows in them]; JSON is always exact bytes
    #[arg(long, global = true, value_enum, value_name = "UNITS")]
    pub units: Option<UnitsArg>,
}

impl Cli {
    /// The memory options of the subcommand, where it has them (estimate and peak).
    pub fn memory_mut(&mut self) -> Option<&mut MemoryCli> {
        match &mut self.command {
            Command::Estimate(e) => Some(&mut e.memory),
            Command::Peak(p) => Some(&mut p.memory),
            _ => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// How much memory arrays take, and whether they fit with room for temporaries
    #[command(after_help = format!("{ESTIMATE_EXAMPLES}\n\n{ESTIMATE_EXIT_STATUS}"))]
    Estimate(EstimateCli),

    /// Machine limits of numeric dtypes (numpy's finfo and iinfo), exact, and their comparison
    #[command(after_help = format!("{FINFO_EXAMPLES}\n\n{FINFO_EXIT_STATUS}"))]
    Finfo(FinfoCli),

    /// What a cast loses: numpy's can_cast under each rule, result_type (of any number of dtypes and Python scalars with --result-type), and every loss with its smallest witness
    #[command(name = "cast-check", after_help = format!("{CAST_EXAMPLES}\n\n{CAST_EXIT_STATUS}"))]
    CastCheck(CastCli),

    /// The peak memory of a numpy script, line by line, without running it
    #[command(after_help = format!("{PEAK_EXAMPLES}\n\n{PEAK_EXIT_STATUS}"))]
    Peak(PeakCli),

    /// Print a shell completion script
    #[command(hide = true)]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print a man page (roff): npmem's, or one subcommand's
    #[command(hide = true)]
    Man {
        /// The subcommand (estimate, finfo, cast-check, peak)
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
}

/// A dtype argument: any text (the catalogue parses it later), completed in shells with the
/// catalogue's names.
#[derive(Debug, Clone, Copy)]
pub struct DtypeName;

impl TypedValueParser for DtypeName {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(npmem::dtype::type_names().map(PossibleValue::new)))
    }
}

#[derive(Debug, Args)]
pub struct EstimateCli {
    #[arg(required = true, value_name = "SPEC|FILE", help = spec_help())]
    pub specs: Vec<String>,

    /// The dtype of specs that name none
    #[arg(long, short = 'd', value_name = "DTYPE", default_value = "float64", value_parser = DtypeName, hide_possible_values = true)]
    pub dtype: String,

    #[command(flatten)]
    pub memory: MemoryCli,

    /// Keep room for N more arrays the size of the largest (intermediate results)
    #[arg(long, short = 't', value_name = "N", default_value_t = 0)]
    pub temporaries: u64,

    /// Print only the total in bytes, as an integer
    #[arg(long, conflicts_with_all = ["format", "json"])]
    pub bytes: bool,

    /// List every array of a file in the table (files of more than 20 are summarised: grouped by layer, the largest named)
    #[arg(long)]
    pub tensors: bool,

    /// For FILE arguments: what the same data takes in another dtype (e.g. a bf16 checkpoint as float8_e4m3fn)
    #[arg(long = "as", value_name = "DTYPE", value_parser = DtypeName, hide_possible_values = true)]
    pub as_dtype: Option<String>,

    #[command(flatten)]
    pub dask: DaskCli,

    #[command(flatten)]
    pub model: ModelCli,

    #[command(flatten)]
    pub output: FormatCli,
}

/// How the answer is printed: `--format` among the command's forms `F` (estimate, cast-check
/// and peak: [`FormatArg`]; finfo adds Python's own text, [`FinfoFormatArg`]), or `--json`.
#[derive(Debug, Args)]
pub struct FormatCli<F: ValueEnum + Clone + Send + Sync + 'static = FormatArg> {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<F>,

    /// Print JSON (the same as --format json)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// The memory an answer is checked against (estimate and peak).
#[derive(Debug, Args)]
pub struct MemoryCli {
    /// Usable memory, instead of detecting it (e.g. 8GB, 16GiB)
    #[arg(
        long,
        env = "NPMEM_RAM",
        value_name = "SIZE",
        allow_hyphen_values = true
    )]
    pub ram: Option<String>,

    /// Memory the arrays may use: a size (4GiB) or a share of usable memory (50%) [default: usable memory]
    #[arg(long, value_name = "SIZE|PERCENT", allow_hyphen_values = true)]
    pub budget: Option<String>,

    /// Whether `--ram` came from `NPMEM_RAM` rather than the command line (set after parsing,
    /// from clap's value source), so that the answer names where the size was given.
    #[arg(skip)]
    pub ram_from_env: bool,
}

/// Estimate's options for Dask chunk plans and workers.
#[derive(Debug, Args)]
#[command(next_help_heading = "Chunks and workers (Dask)")]
pub struct DaskCli {
    /// Plan Dask chunks, exactly as Dask's normalize_chunks: auto, a chunk shape (1000x1000), one entry per dimension (auto,-1,1000) or a byte size (64MiB)
    #[arg(long, value_name = "CHUNKS", allow_hyphen_values = true)]
    pub chunks: Option<String>,

    /// The size auto chunks aim for: Dask's limit and array.chunk-size [default: 128MiB]
    #[arg(long, value_name = "SIZE", allow_hyphen_values = true)]
    pub chunk_size: Option<String>,

    /// Chunks to align auto chunks with (Dask's previous_chunks), e.g. 100x100; a Zarr array uses its storage chunks
    #[arg(long, value_name = "SHAPE")]
    pub previous_chunks: Option<String>,

    /// Dask workers the chunks are spread over: report the memory each needs
    #[arg(long, value_name = "N")]
    pub workers: Option<u64>,

    /// Threads (running tasks) per worker [default: this machine's cores / N, rounded up, as a local cluster]
    #[arg(long, value_name = "T", requires = "workers")]
    pub threads_per_worker: Option<u64>,

    /// Memory each worker has [default: this machine's usable memory / N, as a local cluster]
    #[arg(long, value_name = "SIZE", requires = "workers")]
    pub worker_memory: Option<String>,

    /// Chunks each running task holds at once, its inputs and its output
    #[arg(long, value_name = "K", default_value_t = 4, requires = "workers")]
    pub chunks_in_flight: u64,

    /// Memory each worker process takes before any chunk (interpreter, libraries)
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "256MiB",
        requires = "workers"
    )]
    pub worker_reserve: String,
}

/// Estimate's options for model checkpoints (`--model`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Models (--model)")]
pub struct ModelCli {
    /// Read each FILE as a model checkpoint (a directory with config.json, safetensors or an index, or GGUF; or its URL): weights, KV cache, training
    #[arg(long)]
    pub model: bool,

    /// Tokens of context for the KV cache, or ? for the longest that fits [default: the model's maximum]
    #[arg(long, value_name = "N|?", requires = "model")]
    pub context: Option<String>,

    /// Sequences at once (inference) or per device and step (training)
    #[arg(long, value_name = "B", default_value_t = 1, requires = "model")]
    pub batch: u64,

    /// The KV cache's type (float16, float8_e4m3fn, q8_0, …) [default: the model's torch_dtype; float16 for GGUF]
    #[arg(long, value_name = "DTYPE", value_parser = DtypeName, hide_possible_values = true, requires = "model")]
    pub kv_dtype: Option<String>,

    /// The comparison table's weight types, like accelerate's estimate-memory
    #[arg(
        long,
        value_name = "DTYPE,…",
        value_parser = DtypeName,
        value_delimiter = ',',
        default_value = "float32,bfloat16,int8,int4",
        hide_possible_values = true,
        requires = "model"
    )]
    pub dtypes: Vec<String>,

    /// Memory of one accelerator, instead of usable RAM (e.g. 80GB)
    #[arg(long, value_name = "SIZE", requires = "model")]
    pub device_memory: Option<String>,

    /// Devices the model is spread over: inference splits evenly, training follows --zero
    #[arg(long, value_name = "N", default_value_t = 1, requires = "model")]
    pub gpus: u64,

    /// Training memory with this optimizer
    #[arg(long, value_enum, value_name = "OPTIMIZER", requires = "model")]
    pub train: Option<OptimizerArg>,

    /// Training precision
    #[arg(long, value_enum, value_name = "PRECISION", default_value_t = PrecisionArg::MixedBf16, requires = "train")]
    pub precision: PrecisionArg,

    /// Training sequence length [default: --context, else the model's maximum]
    #[arg(long, value_name = "S", requires = "train")]
    pub seq: Option<u64>,

    /// Full activation checkpointing (each layer's input kept, the layer recomputed)
    #[arg(long, requires = "train")]
    pub checkpointing: bool,

    /// Train LoRA adapters of rank R instead of the whole model (the base frozen, in --as's type)
    #[arg(long, value_name = "R", requires = "train")]
    pub lora_rank: Option<u64>,

    /// The modules LoRA adapts
    #[arg(
        long,
        value_name = "NAME,…",
        value_delimiter = ',',
        default_value = "q_proj,v_proj",
        requires = "lora_rank"
    )]
    pub lora_targets: Vec<String>,

    /// ZeRO stage over --gpus: 1 shards optimizer state, 2 and gradients, 3 (FSDP full shard) and weights
    #[arg(long, value_name = "STAGE", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=3), requires = "train")]
    pub zero: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OptimizerArg {
    Adam,
    Adamw,
    /// SGD with momentum
    Sgd,
    Adafactor,
    /// bitsandbytes' 8-bit Adam
    Adam8bit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrecisionArg {
    Fp32,
    #[value(name = "mixed-bf16")]
    MixedBf16,
    #[value(name = "mixed-fp16")]
    MixedFp16,
}

#[derive(Debug, Args)]
pub struct PeakCli {
    /// The Python script (`-` for stdin)
    #[arg(
        value_name = "SCRIPT.py",
        required_unless_present = "code",
        conflicts_with = "code"
    )]
    pub script: Option<String>,

    /// The script as a string (a one-liner)
    #[arg(short = 'c', value_name = "CODE", allow_hyphen_values = true)]
    pub code: Option<String>,

    /// Replace the script's top-level binding of NAME: an integer (N=5000) or an array (X=1e6x128:f4)
    #[arg(long = "set", value_name = "NAME=SPEC|INT")]
    pub sets: Vec<String>,

    #[command(flatten)]
    pub memory: MemoryCli,

    /// Show only the K lines with the highest peaks in the table
    #[arg(long, value_name = "K")]
    pub top: Option<usize>,

    #[command(flatten)]
    pub output: FormatCli,
}

#[derive(Debug, Args)]
pub struct FinfoCli {
    /// Dtypes to describe and compare [default: float16 float32 float64 longdouble]
    #[arg(value_name = "DTYPE", value_parser = DtypeName, hide_possible_values = true)]
    pub dtypes: Vec<String>,

    /// Add the memory an array of this shape takes in each dtype (e.g. 1e9 or 4096x4096)
    #[arg(long, value_name = "SHAPE")]
    pub shape: Option<String>,

    /// Also show each value's exact decimal expansion
    #[arg(long)]
    pub exact: bool,

    #[command(flatten)]
    pub output: FormatCli<FinfoFormatArg>,
}

#[derive(Debug, Args)]
pub struct CastCli {
    /// FROM TO (a cast between dtypes), TO alone with --value / --values-from, or any number of operands with --result-type
    #[arg(
        value_name = "DTYPE",
        num_args = 1..,
        required = true,
        allow_negative_numbers = true,
        value_parser = DtypeName,
        hide_possible_values = true
    )]
    pub dtypes: Vec<String>,

    /// Promote the operands as np.result_type does; a number literal (300, -1, 2.0, 1e400, 3j, True) is a weak Python scalar (NEP 50)
    #[arg(
        long = "result-type",
        conflicts_with_all = ["values", "values_from", "sum", "via", "casting", "each", "rtol", "atol"]
    )]
    pub result_type: bool,

    /// A value to store into TO, read exactly as decimal text (repeatable): 1.5, -2e-3, inf, nan
    #[arg(long = "value", value_name = "V", allow_hyphen_values = true)]
    pub values: Vec<String>,

    /// Read values from FILE, one per line ('-' for standard input)
    #[arg(long, value_name = "FILE")]
    pub values_from: Option<std::path::PathBuf>,

    /// How values reach numpy: as strings (exact text) or as Python float literals (float64 first)
    #[arg(long, value_enum, value_name = "HOW", default_value_t = ViaArg::String)]
    pub via: ViaArg,

    /// Also sum the stored values as np.sum does, beside the exact sum
    #[arg(long)]
    pub sum: bool,

    /// List every value (JSON: one object per line), however many there are; past 20 values the default is a summary
    #[arg(long)]
    pub each: bool,

    /// Relative tolerance, as np.isclose: a value passes when |stored - exact| <= atol + rtol*|exact| (the exit code follows it)
    #[arg(long, value_name = "R", value_parser = tolerance)]
    pub rtol: Option<f64>,

    /// Absolute tolerance, as np.isclose (numpy's defaults for the one not given: rtol 1e-05, atol 1e-08)
    #[arg(long, value_name = "A", value_parser = tolerance)]
    pub atol: Option<f64>,

    /// The rule the exit code checks between dtypes: numpy's no, equiv, safe, same_kind, unsafe, or npmem's lossless [default: safe]; with a file, numpy's rule applies to its dtype
    #[arg(long, value_enum, value_name = "RULE")]
    pub casting: Option<CastingArg>,

    /// With FILE: refuse (exit 2) a scan of more than SIZE bytes of data (8GB, 512MiB), checked before it starts; a deflated .npz member counts its inflated bytes
    #[arg(long, value_name = "SIZE")]
    pub max_bytes: Option<String>,

    #[command(flatten)]
    pub output: FormatCli,
}

/// A tolerance: a finite number, zero or more.
fn tolerance(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "'{text}' is not a tolerance: give a finite number, zero or more (1e-3, 0.01, 0)"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A readable table
    Table,
    /// One line per result, for grep and awk
    Plain,
    /// A JSON document (the documented contract)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FinfoFormatArg {
    /// A comparison table
    Table,
    /// One line per dtype, for grep and awk
    Plain,
    /// A JSON document (the documented contract)
    Json,
    /// Exactly Python's repr(np.finfo(T))
    Repr,
    /// Exactly Python's str(np.finfo(T)), the "Machine parameters" block
    Str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitsArg {
    Si,
    Iec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    #[value(name = "linux-x86_64")]
    LinuxX86_64,
    #[value(name = "linux-aarch64")]
    LinuxAarch64,
    #[value(name = "macos-arm64")]
    MacosArm64,
    #[value(name = "windows-x86_64")]
    WindowsX86_64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViaArg {
    String,
    Float64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CastingArg {
    No,
    Equiv,
    Safe,
    #[value(name = "same_kind")]
    SameKind,
    Unsafe,
    Lossless,
}

/// The help of estimate's arguments, with the file formats from the library's registry.
fn spec_help() -> String {
    format!(
        "Arrays as SHAPE[:DTYPE] (e.g. 100x100x100x100 or 1e6:f4), or files: {}{}",
        npmem::files::described(),
        if cfg!(feature = "remote") {
            "; or checkpoints at a URL (https://…, hf://ORG/MODEL[@REV][/FILE]), headers only"
        } else {
            ""
        }
    )
}

/// The command line as npmem reads it. A negative number after an option is that option's value
/// (`--top -1`, `--gpus -2`), so the option's own parser says what is wrong with it, instead of
/// clap taking it for a flag it does not know.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    fn values_may_be_negative(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|a| {
            if a.is_positional() || !a.get_action().takes_values() {
                a
            } else {
                a.allow_negative_numbers(true)
            }
        })
        .mut_subcommands(values_may_be_negative)
    }
    values_may_be_negative(Cli::command())
}

/// A clap error on one line, built from the error's kind and context (what was wrong, clap's
/// suggestions, the possible values), ending with where to look.
pub fn error_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    let text = |kind: C| match e.get(kind) {
        Some(V::String(s)) => s.clone(),
        Some(V::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let list = |kind: C| match e.get(kind) {
        Some(V::Strings(v)) => v.clone(),
        Some(V::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(C::InvalidArg);
    let value = text(C::InvalidValue);
    let mut parts = vec![match e.kind() {
        K::UnknownArgument => format!("unexpected argument '{arg}' found"),
        K::InvalidSubcommand => format!("unrecognized subcommand '{}'", text(C::InvalidSubcommand)),
        K::InvalidValue if value.is_empty() => {
            format!("a value is required for '{arg}' but none was supplied")
        }
        K::InvalidValue => format!("invalid value '{value}' for '{arg}'"),
        K::ValueValidation => {
            let why = std::error::Error::source(e).map_or_else(String::new, |s| {
                let s = s.to_string();
                // Rust's integer parse errors, in words about the value.
                if s.contains("invalid digit") && value.trim().starts_with('-') {
                    ": a count is 0 or more".to_string()
                } else if s.contains("invalid digit") || s.contains("empty string") {
                    ": write a whole number, like 2".to_string()
                } else if s.contains("too large") {
                    format!(": at most {}", u64::MAX)
                } else {
                    format!(": {s}")
                }
            });
            format!("invalid value '{value}' for '{arg}'{why}")
        }
        K::TooManyValues => {
            format!("unexpected value '{value}' for '{arg}' found; no more were expected")
        }
        K::ArgumentConflict => {
            format!(
                "the argument '{arg}' cannot be used with '{}'",
                text(C::PriorArg)
            )
        }
        K::MissingRequiredArgument => {
            let mut missing = list(C::InvalidArg);
            missing.insert(
                0,
                "the following required arguments were not provided".to_string(),
            );
            missing.join("; ")
        }
        K::MissingSubcommand => {
            format!("'{}' requires a subcommand", text(C::InvalidSubcommand))
        }
        other => other
            .as_str()
            .unwrap_or("the command line is not valid")
            .to_string(),
    }];
    if e.kind() == K::InvalidValue && !value.is_empty() {
        let valid = list(C::ValidValue);
        if !valid.is_empty() {
            parts.push(format!("[possible values: {}]", valid.join(", ")));
        }
    }
    for (kind, what) in [
        (C::SuggestedArg, "argument"),
        (C::SuggestedSubcommand, "subcommand"),
        (C::SuggestedValue, "value"),
    ] {
        for s in list(kind) {
            parts.push(format!("a similar {what} exists: '{s}'"));
        }
    }
    if let Some(V::StyledStrs(tips)) = e.get(C::Suggested) {
        parts.extend(tips.iter().map(ToString::to_string));
    }
    parts.push("see 'npmem --help'".to_string());
    parts.join("; ")
}

/// The completion script for `shell`, generated from the clap definition.
pub fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "npmem", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man page of npmem (`None`) or of one subcommand, generated from the clap definition;
/// `None` when there is no such subcommand.
pub fn man_page(subcommand: Option<&str>) -> Option<String> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let man = match subcommand {
        None => clap_mangen::Man::new(cmd),
        Some(name) => {
            let sub = cmd
                .get_subcommands()
                .find(|c| c.get_name() == name && !c.is_hide_set())?
                .clone();
            clap_mangen::Man::new(sub).title(format!("npmem-{name}"))
        }
    };
    let mut buf = Vec::new();
    man.render(&mut buf).ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// The subcommands a man page is written for.
pub fn man_subcommands() -> Vec<String> {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    #[test]
    fn the_help_lists_every_format_the_registry_reads() {
        let mut cmd = Cli::command();
        cmd.build();
        let help = cmd
            .find_subcommand_mut("estimate")
            .map(|e| e.render_long_help().to_string())
            .unwrap_or_default();
        for reader in &npmem::files::READERS {
            assert!(
                help.contains(reader.describe),
                "{} missing from:\n{help}",
                reader.describe
            );
        }
    }
}
