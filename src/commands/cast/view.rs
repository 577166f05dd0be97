//! How a cast-check reads: a table (or one `key=value` line per result, plain) for each of its
//! three questions. JSON is the report itself.

use std::fmt::Write as _;

use comfy_table::{ContentArrangement, LineStyle, Table, presets};

use npmem::cast::rules::Casting;
use npmem::cast::scan::ScanReport;

use super::CastOutcome;
use super::promotion;
use super::report::{
    CastReport, ResultTypeReport, ToleranceReport, ValueEntry, ValuesReport, ValuesSummary,
};
use npmem::memory::Status;
use npmem::units::{grouped, human_bytes};

use crate::output::{Output, escape, paint, render};

pub fn table(r: &CastOutcome, output: &Output) -> String {
    match r {
        CastOutcome::Pair(r) => pair_table(r, output),
        CastOutcome::Values(r) => values_table(r),
        CastOutcome::ValuesSummary(r) => summary_table(r, output),
        CastOutcome::File(r) => file_table(r, output),
        CastOutcome::ResultType(r) => result_type_table(r, output),
    }
}

pub fn plain(r: &CastOutcome) -> String {
    match r {
        CastOutcome::Pair(r) => pair_plain(r),
        CastOutcome::Values(r) => values_plain(r),
        CastOutcome::ValuesSummary(r) => summary_plain(r),
        CastOutcome::File(r) => file_plain(r),
        CastOutcome::ResultType(r) => result_type_plain(r),
    }
}

fn result_type_table(r: &ResultTypeReport, output: &Output) -> String {
    let mut s = format!("{}\n\n", promotion::call(&r.operands));
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => {
            let _ = writeln!(s, "result_type   {t}");
        }
        (_, Some(e)) => {
            let _ = writeln!(
                s,
                "result_type   none: {}: {e}",
                r.exception.unwrap_or("DTypePromotionError")
            );
        }
        (None, None) => {}
    }
    let kinds: Vec<String> = r
        .entries
        .iter()
        .map(|e| format!("{} ({})", e.text, e.kind))
        .collect();
    let _ = writeln!(s, "operands      {}", kinds.join(" · "));
    for (i, note) in r.notes.iter().enumerate() {
        let label = if i == 0 { "notes" } else { "" };
        let _ = writeln!(s, "{label:<13} {note}");
    }
    let (text, status) = if r.promotes() {
        ("promotes (exit 0)", Status::Ok)
    } else {
        ("numpy raises (exit 1)", Status::Over)
    };
    let _ = writeln!(s, "\n{}", paint(text, status, output.color));
    s
}

fn result_type_plain(r: &ResultTypeReport) -> String {
    let mut s = String::new();
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => {
            let _ = writeln!(s, "result_type={t}");
        }
        (_, Some(e)) => {
            let _ = writeln!(
                s,
                "result_type=none exception={} promotion_error={e}",
                r.exception.unwrap_or("DTypePromotionError")
            );
        }
        (None, None) => {}
    }
    for e in &r.entries {
        let _ = writeln!(s, "operand={} kind={}", e.text, e.kind.replace(' ', "_"));
    }
    for note in &r.notes {
        let _ = writeln!(s, "note={note}");
    }
    s
}

