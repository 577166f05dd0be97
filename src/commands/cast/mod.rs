//! `npmem cast-check`: what a cast loses, and what numpy promotes to. Four questions, one
//! subcommand:
//! - `FROM TO` ([`pair`]): numpy's verdict under each rule, numpy's promotion, and every loss
//!   with its smallest witness;
//! - `TO --value V…` ([`values`]): each value stored as numpy stores it;
//! - `FILE[:NAME] TO`: a file's values streamed through the cast (the core's `cast::scan`);
//! - `--result-type A B C …` ([`promotion`]): `np.result_type` of any number of dtypes and
//!   Python scalars (NEP 50), with what numpy does to each scalar in an operation.

pub mod pair;
pub mod promotion;
pub mod report;
pub mod values;
pub mod view;

use std::path::PathBuf;

use npmem::Error;
use npmem::cast::rules::Casting;
use npmem::cast::scan::{self, Progress, ScanReport};
use npmem::cast::store::Via;
use npmem::dtype::Platform;
use npmem::files::{self, Argument};

use report::{CastReport, ResultTypeReport, ValuesReport};

/// The rule a cast is checked against for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Numpy(Casting),
    /// npmem's own: every value survives.
    Lossless,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Numpy(c) => c.name(),
            Rule::Lossless => "lossless",
        }
    }
}

/// `cast-check` as the user asked for it; which of the three questions it is is decided once,
/// in [`run`].
#[derive(Debug, Clone)]
pub struct CastArgs {
    /// FROM TO, or TO alone with values.
    pub operands: Vec<String>,
    pub values: Vec<String>,
    pub values_from: Option<PathBuf>,
    pub via: Via,
    pub sum: bool,
    pub rule: Rule,
    /// `--result-type`: the operands are promoted together, as `np.result_type` does.
    pub result_type: bool,
    /// `--max-bytes`: the most bytes of data a file scan may read.
    pub max_bytes: Option<u64>,
}

/// What `cast-check` answered.
#[derive(Debug, Clone)]
pub enum CastOutcome {
    Pair(CastReport),
    Values(ValuesReport),
    File(ScanReport),
    ResultType(ResultTypeReport),
}

impl CastOutcome {
    /// Whether the cast passes: exit 0, else 1.
    pub fn passed(&self) -> bool {
        match self {
            CastOutcome::Pair(c) => c.allowed,
            CastOutcome::Values(v) => v.lossless,
            CastOutcome::File(s) => s.lossless,
            CastOutcome::ResultType(r) => r.promotes(),
        }
    }
}

pub fn run(
    args: &CastArgs,
    platform: Platform,
    progress: &dyn Progress,
) -> Result<CastOutcome, Error> {
    if args.result_type {
        return Ok(CastOutcome::ResultType(promotion::run(
            &args.operands,
            platform,
        )?));
    }
    let mut given = args.values.clone();
    if let Some(path) = &args.values_from {
        given.extend(values::read_values(path)?);
    }
    let with_values = !given.is_empty() || args.values_from.is_some() || args.sum;
    let first = args.operands.first().map(|f| files::classify(f, platform));
    if let Some(Argument::Missing(problem)) = first {
        return Err(Error::Usage(problem));
    }
    let is_file = matches!(first, Some(Argument::File { .. }));
    if is_file && with_values {
        let flag = if given.is_empty() && args.values_from.is_none() {
            "--sum adds up values given with --value or --values-from"
        } else {
            "--value and --values-from give values to store into TO"
        };
        return Err(Error::Usage(format!(
            "{flag}; a file's values are checked with npmem cast-check FILE[:NAME] TO, which takes neither"
        )));
    }
    match (args.operands.as_slice(), with_values) {
        ([from, to], false) => match first {
            Some(Argument::File { path, member }) => Ok(CastOutcome::File(scan::check_file(
                &path,
                member.as_deref(),
                to,
                platform,
                args.max_bytes,
                progress,
            )?)),
            _ => Ok(CastOutcome::Pair(pair::run(from, to, args.rule, platform)?)),
        },
        ([to], true) => {
            if given.is_empty() {
                return Err(Error::Usage(
                    "no values: give --value V (repeatable) or --values-from FILE".to_string(),
                ));
            }
            let value_args = values::ValueArgs {
                to: to.clone(),
                values: given,
                via: args.via,
                sum: args.sum,
            };
            Ok(CastOutcome::Values(values::run_values(&value_args, platform)?))
        }
        ([file], false) if is_file => Err(Error::Usage(format!(
            "'{file}' is a file: give the dtype to cast its values to, as npmem cast-check {file} float16"
        ))),
        ([_], false) => Err(Error::Usage(
            "cast-check takes FROM TO, FILE[:NAME] TO, or TO with --value V / --values-from FILE"
                .to_string(),
        )),
        (_, true) => Err(Error::Usage(
            "with --value or --values-from, give only the target dtype: npmem cast-check TO --value V"
                .to_string(),
        )),
        (many, false) => Err(Error::Usage(format!(
            "cast-check takes FROM TO (or TO --value V); for np.result_type of {} operands add --result-type",
            many.len()
        ))),
    }
}
