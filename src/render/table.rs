//! The default output: a table of arrays, then the budget in words. Sizes in one unit per column.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, presets};
use num_bigint::BigInt;

use crate::report::{
    CastReport, EstimateReport, FinfoEntry, FinfoReport, Report, Status, ValuesReport,
};
use crate::settings::Output;
use crate::units::{self, grouped, human_bytes};

use super::paint;
use super::plain::shape_tuple as python_shape;

pub fn render(report: &Report, output: &Output) -> String {
    match report {
        Report::Estimate(r) => estimate(r, output),
        Report::Finfo(r) => finfo(r, output),
        Report::Cast(r) => cast(r, output),
        Report::Values(r) => values(r),
        Report::Scan(r) => scan_table(r, output),
    }
}

fn scan_table(r: &crate::report::ScanReport, output: &Output) -> String {
    let name = r
        .array
        .as_ref()
        .map_or_else(|| r.file.clone(), |a| format!("{}:{a}", r.file));
    let mut s = format!("{name}: {} → {}\n\n", r.from, r.to);
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
        (
            "largest error",
            format!("{} absolute, {} relative", r.max_abs_error, r.max_rel_error),
        ),
        (
            "lossless dtype",
            r.smallest_lossless_dtype
                .clone()
                .unwrap_or_else(|| "none".to_string()),
        ),
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

fn values(r: &ValuesReport) -> String {
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
        let stored = match (&v.numpy.value, &v.numpy.error) {
            (Some(value), _) => value.clone(),
            (None, Some(e)) => format!("error: {e}"),
            (None, None) => String::new(),
        };
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
    s.push_str(&table.to_string());
    s.push('\n');
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
    s
}

fn cast(r: &CastReport, output: &Output) -> String {
    let mut s = format!("{} → {}\n\n", r.from, r.to);
    let marks: Vec<String> = crate::casting::Casting::ALL
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
        s.push_str(&table.to_string());
        s.push('\n');
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

/// How a row of the comparison reads its cell from an entry.
type Cell = Box<dyn Fn(&FinfoEntry) -> Option<String>>;

/// The comparison: one column per dtype, one row per property.
fn finfo(r: &FinfoReport, output: &Output) -> String {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_HORIZONTAL_ONLY.row_separator(LineStyle::none()))
        .set_content_arrangement(ContentArrangement::Disabled);
    let mut header = vec![String::new()];
    for e in &r.dtypes {
        let (query, dtype) = match e {
            FinfoEntry::Float(f) => (&f.query, &f.dtype),
            FinfoEntry::Int(i) => (&i.query, &i.dtype),
        };
        header.push(if query == dtype {
            query.clone()
        } else {
            format!("{query} ({dtype})")
        });
    }
    table.set_header(header);
    let dash = || "—".to_string();
    let float = |e: &FinfoEntry, name: &str| match e {
        FinfoEntry::Float(f) => f.printed.get(name).cloned(),
        FinfoEntry::Int(_) => None,
    };
    let rows: Vec<(&str, Cell)> = vec![
        (
            "bits",
            Box::new(|e: &FinfoEntry| {
                Some(match e {
                    FinfoEntry::Float(f) => f.limits.bits.to_string(),
                    FinfoEntry::Int(i) => i.bits.to_string(),
                })
            }),
        ),
        (
            "bytes per value",
            Box::new(|e: &FinfoEntry| {
                Some(match e {
                    FinfoEntry::Float(f) => f.itemsize.to_string(),
                    FinfoEntry::Int(i) => i.itemsize.to_string(),
                })
            }),
        ),
        (
            "precision (digits)",
            Box::new(|e: &FinfoEntry| match e {
                FinfoEntry::Float(f) => Some(f.limits.precision.to_string()),
                FinfoEntry::Int(_) => None,
            }),
        ),
        (
            "resolution",
            Box::new(move |e: &FinfoEntry| float(e, "resolution")),
        ),
        ("eps", Box::new(move |e: &FinfoEntry| float(e, "eps"))),
        (
            "max",
            Box::new(move |e: &FinfoEntry| match e {
                FinfoEntry::Int(i) => Some(grouped(&i.max.0)),
                _ => float(e, "max"),
            }),
        ),
        (
            "min",
            Box::new(move |e: &FinfoEntry| match e {
                FinfoEntry::Int(i) => Some(grouped(&i.min.0)),
                _ => float(e, "min"),
            }),
        ),
        (
            "smallest normal",
            Box::new(move |e: &FinfoEntry| float(e, "smallest_normal")),
        ),
        (
            "smallest subnormal",
            Box::new(move |e: &FinfoEntry| float(e, "smallest_subnormal")),
        ),
    ];
    for (label, get) in &rows {
        let mut row = vec![(*label).to_string()];
        row.extend(r.dtypes.iter().map(|e| get(e).unwrap_or_else(dash)));
        table.add_row(row);
    }
    if let Some(shape) = &r.shape {
        let sizes: Vec<BigInt> = r
            .dtypes
            .iter()
            .map(|e| match e {
                FinfoEntry::Float(f) => f.nbytes.as_ref().map(|n| n.0.clone()),
                FinfoEntry::Int(i) => i.nbytes.as_ref().map(|n| n.0.clone()),
            })
            .map(Option::unwrap_or_default)
            .collect();
        let mut row = vec![format!("memory for {}", python_shape(shape))];
        row.extend(sizes.iter().map(|n| human_bytes(n, output.units)));
        table.add_row(row);
    }
    for i in 1..=r.dtypes.len() {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut s = table.to_string();
    s.push('\n');
    if r.exact {
        s.push_str("\nexact values:\n");
        for e in &r.dtypes {
            if let FinfoEntry::Float(f) = e {
                for name in crate::number::limits::FLOAT_ATTRIBUTES {
                    if let Some(d) = f.decimals.get(name) {
                        let _ = writeln!(s, "  {} {name} = {d}", f.query);
                    }
                }
            }
        }
    }
    s
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
    for a in &r.arrays {
        if let Some(c) = &a.chunks {
            chunk_plan(&mut s, &a.spec, c, output);
        }
    }
    for f in &r.files {
        let by_dtype: Vec<String> = f
            .bytes_by_dtype
            .iter()
            .map(|(d, b)| format!("{d} {}", human_bytes(&b.0, output.units)))
            .collect();
        let ratio = if f.disk_bytes == 0 {
            String::new()
        } else {
            let tenths = &f.memory_bytes.0 * 100u32 / BigInt::from(f.disk_bytes);
            format!(
                " (memory/disk {}.{:02}×)",
                &tenths / 100u32,
                &tenths % 100u32
            )
        };
        let _ = writeln!(
            s,
            "file: {} ({}): {} arrays, {} parameters, {} in memory, {} on disk{ratio}; {}{}",
            f.path,
            f.format,
            f.arrays,
            grouped(&f.parameters.0),
            human_bytes(&f.memory_bytes.0, output.units),
            human_bytes(&BigInt::from(f.disk_bytes), output.units),
            by_dtype.join(", "),
            f.bits_per_weight
                .as_ref()
                .map_or_else(String::new, |b| format!("; {b} bits per weight on disk"))
        );
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
    if let Some(w) = &r.workers {
        workers(&mut s, w, output);
    }
    s
}

/// Chunk sizes along one axis as runs: `5792 ×17, 1536`, summarised past a few runs.
pub(crate) fn runs_text(d: &crate::dask::Runs) -> String {
    const SHOWN: usize = 6;
    let mut parts: Vec<String> =
        d.0.iter()
            .take(SHOWN)
            .map(|&(size, n)| {
                if n == 1 {
                    size.to_string()
                } else {
                    format!("{size} ×{n}")
                }
            })
            .collect();
    if d.0.len() > SHOWN {
        parts.push(format!("… ({} chunks in all)", d.len()));
    }
    parts.join(", ")
}

fn chunk_plan(s: &mut String, spec: &str, c: &crate::report::ChunkReport, output: &Output) {
    let h = |n: &BigInt| human_bytes(n, output.units);
    let per_dim: Vec<String> = c.count_per_dim.iter().map(u64::to_string).collect();
    let count = if per_dim.len() > 1 {
        format!("{} = {}", per_dim.join(" × "), grouped(&c.count.0))
    } else {
        grouped(&c.count.0)
    };
    let _ = writeln!(
        s,
        "chunks: {spec}: {} chunks of up to {}, {count} in all ({}, limit {})",
        python_shape(&c.chunk_shape),
        h(&c.max_chunk_bytes.0),
        c.requested,
        h(&c.limit_bytes.0)
    );
    for (axis, d) in c.chunks.0.iter().enumerate() {
        let _ = writeln!(s, "  axis {axis}: {}", runs_text(d));
    }
    if let (Some(reads), Some(aligned)) = (&c.storage_chunks_per_chunk, c.aligned) {
        let _ = writeln!(
            s,
            "  previous chunks: each chunk reads at most {} of them{}",
            grouped(&reads.0),
            if aligned {
                " (aligned: every boundary is one of theirs)"
            } else {
                " (not aligned)"
            }
        );
    }
    for w in &c.warnings {
        let _ = writeln!(s, "warning: {spec}: {w}");
    }
}

fn workers(s: &mut String, w: &crate::report::WorkersReport, output: &Output) {
    let h = |n: &BigInt| human_bytes(n, output.units);
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    s.push('\n');
    let mut rows: Vec<(&str, String)> = vec![
        (
            "workers",
            format!(
                "{} × {}, {} each ({}); {} in all for {} of arrays",
                w.count,
                plural(w.threads_per_worker, "thread", "threads"),
                h(&w.worker_memory_bytes.0),
                w.worker_memory_source,
                h(&w.cluster_memory_bytes.0),
                h(&w.array_bytes.0)
            ),
        ),
        (
            "needs",
            format!(
                "{} a worker: {} × {} in flight × {} (the largest chunk) + {} reserve",
                h(&w.per_worker_required_bytes.0),
                plural(w.threads_per_worker, "thread", "threads"),
                plural(w.chunks_in_flight, "chunk", "chunks"),
                h(&w.chunk_bytes.0),
                h(&w.reserve_bytes.0)
            ),
        ),
    ];
    let mut fits = Vec::new();
    if let Some(m) = &w.max_chunk_bytes_that_fit {
        let mut t = format!("chunks up to {}", h(&m.0));
        if let Some(l) = &w.chunk_size_that_fits {
            let _ = write!(t, " (--chunk-size {})", l.0);
        }
        fits.push(t);
    }
    if let Some(t) = &w.max_threads_that_fit {
        fits.push(format!("{} threads per worker", grouped(&t.0)));
    }
    if !fits.is_empty() {
        rows.push(("would fit", fits.join(", or ")));
    }
    rows.push((
        "persist",
        match &w.workers_to_persist {
            Some(n) => format!(
                "held in memory, the arrays need {} worker{} of this size",
                grouped(&n.0),
                if n.0 == BigInt::from(1) { "" } else { "s" }
            ),
            None => "a worker has no room beyond its reserve".to_string(),
        },
    ));
    let word = paint(w.status.as_str(), w.status, output.color);
    let why = match w.status {
        Status::Ok => "each worker fits its chunks in flight, with room to spare",
        Status::Tight => "fits, with less than one chunk to spare",
        Status::Over => "a worker needs more memory than it has (exit code 1)",
    };
    rows.push(("workers status", format!("{word}: {why}")));
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<14} {value}");
    }
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
        Status::Over if r.workers.is_some() => {
            "does not fit the budget on one machine (with --workers, the exit code follows the workers' status)"
        }
        Status::Over => "does not fit the budget (exit code 1)",
    };
    format!("{word}: {why}")
}