fn file_table(r: &ScanReport, output: &Output) -> String {
    let name = r
        .array
        .as_ref()
        .map_or_else(|| r.file.clone(), |a| format!("{}:{a}", r.file));
    let mut s = format!("{}: {} → {}\n\n", escape(&name), r.from, r.to);
    let rows = [
        ("elements", grouped(&r.elements)),
        (
            "min · max",
            format!(
                "{} · {}",
                r.min.as_deref().unwrap_or("-"),
                r.max.as_deref().unwrap_or("-")
            ),
        ),
        (
            "NaN · inf",
            format!("{} · {}", grouped(&r.nan_count), grouped(&r.inf_count)),
        ),
        ("changed", grouped(&r.changed)),
        ("overflow", grouped(&r.overflow)),
        largest_error(&r.max_abs_error, &r.max_rel_error),
        lossless_dtype(r.smallest_lossless_dtype.as_deref()),
        (
            "memory saved",
            human_bytes(&r.memory_saved_bytes.0, output.units),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(s, "{k:<15} {v}");
    }
    let status = if r.lossless { Status::Ok } else { Status::Over };
    let _ = writeln!(
        s,
        "\n{}",
        paint(
            if r.lossless {
                "lossless (exit 0)"
            } else {
                "lossy (exit 1)"
            },
            status,
            output.color
        )
    );
    s
}

fn values_table(r: &ValuesReport) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY.row_separator(LineStyle::none()))
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "input",
            "numpy stores",
            "exact value",
            "correctly rounded",
            "notes",
        ]);
    for v in &r.values {
        let stored = stored_or_error(v);
        let exact = v.numpy.exact.clone().unwrap_or_default();
        let correct = v
            .correctly_rounded
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let mut notes = Vec::new();
        if v.exact {
            notes.push("exact".to_string());
        }
        if v.overflow {
            notes.push("overflow".to_string());
        }
        if v.above_max {
            notes.push("above the largest finite value".to_string());
        }
        if v.underflow {
            notes.push("underflow".to_string());
        }
        if v.subnormal {
            notes.push("subnormal".to_string());
        }
        if let Some(c) = &v.correctly_rounded
            && Some(&c.exact) != v.numpy.exact.as_ref()
            && v.numpy.error.is_none()
        {
            notes.push("numpy rounds twice (through float64)".to_string());
        }
        if let Some(a) = &v.numpy.astype {
            notes.push(format!(
                ".astype gives {}",
                a.value.as_deref().unwrap_or("")
            ));
        }
        table.add_row(vec![
            v.input.clone(),
            stored,
            exact,
            correct,
            notes.join(", "),
        ]);
    }
    let mut s = format!(
        "{} (values passed as {})\n",
        r.to,
        if r.via == "string" {
            "strings"
        } else {
            "Python floats"
        }
    );
    s.push_str(&render(&table));
    if let Some(sum) = &r.sum {
        let _ = writeln!(
            s,
            "sum       numpy {} · exact {}",
            sum.numpy.value, sum.exact
        );
    }
    let _ = writeln!(
        s,
        "lossless  {} · smallest lossless dtype: {}",
        if r.lossless { "yes" } else { "no" },
        r.smallest_lossless_dtype.as_deref().unwrap_or("none")
    );
    if let Some(t) = &r.tolerance {
        let _ = writeln!(s, "{}", tolerance_line(t, r.values.len() as u64));
    }
    s
}

/// The summary rows a file scan and a values summary share.
fn largest_error(abs: &str, rel: &str) -> (&'static str, String) {
    ("largest error", format!("{abs} absolute, {rel} relative"))
}

fn lossless_dtype(name: Option<&str>) -> (&'static str, String) {
    ("lossless dtype", name.unwrap_or("none").to_string())
}

fn tolerance_line(t: &ToleranceReport, count: u64) -> String {
    format!(
        "tolerance rtol {} · atol {}: {} of {} outside (exit {})",
        t.rtol,
        t.atol,
        grouped(&t.exceeding),
        grouped(&count),
        if t.within { 0 } else { 1 }
    )
}

/// A value's stored text, or numpy's error.
fn stored_or_error(v: &ValueEntry) -> String {
    match (&v.numpy.value, &v.numpy.error) {
        (Some(value), _) => value.clone(),
        (None, Some(e)) => format!("error: {e}"),
        (None, None) => String::new(),
    }
}

