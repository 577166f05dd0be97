//! How a peak plan reads: the peak and what is alive there, the per-line table, what is not
//! modelled, and the budget (table); or `key=value` lines (plain). JSON is the report itself.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, Table, presets};
use num_bigint::BigInt;

use npmem::memory::Status;
use npmem::peak::{Bound, Effect};
use npmem::units::human_bytes;

use super::report::PeakReport;
use crate::output::{Output, arrange, escape, paint, render, shape_tuple};

fn size(n: u64, output: &Output) -> String {
    human_bytes(&BigInt::from(n), output.units)
}

fn bound_word(r: &PeakReport) -> &'static str {
    match r.plan.bound {
        Bound::Exact => "",
        Bound::Upper => {
            " (an upper bound: data-dependent sizes at their largest, the worse branch of unknown conditions)"
        }
        Bound::Lower => " (a lower bound: some lines are not modelled)",
    }
}

pub fn table(r: &PeakReport, output: &Output) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "peak  {} at line {}: {}{}",
        size(r.plan.peak.bytes, output),
        r.plan.peak.line,
        escape(&r.plan.peak.source),
        bound_word(r)
    );
    if !r.plan.alive_at_peak.is_empty() {
        let mut alive = Table::new();
        alive
            .load_style(presets::UTF8_HORIZONTAL_ONLY)
            .set_header(vec!["alive at the peak", "shape", "dtype", "bytes"]);
        for a in &r.plan.alive_at_peak {
            let name = match &a.view_of {
                Some(base) => format!("{} (a view keeping {base} alive)", a.name),
                None => a.name.clone(),
            };
            alive.add_row(vec![
                escape(&name).into_owned(),
                shape_tuple(&a.shape),
                a.dtype.clone(),
                size(a.nbytes, output),
            ]);
        }
        if let Some(col) = alive.column_mut(3) {
            col.set_cell_alignment(CellAlignment::Right);
        }
        arrange(&mut alive, output);
        let _ = write!(s, "\n{}", render(&alive));
    }
    let mut lines: Vec<_> = r.plan.lines.iter().collect();
    if let Some(k) = r.top {
        lines.sort_by(|a, b| b.peak_bytes.cmp(&a.peak_bytes).then(a.line.cmp(&b.line)));
        lines.truncate(k);
        lines.sort_by_key(|l| l.line);
    }
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY)
        .set_header(vec![
            "line",
            "source",
            "allocated",
            "freed",
            "live after",
            "peak during",
        ]);
    for l in lines {
        let mut source = l.source.clone();
        if source.chars().count() > 60 {
            source = source.chars().take(59).collect::<String>() + "…";
        }
        table.add_row(vec![
            l.line.to_string(),
            escape(&source).into_owned(),
            size(l.allocated_bytes, output),
            size(l.freed_bytes, output),
            size(l.live_bytes, output),
            size(l.peak_bytes, output),
        ]);
    }
    for i in [0, 2, 3, 4, 5] {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    arrange(&mut table, output);
    let _ = write!(s, "\n{}", render(&table));
    for u in &r.plan.unmodelled {
        let what = match u.effect {
            Effect::Missing => "not modelled",
            Effect::Largest | Effect::WorseBranch => "bounded",
        };
        let _ = writeln!(
            s,
            "{what}: line {}: {}: {}",
            u.line,
            escape(&u.construct),
            escape(&u.reason)
        );
    }
    if !r.plan.unmodelled.is_empty() {
        s.push('\n');
    }
    for a in &r.plan.advice {
        let _ = writeln!(
            s,
            "advice: line {}: {} — peak {}",
            a.line,
            a.change,
            size(a.peak_bytes, output)
        );
    }
    if !r.plan.advice.is_empty() {
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "budget    {}",
        human_bytes(&r.budget_bytes.0, output.units)
    );
    let headroom = if r.headroom_bytes.0 < BigInt::from(0) {
        format!(
            "short by {}",
            human_bytes(&(-r.headroom_bytes.0.clone()), output.units)
        )
    } else {
        human_bytes(&r.headroom_bytes.0, output.units)
    };
    let _ = writeln!(s, "headroom  {headroom}");
    let why = match r.status {
        Status::Ok => "the peak fits, with room to spare",
        Status::Tight => {
            "the peak fits, but the headroom is smaller than the largest array alive there"
        }
        Status::Over => "the peak does not fit the budget (exit code 1)",
    };
    let _ = writeln!(
        s,
        "status    {}: {why}",
        paint(r.status.as_str(), r.status, output.color)
    );
    s
}

pub fn plain(r: &PeakReport, output: &Output) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "peak_bytes={} peak_line={} bound={}",
        r.plan.peak.bytes,
        r.plan.peak.line,
        r.plan.bound.as_str()
    );
    for a in &r.plan.alive_at_peak {
        let _ = writeln!(
            s,
            "alive name={:?} line={} shape={} dtype={} nbytes={}{}",
            a.name,
            a.line,
            shape_tuple(&a.shape),
            a.dtype,
            a.nbytes,
            a.view_of
                .as_ref()
                .map(|b| format!(" view_of={b:?}"))
                .unwrap_or_default()
        );
    }
    for l in &r.plan.lines {
        let _ = writeln!(
            s,
            "line {} allocated_bytes={} freed_bytes={} live_bytes={} peak_bytes={}",
            l.line, l.allocated_bytes, l.freed_bytes, l.live_bytes, l.peak_bytes
        );
    }
    for u in &r.plan.unmodelled {
        let _ = writeln!(
            s,
            "unmodelled line={} construct={:?} reason={:?}",
            u.line, u.construct, u.reason
        );
    }
    for a in &r.plan.advice {
        let _ = writeln!(
            s,
            "advice line={} peak_bytes={} change={:?}",
            a.line, a.peak_bytes, a.change
        );
    }
    let _ = writeln!(s, "budget_bytes={}", r.budget_bytes.0);
    let _ = writeln!(s, "headroom_bytes={}", r.headroom_bytes.0);
    let _ = writeln!(
        s,
        "status={}",
        paint(r.status.as_str(), r.status, output.color)
    );
    s
}
