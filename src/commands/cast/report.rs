//! What `cast-check` returns: plain data, serialisable as the JSON contract.

use serde::Serialize;

use npmem::cast::CastNames;
use npmem::cast::bulk::{Counts, Judgement};
use npmem::cast::losses::Loss;
use npmem::cast::rules::Casting;
use npmem::cast::scan::file::LargestErrors;
pub use npmem::cast::tolerance::ToleranceReport;

/// `cast-check FROM TO`: numpy's verdicts and npmem's.
#[derive(Debug, Clone, Serialize)]
pub struct CastReport {
    /// Always `"dtypes"`.
    pub kind: &'static str,
    #[serde(flatten)]
    pub cast: CastNames,
    /// `np.can_cast(FROM, TO, casting=rule)` for each rule, strictest first.
    pub can_cast: CastVerdicts,
    /// `np.result_type(FROM, TO)`'s name; `null` when numpy cannot promote.
    pub result_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_error: Option<String>,
    pub lossless: bool,
    pub losses: Vec<Loss>,
    #[serde(skip)]
    pub rule: &'static str,
    /// Whether the cast passes `--casting` (the exit code).
    #[serde(skip)]
    pub allowed: bool,
}

/// `np.can_cast` under each rule, in numpy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CastVerdicts {
    pub no: bool,
    pub equiv: bool,
    pub safe: bool,
    pub same_kind: bool,
    #[serde(rename = "unsafe")]
    pub unsafe_: bool,
}

impl CastVerdicts {
    pub fn get(&self, rule: Casting) -> bool {
        use Casting as C;
        match rule {
            C::No => self.no,
            C::Equiv => self.equiv,
            C::Safe => self.safe,
            C::SameKind => self.same_kind,
            C::Unsafe => self.unsafe_,
        }
    }
}

/// A value as numpy stores it (or numpy's error, and what `astype` gives instead).
#[derive(Debug, Clone, Serialize)]
pub struct StoredText {
    pub value: Option<String>,
    pub exact: Option<String>,
    pub error: Option<String>,
    /// A complex value's parts (`value` and `exact` then write both: `(1+2j)`, `1/1+2/1j`).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub parts: Option<ComplexParts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub astype: Option<Box<StoredText>>,
    /// numpy's warning for what `astype` does (`ComplexWarning: …`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A value and its exact fraction.
#[derive(Debug, Clone, Serialize)]
pub struct ValueText {
    pub value: String,
    pub exact: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub parts: Option<ComplexParts>,
}

/// The real and imaginary parts of a complex value, each as numpy prints it and exactly.
#[derive(Debug, Clone, Serialize)]
pub struct ComplexParts {
    pub real: Box<ValueText>,
    pub imag: Box<ValueText>,
}

/// What a cast did to each part of a complex value.
#[derive(Debug, Clone, Serialize)]
pub struct PartJudgements {
    pub real: Judgement<String>,
    pub imag: Judgement<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueEntry {
    pub input: String,
    pub numpy: StoredText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correctly_rounded: Option<ValueText>,
    /// `exact`, `overflow`, `above_max`, `underflow`, `subnormal`, `abs_error`, `rel_error` (exact
    /// fractions) and `within_tolerance`.
    #[serde(flatten)]
    pub judged: Judgement<String>,
    /// Complex targets: the same for each part (the value's own flags are either part's, its
    /// errors the larger part's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<PartJudgements>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SumReport {
    pub numpy: ValueText,
    pub exact: String,
}

/// What every values report starts with.
#[derive(Debug, Clone, Serialize)]
pub struct ValuesHead {
    /// Always `"values"`.
    pub kind: &'static str,
    pub to: String,
    pub via: &'static str,
}

impl ValuesHead {
    /// How the values were passed, for people.
    pub fn passed_as(&self) -> &'static str {
        if self.via == "string" {
            "strings"
        } else {
            "Python floats"
        }
    }
}

/// What every values report ends with: its verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct ValuesVerdict {
    pub lossless: bool,
    pub smallest_lossless_dtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<ToleranceReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<SumReport>,
}

/// `cast-check TO --value V…`: how numpy stores each value.
#[derive(Debug, Clone, Serialize)]
pub struct ValuesReport {
    #[serde(flatten)]
    pub head: ValuesHead,
    pub values: Vec<ValueEntry>,
    #[serde(flatten)]
    pub verdict: ValuesVerdict,
    /// `--each`: JSON as one object per value and line.
    #[serde(skip)]
    pub each: bool,
}

/// Past a handful of values: the whole of them, summed up.
#[derive(Debug, Clone, Serialize)]
pub struct ValuesSummary {
    #[serde(flatten)]
    pub head: ValuesHead,
    #[serde(flatten)]
    pub counts: Counts,
    /// The largest errors, exact and rounded to float64.
    #[serde(flatten)]
    pub errors: LargestErrors,
    /// The worst values, worst first.
    pub worst: Vec<WorstEntry>,
    #[serde(flatten)]
    pub verdict: ValuesVerdict,
}

/// One of the worst values: its place among the values (1-based) and its entry.
#[derive(Debug, Clone, Serialize)]
pub struct WorstEntry {
    pub position: u64,
    #[serde(flatten)]
    pub value: ValueEntry,
}

/// `cast-check --result-type A B C …`: `np.result_type` of the operands, or numpy's error.
#[derive(Debug, Clone, Serialize)]
pub struct ResultTypeReport {
    /// Always `"result_type"`.
    pub kind: &'static str,
    /// The operands as typed.
    pub operands: Vec<String>,
    /// numpy's name of the result; `null` when numpy raises.
    pub result_type: Option<String>,
    /// numpy's message when it raises; `null` when it promotes.
    pub promotion_error: Option<String>,
    /// What numpy does beyond the type: Python scalars weak or typed by value, literals Python
    /// itself changes, and each scalar's conversion when an operation runs.
    pub notes: Vec<String>,
    /// numpy's exception class (`DTypePromotionError`, `TypeError`), for the views.
    #[serde(skip)]
    pub exception: Option<&'static str>,
    #[serde(skip)]
    pub entries: Vec<OperandEntry>,
}

impl ResultTypeReport {
    /// numpy promotes: exit 0, else 1.
    pub fn promotes(&self) -> bool {
        self.result_type.is_some()
    }

    /// numpy's answer, for the views: the result type, or the exception and its message.
    pub fn answer(&self) -> Option<Result<&str, (&'static str, &str)>> {
        match (&self.result_type, &self.promotion_error) {
            (Some(t), _) => Some(Ok(t)),
            (_, Some(e)) => Some(Err((self.exception.unwrap_or("DTypePromotionError"), e))),
            (None, None) => None,
        }
    }
}

/// An operand and what it is (`dtype`, `Python int`, …).
#[derive(Debug, Clone)]
pub struct OperandEntry {
    pub text: String,
    pub kind: &'static str,
}