fn summary_table(r: &ValuesSummary, output: &Output) -> String {
    let mut s = format!(
        "{} values → {} (passed as {})\n\n",
        grouped(&r.count),
        r.to,
        if r.via == "string" {
            "strings"
        } else {
            "Python floats"
        }
    );
    let rows = [
        ("values", grouped(&r.count)),
        (
            "NaN · inf",
            format!("{} · {}", grouped(&r.nan_count), grouped(&r.inf_count)),
        ),
        ("changed", grouped(&r.changed)),
        (
            "overflow",
            if r.above_max > 0 {
                format!(
                    "{} · above the largest finite value {} · underflow {}",
                    grouped(&r.overflow),
                    grouped(&r.above_max),
                    grouped(&r.underflow)
                )
            } else {
                format!(
                    "{} · underflow {}",
                    grouped(&r.overflow),
                    grouped(&r.underflow)
                )
            },
        ),
        ("numpy errors", grouped(&r.numpy_errors)),
        largest_error(&r.max_abs_error, &r.max_rel_error),
        lossless_dtype(r.smallest_lossless_dtype.as_deref()),
    ];
    for (k, v) in rows {
        let _ = writeln!(s, "{k:<15} {v}");
    }
    if let Some(sum) = &r.sum {
        let _ = writeln!(
            s,
            "{:<15} numpy {} · exact {}",
            "sum", sum.numpy.value, sum.exact
        );
    }
    if !r.worst.is_empty() {
        let _ = writeln!(s, "\nworst values");
        let mut table = Table::new();
        table
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(vec!["  #", "input", "numpy stores", "relative error"]);
        for w in &r.worst {
            let rel = w
                .value
                .rel_error
                .as_deref()
                .map(relative)
                .unwrap_or_else(|| "-".to_string());
            table.add_row(vec![
                format!("  {}", grouped(&w.position)),
                w.value.input.clone(),
                stored_or_error(&w.value),
                rel,
            ]);
        }
        let text = table.to_string();
        for line in text.lines() {
            let _ = writeln!(s, "{}", line.trim_end());
        }
    }
    let passed = r.passed();
    let verdict = match (&r.tolerance, r.lossless) {
        (Some(t), _) => tolerance_line(t, r.count),
        (None, true) => "lossless (exit 0)".to_string(),
        (None, false) => "lossy (exit 1)".to_string(),
    };
    let status = if passed { Status::Ok } else { Status::Over };
    let _ = writeln!(s, "\n{}", paint(&verdict, status, output.color));
    s
}

/// An exact fraction `p/q` as a float64, for reading.
fn relative(fraction: &str) -> String {
    let parsed = fraction.split_once('/').and_then(|(p, q)| {
        let p = num_bigint::BigInt::parse_bytes(p.as_bytes(), 10)?;
        let q = num_bigint::BigInt::parse_bytes(q.as_bytes(), 10)?;
        (q != num_bigint::BigInt::from(0)).then(|| num_rational::BigRational::new(p, q))
    });
    parsed.map_or_else(
        || fraction.to_string(),
        |r| npmem::cast::scan::file::show_f64(npmem::cast::bulk::rational_f64(&r)),
    )
}

fn summary_plain(r: &ValuesSummary) -> String {
    let mut s = format!(
        "values to={} via={} count={} changed={} overflow={} above_max={} underflow={} numpy_errors={} nan={} inf={} max_abs_error={} max_rel_error={} smallest_lossless_dtype={} lossless={}",
        r.to,
        r.via,
        r.count,
        r.changed,
        r.overflow,
        r.above_max,
        r.underflow,
        r.numpy_errors,
        r.nan_count,
        r.inf_count,
        r.max_abs_error,
        r.max_rel_error,
        r.smallest_lossless_dtype.as_deref().unwrap_or("none"),
        r.lossless
    );
    if let Some(t) = &r.tolerance {
        let _ = write!(
            s,
            " rtol={} atol={} exceeding={} within={}",
            t.rtol, t.atol, t.exceeding, t.within
        );
    }
    s.push('\n');
    for w in &r.worst {
        let _ = writeln!(
            s,
            "worst position={} input={} numpy={} rel_error={}",
            w.position,
            w.value.input,
            stored_or_error(&w.value).replace(' ', "_"),
            w.value.rel_error.as_deref().unwrap_or("-")
        );
    }
    if let Some(sum) = &r.sum {
        let _ = writeln!(
            s,
            "sum numpy={} numpy_exact={} exact={}",
            sum.numpy.value, sum.numpy.exact, sum.exact
        );
    }
    s
}

fn pair_table(r: &CastReport, output: &Output) -> String {
    let mut s = format!("{} → {}\n\n", r.from, r.to);
    let marks: Vec<String> = Casting::ALL
        .iter()
        .map(|rule| {
            format!(
                "{} {}",
                rule.name(),
                if r.can_cast.get(*rule) { "yes" } else { "no" }
            )
        })
        .collect();
    let _ = writeln!(s, "numpy can_cast   {}", marks.join(" · "));
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => {
            let _ = writeln!(s, "result_type      {t}");
        }
        (None, Some(e)) => {
            let _ = writeln!(s, "result_type      none: {e}");
        }
        (None, None) => {}
    }
    if r.lossless {
        let _ = writeln!(
            s,
            "lossless         yes: every value survives the round trip"
        );
    } else if r.losses.is_empty() {
        let _ = writeln!(s, "lossless         no: numpy has no cast between these");
    } else {
        let _ = writeln!(s, "lossless         no:");
        let mut table = Table::new();
        table
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled);
        for l in &r.losses {
            let kind = serde_json::to_value(l.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            table.add_row(vec![
                format!("  {kind}"),
                format!("{} → {}", l.witness, l.becomes),
                l.message.clone(),
            ]);
        }
        s.push_str(&render(&table));
    }
    let status = if r.allowed { Status::Ok } else { Status::Over };
    let verdict = if r.allowed { "allowed" } else { "not allowed" };
    let _ = writeln!(
        s,
        "\nverdict          {} under --casting {} (exit {})",
        paint(verdict, status, output.color),
        r.rule,
        if r.allowed { 0 } else { 1 }
    );
    s
}

