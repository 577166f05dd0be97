//! `npmem peak SCRIPT.py`: the peak memory of a numpy script, line by line, without running it.
//! The planner lives in the library (`npmem::peak`); this is its arguments, its run (script,
//! `--set`, memory and budget as `estimate` settles them) and its report.

pub mod report;
pub mod view;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use num_bigint::BigInt;

use npmem::Error;
use npmem::files;
use npmem::memory::{Allowance, Status};
use npmem::peak::{self, Options, SetValue};
use npmem::units::Bytes;

use super::estimate::memory_report;
use report::PeakReport;

/// Where the script comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Script {
    Path(PathBuf),
    Stdin,
    Code(String),
}

#[derive(Debug, Clone)]
pub struct PeakArgs {
    pub script: Script,
    pub sets: Vec<(String, SetValue)>,
    /// `--top K`: only the K lines with the highest peaks in the table.
    pub top: Option<usize>,
    /// `--ram` and `--budget`.
    pub memory: Allowance,
}

/// `--set NAME=INT` or `--set NAME=SPEC` (an array: `1e6x128:f4`).
pub fn parse_set(text: &str) -> Result<(String, SetValue), Error> {
    let usage = |why: &str| {
        Error::Usage(format!(
            "--set '{text}': {why}; write NAME=INT (N=5000) or NAME=SPEC (X=1e6x128:f4)"
        ))
    };
    let (name, value) = text.split_once('=').ok_or_else(|| usage("no '='"))?;
    let name = name.trim();
    if name.is_empty()
        || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(usage("the name is not a Python identifier"));
    }
    let value = value.trim();
    if value.is_empty() {
        return Err(usage("no value after '='"));
    }
    let digits: String = value.chars().filter(|&c| c != '_').collect();
    if let Ok(i) = digits.parse::<i128>() {
        return Ok((name.to_string(), SetValue::Int(i)));
    }
    let spec = npmem::shape::parse_spec(value).map_err(|e| usage(&e.to_string()))?;
    let shape: Option<Vec<u64>> = spec
        .dims
        .iter()
        .map(|d| match d {
            npmem::shape::Dim::Known(n) => Some(*n),
            npmem::shape::Dim::Unknown => None,
        })
        .collect();
    let shape = shape.ok_or_else(|| usage("an unknown dimension"))?;
    let dtype_text = spec.dtype.clone().unwrap_or_else(|| "float64".to_string());
    let dtype = npmem::dtype::parse(&dtype_text, npmem::dtype::Platform::LINUX_X86_64)?;
    Ok((name.to_string(), SetValue::Array { shape, dtype }))
}

/// The script at `path`, read whole. Only a regular file is opened, as every file npmem reads (a
/// FIFO or a device is refused at once rather than waited on); a missing one is named with the
/// names nearest it.
fn read_script(path: &Path) -> Result<String, Error> {
    let shown = path.display().to_string();
    if shown.is_empty() {
        return Err(Error::Usage(
            "the script's path is empty: give SCRIPT.py, - for stdin, or -c CODE".to_string(),
        ));
    }
    // Only a path that is not there gets "no such file"; another failure (no permission to a
    // folder on the way) is the reader's own error, below.
    if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return Err(Error::Usage(format!(
            "no such file or directory: '{shown}'{}",
            files::did_you_mean(&files::near_names(&shown))
        )));
    }
    let mut text = String::new();
    files::open_regular(path)?
        .read_to_string(&mut text)
        .map_err(|e| files::io_error(path, e))?;
    Ok(text)
}

pub fn run(args: &PeakArgs) -> Result<PeakReport, Error> {
    let (label, source, path) = match &args.script {
        Script::Path(p) => (p.display().to_string(), read_script(p)?, Some(p.clone())),
        Script::Stdin => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Error::Usage(format!("cannot read the script from stdin: {e}")))?;
            ("<stdin>".to_string(), text, None)
        }
        Script::Code(code) => ("<string>".to_string(), code.clone(), None),
    };
    let options = Options {
        script: path,
        sets: args.sets.clone(),
    };
    let plan = peak::plan(&source, &options)
        .map_err(|e| Error::Usage(format!("{label}: cannot parse the script: {e}")))?;

    let memory = args.memory.ram.resolve()?;
    let budget = args.memory.budget_of(&memory.usable_bytes).0;
    let peak_bytes = BigInt::from(plan.peak.bytes);
    let largest = BigInt::from(
        plan.alive_at_peak
            .iter()
            .map(|a| a.nbytes)
            .max()
            .unwrap_or(0),
    );
    let headroom = &budget - &peak_bytes;
    let status = Status::judge(&headroom, &largest);
    Ok(PeakReport {
        script: label,
        plan,
        memory: memory_report(&memory),
        budget_bytes: Bytes(budget),
        headroom_bytes: Bytes(headroom),
        status,
        top: args.top,
    })
}
