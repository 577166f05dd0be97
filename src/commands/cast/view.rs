//! How a cast-check reads: a table (or one `key=value` line per result, plain) for each of its
//! three questions. JSON is the report itself.

use std::fmt::Write as _;

use comfy_table::{Table, presets};

use npmem::cast::rules::Casting;
use npmem::cast::scan::ScanReport;
use npmem::cast::scan::file::LargestErrors;
use npmem::cast::{CastNames, NonFinite};

use super::CastOutcome;
use super::promotion;
use super::report::{
    CastReport, ResultTypeReport, ToleranceReport, ValueEntry, ValuesReport, ValuesSummary,
};
use npmem::memory::Status;
use npmem::number::print::python_float_repr;
use npmem::units::{grouped, human_bytes};

use crate::output::{Columns, Output, arrange, escape, fitted, paint, render, wrap, wrapped};

pub fn table(r: &CastOutcome, output: &Output) -> String {
    match r {
        CastOutcome::Pair(r) => pair_table(r, output),
        CastOutcome::Values(r) => values_table(r, output),
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
    let mut s = wrapped("", &promotion::call(&r.operands), output);
    s.push('\n');
    match r.answer() {
        Some(Ok(t)) => s.push_str(&wrapped("result_type   ", t, output)),
        Some(Err((exception, e))) => {
            let text = format!("none: {exception}: {e}");
            s.push_str(&wrapped("result_type   ", &text, output));
        }
        None => {}
    }
    let kinds: Vec<String> = r
        .entries
        .iter()
        .map(|e| format!("{} ({})", e.text, e.kind))
        .collect();
    s.push_str(&wrapped("operands      ", &kinds.join(" · "), output));
    for (i, note) in r.notes.iter().enumerate() {
        let label = if i == 0 { "notes" } else { "" };
        s.push_str(&wrapped(&format!("{label:<13} "), note, output));
    }
    let (text, status) = if r.promotes() {
        ("promotes (exit 0)", Status::Ok)
    } else {
        ("numpy raises (exit 1)", Status::Over)
    };
    let _ = writeln!(s, "\n{}", paint(text, status, output.color));
    s
}

/// Rows of a label (padded to 15) and a value, each wrapped to the output's width.
fn rows(s: &mut String, rows: &[(&str, String)], output: &Output) {
    for (k, v) in rows {
        s.push_str(&wrapped(&format!("{k:<15} "), v, output));
    }
}

fn result_type_plain(r: &ResultTypeReport) -> String {
    let mut s = String::new();
    let _ = match r.answer() {
        Some(Ok(t)) => writeln!(s, "result_type={t}"),
        Some(Err((exception, e))) => writeln!(
            s,
            "result_type=none exception={exception} promotion_error={e}"
        ),
        None => Ok(()),
    };
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
    let mut s = wrapped("", &format!("{name}: {}", arrow(&r.cast)), output);
    s.push('\n');
    let mut lines = vec![
        ("elements", grouped(&r.elements)),
        (
            "min · max",
            format!(
                "{} · {}",
                r.min.as_deref().unwrap_or("-"),
                r.max.as_deref().unwrap_or("-")
            ),
        ),
        non_finite(&r.non_finite),
        ("changed", grouped(&r.changed)),
        ("overflow", grouped(&r.overflow)),
        largest_error(&r.errors),
        lossless_dtype(r.smallest_lossless_dtype.as_deref()),
        (
            "memory saved",
            human_bytes(&r.memory_saved_bytes.0, output.units),
        ),
    ];
    if let Some(w) = r.worst_exceeding() {
        lines.push((
            "worst outside",
            format!(
                "#{} {} → {} ({}× the tolerance)",
                grouped(&w.index),
                w.value,
                w.stored.as_deref().unwrap_or("undefined"),
                w.ratio
            ),
        ));
    }
    rows(&mut s, &lines, output);
    let _ = writeln!(
        s,
        "\n{}",
        verdict(r.tolerance(), r.lossless, r.elements, output)
    );
    s
}

/// The last line of a values summary or a file scan: the tolerance's verdict when one is
/// given, else whether every value is kept.
fn verdict(
    tolerance: Option<&ToleranceReport>,
    lossless: bool,
    count: u64,
    output: &Output,
) -> String {
    let text = match (tolerance, lossless) {
        (Some(t), _) => tolerance_line(t, count),
        (None, true) => "lossless (exit 0)".to_string(),
        (None, false) => "lossy (exit 1)".to_string(),
    };
    let passed = ToleranceReport::passes(tolerance, lossless);
    let status = if passed { Status::Ok } else { Status::Over };
    paint(&wrap("", &text, output.width), status, output.color)
}

fn values_table(r: &ValuesReport, output: &Output) -> String {
    let mut table = Vec::new();
    for v in &r.values {
        let stored = stored_or_error(v);
        let exact = v.numpy.exact.clone().unwrap_or_default();
        let correct = v
            .correctly_rounded
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        let mut notes = Vec::new();
        if v.judged.exact {
            notes.push("exact".to_string());
        }
        match &v.parts {
            Some(p) => {
                judgement_notes(&mut notes, "real ", &p.real);
                judgement_notes(&mut notes, "imag ", &p.imag);
            }
            None => judgement_notes(&mut notes, "", &v.judged),
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
            if let Some(w) = &a.warning {
                notes.push(format!("with {w}"));
            }
        }
        table.push(vec![
            v.input.clone(),
            stored,
            exact,
            correct,
            notes.join(", "),
        ]);
    }
    let title = format!("{} (values passed as {})", r.head.to, r.head.passed_as());
    let mut s = wrapped("", &title, output);
    let header = [
        "input",
        "numpy stores",
        "exact value",
        "correctly rounded",
        "notes",
    ];
    let columns = Columns {
        right: &[],
        droppable: &[2, 3],
        row_lines: false,
    };
    s.push_str(&fitted(&header, &table, columns, output));
    let v = &r.verdict;
    if let Some(sum) = &v.sum {
        let text = format!("numpy {} · exact {}", sum.numpy.value, sum.exact);
        s.push_str(&wrapped("sum       ", &text, output));
    }
    let text = format!(
        "{} · smallest lossless dtype: {}",
        if v.lossless { "yes" } else { "no" },
        v.smallest_lossless_dtype.as_deref().unwrap_or("none")
    );
    s.push_str(&wrapped("lossless  ", &text, output));
    if let Some(t) = &v.tolerance {
        s.push_str(&wrapped(
            "",
            &tolerance_line(t, r.values.len() as u64),
            output,
        ));
    }
    s
}

/// What a cast did to a value (or to one part of a complex value, `part` naming it).
fn judgement_notes(notes: &mut Vec<String>, part: &str, j: &npmem::cast::bulk::Judgement<String>) {
    let flags = [
        (j.overflow, "overflow"),
        (j.above_max, "above the largest finite value"),
        (j.underflow, "underflow"),
        (j.subnormal, "subnormal"),
    ];
    for (set, what) in flags {
        if set {
            notes.push(format!("{part}{what}"));
        }
    }
}

/// The summary rows a file scan and a values summary share.
/// A cast's title: `from → to`.
fn arrow(c: &CastNames) -> String {
    format!("{} → {}", c.from, c.to)
}

/// A cast in plain output: `from=… to=…`.
fn pair_fields(c: &CastNames) -> String {
    format!("from={} to={}", c.from, c.to)
}

fn non_finite(n: &NonFinite) -> (&'static str, String) {
    (
        "NaN · inf",
        format!("{} · {}", grouped(&n.nan_count), grouped(&n.inf_count)),
    )
}

fn largest_error(e: &LargestErrors) -> (&'static str, String) {
    (
        "largest error",
        format!("{} absolute, {} relative", e.max_abs_error, e.max_rel_error),
    )
}

fn lossless_dtype(name: Option<&str>) -> (&'static str, String) {
    ("lossless dtype", name.unwrap_or("none").to_string())
}

fn tolerance_line(t: &ToleranceReport, count: u64) -> String {
    format!(
        "tolerance rtol {} · atol {}: {} of {} outside (exit {})",
        python_float_repr(t.rtol),
        python_float_repr(t.atol),
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
    let title = format!(
        "{} values → {} (passed as {})",
        grouped(&r.counts.count),
        r.head.to,
        r.head.passed_as()
    );
    let mut s = wrapped("", &title, output);
    s.push('\n');
    let mut lines = vec![
        ("values", grouped(&r.counts.count)),
        non_finite(&r.counts.non_finite),
        ("changed", grouped(&r.counts.changed)),
        (
            "overflow",
            if r.counts.above_max > 0 {
                format!(
                    "{} · above the largest finite value {} · underflow {}",
                    grouped(&r.counts.overflow),
                    grouped(&r.counts.above_max),
                    grouped(&r.counts.underflow)
                )
            } else {
                format!(
                    "{} · underflow {}",
                    grouped(&r.counts.overflow),
                    grouped(&r.counts.underflow)
                )
            },
        ),
        ("numpy errors", grouped(&r.counts.numpy_errors)),
        largest_error(&r.errors),
        lossless_dtype(r.verdict.smallest_lossless_dtype.as_deref()),
    ];
    if let Some(sum) = &r.verdict.sum {
        lines.push((
            "sum",
            format!("numpy {} · exact {}", sum.numpy.value, sum.exact),
        ));
    }
    rows(&mut s, &lines, output);
    if !r.worst.is_empty() {
        let _ = writeln!(s, "\nworst values");
        let mut table = Table::new();
        table.load_style(presets::NOTHING).set_header(vec![
            "  #",
            "input",
            "numpy stores",
            "relative error",
        ]);
        arrange(&mut table, output);
        for w in &r.worst {
            let rel = w
                .value
                .judged
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
        s.push_str(&render(&table));
    }
    let v = &r.verdict;
    let _ = writeln!(
        s,
        "\n{}",
        verdict(v.tolerance.as_ref(), v.lossless, r.counts.count, output)
    );
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
        r.head.to,
        r.head.via,
        r.counts.count,
        r.counts.changed,
        r.counts.overflow,
        r.counts.above_max,
        r.counts.underflow,
        r.counts.numpy_errors,
        r.counts.non_finite.nan_count,
        r.counts.non_finite.inf_count,
        r.errors.max_abs_error,
        r.errors.max_rel_error,
        r.verdict
            .smallest_lossless_dtype
            .as_deref()
            .unwrap_or("none"),
        r.verdict.lossless
    );
    tolerance_plain(&mut s, r.verdict.tolerance.as_ref());
    s.push('\n');
    for w in &r.worst {
        let _ = writeln!(
            s,
            "worst position={} input={} numpy={} rel_error={}",
            w.position,
            w.value.input,
            stored_or_error(&w.value).replace(' ', "_"),
            w.value.judged.rel_error.as_deref().unwrap_or("-")
        );
    }
    if let Some(sum) = &r.verdict.sum {
        let _ = writeln!(
            s,
            "sum numpy={} numpy_exact={} exact={}",
            sum.numpy.value, sum.numpy.exact, sum.exact
        );
    }
    s
}

fn pair_table(r: &CastReport, output: &Output) -> String {
    let mut s = wrapped("", &arrow(&r.cast), output);
    s.push('\n');
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
    let label = |k: &str| format!("{k:<16} ");
    s.push_str(&wrapped(
        &label("numpy can_cast"),
        &marks.join(" · "),
        output,
    ));
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => s.push_str(&wrapped(&label("result_type"), t, output)),
        (None, Some(e)) => s.push_str(&wrapped(
            &label("result_type"),
            &format!("none: {e}"),
            output,
        )),
        (None, None) => {}
    }
    let lossless = match (r.lossless, r.losses.is_empty()) {
        (true, _) => "yes: every value survives the round trip",
        (false, true) => "no: numpy has no cast between these",
        (false, false) => "no:",
    };
    s.push_str(&wrapped(&label("lossless"), lossless, output));
    if !r.lossless && !r.losses.is_empty() {
        let mut table = Table::new();
        table.load_style(presets::NOTHING);
        arrange(&mut table, output);
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
    let text = format!(
        "{verdict} under --casting {} (exit {})",
        r.rule,
        if r.allowed { 0 } else { 1 }
    );
    // The verdict word painted after wrapping, so its colour codes take no room.
    let line = wrapped(&label("verdict"), &text, output).replacen(
        verdict,
        &paint(verdict, status, output.color),
        1,
    );
    let _ = write!(s, "\n{line}");
    s
}

/// ` rtol=… atol=… exceeding=… within=…`, when a tolerance is given.
fn tolerance_plain(s: &mut String, tolerance: Option<&ToleranceReport>) {
    if let Some(t) = tolerance {
        let _ = write!(
            s,
            " rtol={} atol={} exceeding={} within={}",
            t.rtol, t.atol, t.exceeding, t.within
        );
    }
}

fn file_plain(r: &ScanReport) -> String {
    let mut s = format!(
        "scan file={} array={} {} elements={} min={} max={} nan={} inf={} changed={} overflow={} max_abs_error={} max_rel_error={} smallest_lossless_dtype={} memory_saved_bytes={} lossless={}\n",
        escape(&r.file),
        escape(r.array.as_deref().unwrap_or("-")),
        pair_fields(&r.cast),
        r.elements,
        r.min.as_deref().unwrap_or("-"),
        r.max.as_deref().unwrap_or("-"),
        r.non_finite.nan_count,
        r.non_finite.inf_count,
        r.changed,
        r.overflow,
        r.errors.max_abs_error,
        r.errors.max_rel_error,
        r.smallest_lossless_dtype.as_deref().unwrap_or("none"),
        r.memory_saved_bytes.0,
        r.lossless
    );
    s.pop();
    tolerance_plain(&mut s, r.tolerance());
    if let Some(w) = r.worst_exceeding() {
        let _ = write!(
            s,
            " worst_index={} worst_value={} worst_stored={} worst_ratio={}",
            w.index,
            w.value,
            w.stored.as_deref().unwrap_or("undefined"),
            w.ratio
        );
    }
    s.push('\n');
    s
}

fn values_plain(r: &ValuesReport) -> String {
    let mut s = String::new();
    for v in &r.values {
        let _ = write!(
            s,
            "value input={} to={} via={}",
            v.input, r.head.to, r.head.via
        );
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
                    if let Some(w) = &a.warning {
                        let _ = write!(s, " astype_warning={w:?}");
                    }
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
            v.judged.exact,
            v.judged.overflow,
            v.judged.above_max,
            v.judged.underflow,
            v.judged.subnormal
        );
        if let Some(p) = &v.parts {
            for (name, j) in [("real", &p.real), ("imag", &p.imag)] {
                let _ = write!(
                    s,
                    " {name}_exact={} {name}_overflow={} {name}_above_max={} {name}_underflow={} {name}_subnormal={}",
                    j.exact, j.overflow, j.above_max, j.underflow, j.subnormal
                );
            }
        }
        if let Some(within) = v.judged.close {
            let _ = write!(s, " within_tolerance={within}");
        }
        s.push('\n');
    }
    let verdict = &r.verdict;
    if let Some(sum) = &verdict.sum {
        let _ = writeln!(
            s,
            "sum numpy={} numpy_exact={} exact={}",
            sum.numpy.value, sum.numpy.exact, sum.exact
        );
    }
    let _ = writeln!(s, "lossless={}", verdict.lossless);
    let _ = writeln!(
        s,
        "smallest_lossless_dtype={}",
        verdict.smallest_lossless_dtype.as_deref().unwrap_or("none")
    );
    if let Some(t) = &verdict.tolerance {
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
    let _ = write!(s, "cast {}", pair_fields(&r.cast));
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