fn file_plain(r: &ScanReport) -> String {
    format!(
        "scan file={} array={} from={} to={} elements={} min={} max={} nan={} inf={} changed={} overflow={} max_abs_error={} max_rel_error={} smallest_lossless_dtype={} memory_saved_bytes={} lossless={}\n",
        escape(&r.file),
        escape(r.array.as_deref().unwrap_or("-")),
        r.from,
        r.to,
        r.elements,
        r.min.as_deref().unwrap_or("-"),
        r.max.as_deref().unwrap_or("-"),
        r.nan_count,
        r.inf_count,
        r.changed,
        r.overflow,
        r.max_abs_error,
        r.max_rel_error,
        r.smallest_lossless_dtype.as_deref().unwrap_or("none"),
        r.memory_saved_bytes.0,
        r.lossless
    )
}

fn values_plain(r: &ValuesReport) -> String {
    let mut s = String::new();
    for v in &r.values {
        let _ = write!(s, "value input={} to={} via={}", v.input, r.to, r.via);
        match (&v.numpy.value, &v.numpy.error) {
            (Some(value), _) => {
                let _ = write!(
                    s,
                    " numpy={value} exact={}",
                    v.numpy.exact.as_deref().unwrap_or("")
                );
            }
            (None, Some(e)) => {
                let _ = write!(s, " error={e:?}");
                if let Some(a) = &v.numpy.astype {
                    let _ = write!(s, " astype={}", a.value.as_deref().unwrap_or(""));
                }
            }
            (None, None) => {}
        }
        if let Some(c) = &v.correctly_rounded {
            let _ = write!(s, " correctly_rounded={}", c.value);
        }
        let _ = write!(
            s,
            " is_exact={} overflow={} above_max={} underflow={} subnormal={}",
            v.exact, v.overflow, v.above_max, v.underflow, v.subnormal
        );
        if let Some(within) = v.within_tolerance {
            let _ = write!(s, " within_tolerance={within}");
        }
        s.push('\n');
    }
    if let Some(sum) = &r.sum {
        let _ = writeln!(
            s,
            "sum numpy={} numpy_exact={} exact={}",
            sum.numpy.value, sum.numpy.exact, sum.exact
        );
    }
    let _ = writeln!(s, "lossless={}", r.lossless);
    let _ = writeln!(
        s,
        "smallest_lossless_dtype={}",
        r.smallest_lossless_dtype.as_deref().unwrap_or("none")
    );
    if let Some(t) = &r.tolerance {
        let _ = writeln!(
            s,
            "tolerance rtol={} atol={} exceeding={} within={}",
            t.rtol, t.atol, t.exceeding, t.within
        );
    }
    s
}

fn pair_plain(r: &CastReport) -> String {
    let mut s = String::new();
    let _ = write!(s, "cast from={} to={}", r.from, r.to);
    for rule in Casting::ALL {
        let _ = write!(s, " {}={}", rule.name(), r.can_cast.get(rule));
    }
    s.push('\n');
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => {
            let _ = writeln!(s, "result_type={t}");
        }
        (None, Some(e)) => {
            let _ = writeln!(s, "result_type=none promotion_error={e}");
        }
        (None, None) => {}
    }
    let _ = writeln!(s, "lossless={}", r.lossless);
    for l in &r.losses {
        let kind = serde_json::to_value(l.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "loss kind={kind} witness={} becomes={} message={}",
            l.witness, l.becomes, l.message
        );
    }
    let _ = writeln!(s, "verdict rule={} allowed={}", r.rule, r.allowed);
    s
}
