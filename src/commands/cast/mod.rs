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

use npmem::cast::tolerance::{Tolerance, ToleranceReport};
use report::{CastReport, ResultTypeReport, ValuesReport, ValuesSummary};

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
    /// `--casting` was given (not only defaulted).
    pub casting_given: bool,
    /// `--each`: list every value, however many.
    pub each: bool,
    /// `--rtol`/`--atol`.
    pub tolerance: Option<Tolerance>,
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
    ValuesSummary(ValuesSummary),
    File(ScanReport),
    ResultType(ResultTypeReport),
}

impl CastOutcome {
    /// Whether the cast passes: exit 0, else 1.
    pub fn passed(&self) -> bool {
        match self {
            CastOutcome::Pair(c) => c.allowed,
            // Values pass when every one is within the tolerance, if one is given, else when
            // every one is stored exactly.
            CastOutcome::Values(ValuesReport { verdict, .. })
            | CastOutcome::ValuesSummary(ValuesSummary { verdict, .. }) => {
                ToleranceReport::passes(verdict.tolerance.as_ref(), verdict.lossless)
            }
            CastOutcome::File(s) => s.passed(),
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
    let with_values = !args.values.is_empty() || args.values_from.is_some() || args.sum;
    if let Some(url) = args
        .operands
        .first()
        .filter(|f| files::url_scheme(f).is_some())
    {
        return Err(Error::Usage(files::url_refusal(
            url,
            "cast-check reads every value of a file, from local files only",
        )));
    }
    let first = args.operands.first().map(|f| files::classify(f, platform));
    if let Some(Argument::Missing(problem)) = first {
        return Err(Error::Usage(problem));
    }
    // numpy's rules are about dtypes: numpy 2's can_cast refuses Python scalars (NEP 50), and a
    // file's values are checked one by one. Only npmem's own `lossless` applies to those.
    let numpy_rule = match args.rule {
        Rule::Numpy(c) if args.casting_given => Some(c.name()),
        _ => None,
    };
    let file = matches!(
        (&first, args.operands.len(), with_values),
        (Some(Argument::File { .. }), 2, false)
    );
    if let Some(rule) = numpy_rule.filter(|_| with_values || file) {
        let what = if with_values {
            "values: numpy 2's can_cast refuses Python scalars (NEP 50)"
        } else {
            "a file's values: it is numpy's rule between dtypes (npmem cast-check FROM TO)"
        };
        return Err(Error::Usage(format!(
            "--casting {rule} does not apply to {what}; values are checked one by one: lossless (the default, or --casting lossless), or within --rtol/--atol"
        )));
    }
    if args.tolerance.is_some() && !with_values && !file {
        return Err(Error::Usage(
            "--rtol/--atol are for values (TO --value V / --values-from FILE) and files (FILE[:NAME] TO): between dtypes, --casting picks the rule".to_string(),
        ));
    }
    let is_file = matches!(first, Some(Argument::File { .. }));
    if is_file && with_values {
        let flag = if args.values.is_empty() && args.values_from.is_none() {
            "--sum adds up values given with --value or --values-from"
        } else {
            "--value and --values-from give values to store into TO"
        };
        return Err(Error::Usage(format!(
            "{flag}; a file's values are checked with npmem cast-check FILE[:NAME] TO, which takes neither"
        )));
    }
    if args.each && !with_values {
        return Err(Error::Usage(
            "--each lists values: give TO with --value V or --values-from FILE".to_string(),
        ));
    }
    match (args.operands.as_slice(), with_values) {
        ([from, to], false) => match first {
            Some(Argument::File { path, member }) => Ok(CastOutcome::File(scan::check_file(
                &path,
                member.as_deref(),
                to,
                platform,
                scan::Check {
                    max_bytes: args.max_bytes,
                    tolerance: args.tolerance,
                },
                progress,
            )?)),
            _ => Ok(CastOutcome::Pair(pair::run(from, to, args.rule, platform)?)),
        },
        ([to], true) => {
            let value_args = values::ValueArgs {
                to: to.clone(),
                values: args.values.clone(),
                values_from: args.values_from.clone(),
                via: args.via,
                sum: args.sum,
                each: args.each,
                tolerance: args.tolerance,
            };
            Ok(match values::run_values(&value_args, platform)? {
                values::ValuesAnswer::Listed(r) => CastOutcome::Values(r),
                values::ValuesAnswer::Summary(r) => CastOutcome::ValuesSummary(r),
            })
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
