//! The default output: a table of arrays, then the budget in words. Sizes in one unit per column.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use num_bigint::BigInt;

use crate::report::{EstimateReport, Report, Status};
use crate::settings::Output;
use crate::units::{self, grouped, human_bytes};

use super::paint;
use super::plain::shape_tuple as python_shape;

pub fn render(report: &Report, output: &Output) -> String {
    match report {
        Report::Estimate(r) => estimate(r, output),
    }
}

fn estimate(r: &EstimateReport, output: &Output) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(vec![
            "spec", "shape", "dtype", "itemsize", "elements", "bytes",
        ]);
    let column_max = r
        .arrays
        .iter()
        .map(|a| a.nbytes.0.clone())
        .chain(std::iter::once(r.total_bytes.0.clone()))
        .max()
        .unwrap_or_default();
    let unit = units::column_unit(&column_max, output.units);
    for a in &r.arrays {
        let mut shape = python_shape(&a.shape);
        if let Some(axis) = a.solved_axis {
            let _ = write!(shape, "  (axis {axis} solved)");
        }
        table.add_row(vec![
            a.spec.clone(),
            shape,
            a.dtype.clone(),
            a.itemsize.to_string(),
            grouped(&a.size.0),
            unit.format(&a.nbytes.0),
        ]);
    }
    if r.arrays.len() > 1 {
        table.add_row(vec![
            "total".to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            unit.format(&r.total_bytes.0),
        ]);
    }
    for i in [3, 4, 5] {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }

    let mut s = table.to_string();
    s.push('\n');
    let mut notes = Vec::new();
    for a in &r.arrays {
        for note in &a.notes {
            notes.push(format!("{}: {note}", a.spec));
        }
    }
    for note in notes {
        let _ = writeln!(s, "note: {note}");
    }
    s.push('\n');

    let h = |n: &BigInt| human_bytes(n, output.units);
    let m = &r.memory;
    let memory = match m.source {
        crate::memory::MemorySource::Override => {
            format!("{} (given with --ram)", h(&m.usable_bytes.0))
        }
        crate::memory::MemorySource::Detected => {
            let cgroup = m
                .cgroup_limit_bytes
                .as_ref()
                .map_or_else(String::new, |c| format!(", cgroup limit {}", h(&c.0)));
            format!(
                "{} usable ({} available of {}{cgroup})",
                h(&m.usable_bytes.0),
                h(&m.available_bytes.0),
                h(&m.total_bytes.0)
            )
        }
    };
    let rows: Vec<(&str, String)> = vec![
        ("memory", memory),
        (
            "budget",
            format!("{} ({})", h(&r.budget_bytes.0), r.budget_source),
        ),
        (
            "required",
            if r.temporaries == 0 {
                format!(
                    "{} (the arrays; no temporaries reserved)",
                    h(&r.required_bytes.0)
                )
            } else {
                format!(
                    "{} (the arrays + {} temporaries of {})",
                    h(&r.required_bytes.0),
                    r.temporaries,
                    h(&r.largest_bytes.0)
                )
            },
        ),
        ("headroom", headroom(r, output)),
        ("status", status_line(r, output)),
    ];
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<9} {value}");
    }
    s
}

fn headroom(r: &EstimateReport, output: &Output) -> String {
    let h = |n: &BigInt| human_bytes(n, output.units);
    match (&r.temporaries_that_fit, r.status) {
        (_, Status::Over) => format!(
            "{} (short by {})",
            h(&r.headroom_bytes.0),
            h(&(-r.headroom_bytes.0.clone()))
        ),
        (None, _) => format!("{} (the arrays are empty)", h(&r.headroom_bytes.0)),
        (Some(n), _) => format!(
            "{}: room for {} more array{} the size of the largest",
            h(&r.headroom_bytes.0),
            grouped(&n.0),
            if n.0 == BigInt::from(1) { "" } else { "s" }
        ),
    }
}

fn status_line(r: &EstimateReport, output: &Output) -> String {
    let word = paint(r.status.as_str(), r.status, output.color);
    let why = match r.status {
        Status::Ok => "fits, with room for intermediate results",
        Status::Tight => {
            "fits, but the headroom is smaller than the largest array: intermediate results may not fit"
        }
        Status::Over => "does not fit the budget (exit code 1)",
    };
    format!("{word}: {why}")
}
