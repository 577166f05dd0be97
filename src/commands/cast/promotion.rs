//! `npmem cast-check --result-type A B C …`: `np.result_type` of any number of operands, dtypes
//! and Python number literals (weak scalars, NEP 50), with notes on what numpy does to each
//! scalar when an operation converts it.

use npmem::Error;
use npmem::cast::promote::{
    self, Conversion, Converted, Operand, OperandError, Outcome, PyException,
};
use npmem::dtype::numeric::{Numeric, numeric, show};
use npmem::dtype::{DType, Platform};
use npmem::number::Value;

use super::report::{OperandEntry, ResultTypeReport};

pub fn run(texts: &[String], platform: Platform) -> Result<ResultTypeReport, Error> {
    let mut operands = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let op = promote::parse_operand(text, platform).map_err(|e| {
            Error::Usage(match e {
                OperandError::DType(e) => format!("operand {}: {e}", i + 1),
                OperandError::Literal(e) => format!("operand {}: {e}", i + 1),
            })
        })?;
        operands.push(op);
    }
    let entries: Vec<OperandEntry> = texts
        .iter()
        .zip(&operands)
        .map(|(t, op)| OperandEntry {
            text: t.clone(),
            kind: kind(op),
        })
        .collect();
    let (result_type, exception, promotion_error, notes) =
        match promote::result_type_of(&operands, platform) {
            Ok(dt) => {
                let notes = notes(texts, &operands, &dt, platform);
                (Some(dt.name()), None, None, notes)
            }
            Err(e) => (None, Some(e.exception), Some(e.message), Vec::new()),
        };
    Ok(ResultTypeReport {
        kind: "result_type",
        operands: texts.to_vec(),
        result_type,
        promotion_error,
        notes,
        exception,
        entries,
    })
}

/// What an operand is, as the views name it.
fn kind(op: &Operand) -> &'static str {
    match op {
        Operand::DType(_) => "dtype",
        Operand::PyInt(_) => "Python int",
        Operand::PyFloat(_) => "Python float",
        Operand::PyComplex { .. } => "Python complex",
        Operand::PyBool(_) => "Python bool",
    }
}

/// The notes: a literal Python itself changes (`1e400` is inf), a lone scalar typed by its
/// value, weak scalars that take another operand's type, and every conversion that raises,
/// warns or changes the value.
fn notes(
    texts: &[String],
    operands: &[Operand],
    result: &DType,
    platform: Platform,
) -> Vec<String> {
    let mut notes = Vec::new();
    let r = result.name();
    for (text, op) in texts.iter().zip(operands) {
        if let Some(n) = literal_note(text, op) {
            notes.push(n);
        }
    }
    if let [op] = operands {
        if op.is_weak() || matches!(op, Operand::PyBool(_)) {
            notes.push(format!(
                "a Python scalar alone is not weak: numpy gives it the dtype np.asarray({}) has ({r}{})",
                texts[0],
                if matches!(op, Operand::PyInt(_)) {
                    "; for an int that depends on its value: int64, uint64 up to 2**64 - 1, else object"
                } else {
                    ""
                }
            ));
        }
        return notes;
    }
    let weak_count = operands.iter().filter(|o| o.is_weak()).count();
    // What each weak scalar would be alone (`np.result_type(300)` is int64, 2**64's object).
    let alone = |op: &Operand| {
        promote::result_type_of(std::slice::from_ref(op), platform)
            .map(|d| d.name())
            .unwrap_or_default()
    };
    let taken: Vec<String> = texts
        .iter()
        .zip(operands)
        .filter(|(_, op)| op.is_weak() && alone(op) != r)
        .map(|(t, op)| format!("{t} ({} alone)", alone(op)))
        .collect();
    if !taken.is_empty() && weak_count < operands.len() {
        notes.push(format!(
            "weak Python scalars (NEP 50) defer to the other operands, which make it {r}: {}",
            taken.join(", ")
        ));
    }
    for c in promote::conversions(operands, result) {
        if let Some(n) = conversion_note(
            &texts[c.operand],
            &operands[c.operand],
            &c,
            result,
            platform,
        ) {
            notes.push(n);
        }
    }
    notes
}

