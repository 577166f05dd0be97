//! How a finfo report reads: a comparison table (one column per dtype), one line per value
//! (plain), or exactly what Python prints for `repr()`/`str()` of `np.finfo(T)`.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, LineStyle, Table, presets};

use npmem::dtype::finfo::FinfoEntry;
use npmem::number::limits::FLOAT_ATTRIBUTES;
use npmem::units::{grouped, human_bytes};
use num_bigint::BigInt;

use super::FinfoReport;
use crate::output::{Output, arrange, render, shape_tuple, wrapped};

/// How a row of the comparison reads its cell from an entry.
type Cell = Box<dyn Fn(&FinfoEntry) -> Option<String>>;

/// The comparison: one column per dtype, one row per property.
pub fn table(r: &FinfoReport, output: &Output) -> String {
    let mut table = Table::new();
    table.load_style(presets::UTF8_HORIZONTAL_ONLY.row_separator(LineStyle::none()));
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
        let mut row = vec![format!("memory for {}", shape_tuple(shape))];
        row.extend(sizes.iter().map(|n| human_bytes(n, output.units)));
        table.add_row(row);
    }
    for i in 1..=r.dtypes.len() {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    arrange(&mut table, output);
    let mut s = render(&table);
    for note in &r.notes {
        s.push_str(&wrapped("note: ", note, output));
    }
    if r.exact {
        s.push_str("\nexact values:\n");
        for e in &r.dtypes {
            if let FinfoEntry::Float(f) = e {
                for name in npmem::number::limits::FLOAT_ATTRIBUTES {
                    if let Some(d) = f.decimals.get(name) {
                        let _ = writeln!(s, "  {} {name} = {d}", f.query);
                    }
                }
            }
        }
    }
    s
}

pub fn plain(r: &FinfoReport) -> String {
    let mut s = String::new();
    for entry in &r.dtypes {
        match entry {
            FinfoEntry::Float(f) => {
                let l = &f.limits;
                let _ = write!(
                    s,
                    "finfo dtype={} query={} bits={}",
                    f.dtype, f.query, l.bits
                );
                for name in FLOAT_ATTRIBUTES {
                    let _ = write!(
                        s,
                        " {name}={}",
                        f.printed.get(name).map_or("", String::as_str)
                    );
                }
                let _ = write!(
                    s,
                    " precision={} machep={} negep={} minexp={} maxexp={} nexp={} nmant={} iexp={} itemsize={}",
                    l.precision,
                    l.machep,
                    l.negep,
                    l.minexp,
                    l.maxexp,
                    l.nexp,
                    l.nmant,
                    l.iexp,
                    f.itemsize
                );
                if let Some(n) = &f.nbytes {
                    let _ = write!(s, " nbytes={}", n.0);
                }
                s.push('\n');
                if r.exact {
                    for name in FLOAT_ATTRIBUTES {
                        if let Some(d) = f.decimals.get(name) {
                            let _ = writeln!(s, "exact dtype={} {name}={d}", f.dtype);
                        }
                    }
                }
            }
            FinfoEntry::Int(i) => {
                let _ = write!(
                    s,
                    "iinfo dtype={} query={} kind={} bits={} min={} max={} itemsize={}",
                    i.dtype, i.query, i.kind, i.bits, i.min.0, i.max.0, i.itemsize
                );
                if let Some(n) = &i.nbytes {
                    let _ = write!(s, " nbytes={}", n.0);
                }
                s.push('\n');
            }
        }
    }
    for note in &r.notes {
        let _ = writeln!(s, "note {note}");
    }
    s
}

/// `--format repr` and `--format str`: exactly what Python prints for `repr(np.finfo(T))` and
/// `str(np.finfo(T))` (or `iinfo`, or ml_dtypes' own), one dtype after another.
pub fn python(r: &FinfoReport, repr: bool) -> String {
    let texts: Vec<&str> = r
        .dtypes
        .iter()
        .map(|e| match (e, repr) {
            (FinfoEntry::Float(f), true) => f.repr.as_str(),
            (FinfoEntry::Float(f), false) => f.str_.as_str(),
            (FinfoEntry::Int(i), true) => i.repr.as_str(),
            (FinfoEntry::Int(i), false) => i.str_.as_str(),
        })
        .collect();
    let mut out = String::new();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 && !repr {
            out.push('\n');
        }
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