/// `1e400` is inf and `1e-400` is 0.0 before numpy sees them.
fn literal_note(text: &str, op: &Operand) -> Option<String> {
    let digits_nonzero = text
        .trim_end_matches(['j', 'J'])
        .split(['e', 'E'])
        .next()
        .is_some_and(|m| m.bytes().any(|c| matches!(c, b'1'..=b'9')));
    let value = match op {
        Operand::PyFloat(v) => *v,
        Operand::PyComplex { imag, .. } => *imag,
        _ => return None,
    };
    let what = if matches!(op, Operand::PyComplex { .. }) {
        "its imaginary part is "
    } else {
        ""
    };
    if value.is_infinite() {
        Some(format!(
            "{text}: {what}{} as a Python float (past float64's largest, 1.7976931348623157e+308)",
            if value < 0.0 { "-inf" } else { "inf" }
        ))
    } else if value == 0.0 && digits_nonzero {
        Some(format!(
            "{text}: {what}0.0 as a Python float (below float64's smallest, 5e-324)"
        ))
    } else {
        None
    }
}

fn exception(e: &PyException) -> String {
    format!("{}: {}", e.exception, e.message)
}

fn conversion_note(
    text: &str,
    op: &Operand,
    c: &Conversion,
    result: &DType,
    platform: Platform,
) -> Option<String> {
    let r = result.name();
    let when = format!("when an operation runs (np.add({r} array, {text})), {text}");
    let became = c
        .value
        .as_ref()
        .filter(|_| c.changed && noteworthy_change(op, c))
        .map(|v| becomes(v, result, platform));
    match &c.add {
        Outcome::Raises(e) => Some(format!("{when} raises {}", exception(e))),
        Outcome::Runs(warnings) if !warnings.is_empty() => {
            let ws: Vec<String> = warnings.iter().map(exception).collect();
            Some(match became {
                Some(b) => format!("{when} warns {} and {b}", ws.join("; ")),
                None => format!("{when} warns {}", ws.join("; ")),
            })
        }
        Outcome::Runs(_) => became.map(|b| format!("{when} {b} without a warning")),
    }
}

/// Worth a note: an int that does not survive, a finite value that becomes inf or NaN, a
/// non-zero value that becomes zero, NaT. Ordinary rounding of a float is not.
fn noteworthy_change(op: &Operand, c: &Conversion) -> bool {
    let finite_nonzero = |x: f64| x.is_finite() && x != 0.0;
    let special = |v: &Value| !matches!(v, Value::Finite { .. }) || v.is_zero();
    match (op, &c.value) {
        (Operand::PyInt(_), Some(_)) => true,
        (Operand::PyFloat(x), Some(Converted::Float(v) | Converted::Complex { real: v, .. })) => {
            finite_nonzero(*x) && special(v)
        }
        (Operand::PyComplex { real, imag }, Some(Converted::Complex { real: a, imag: b })) => {
            (finite_nonzero(*real) && special(a)) || (finite_nonzero(*imag) && special(b))
        }
        _ => false,
    }
}

/// "becomes X": the value as numpy prints a scalar of the result type (NaT, integers, floats;
/// a complex by the parts that changed).
fn becomes(v: &Converted, result: &DType, platform: Platform) -> String {
    let float = |x: &Value| match numeric(result) {
        Some(Numeric::Float { limits, .. }) => show(&limits, platform, x),
        _ => Converted::text(x),
    };
    match v {
        Converted::Int(n) => format!("becomes {n}"),
        Converted::NaT => "becomes NaT".to_string(),
        Converted::Float(x) => format!("becomes {}", float(x)),
        Converted::Complex { real, imag } => {
            format!("becomes {} + {}j", float(real), float(imag))
        }
    }
}

/// The call the report answers, for the views' header.
pub fn call(texts: &[String]) -> String {
    format!("np.result_type({})", texts.join(", "))
}
