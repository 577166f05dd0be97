//! The numpy-script planner: the peak memory of a numpy script, line by line, without
//! running it.
//!
//! - [`plan`] parses the script with Ruff's Python parser and walks it ([`eval`]): statements in
//!   order, expressions in Python's evaluation order;
//! - [`value`]: abstract values — arrays (shape, dtype, a reference-counted buffer, view or
//!   owner, contiguity), Python numbers, strings, tuples, lists, modules and callables;
//! - [`numpy`]: numpy's operations as size rules (what each allocates, views or reuses,
//!   temporary elision included);
//! - [`promote`]: result dtypes (npmem's `result_type`; a minimal NEP 50 rule for Python
//!   scalars);
//! - [`timeline`]: the buffers alive at each moment, per-line peaks and the overall peak.
//!
//! Anything not modelled is listed by line with why; the peak is then a lower bound.

mod eval;
mod numpy;
mod promote;
mod timeline;
mod value;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use serde::Serialize;

use crate::dtype::DType;

/// A `--set NAME=...` replacement for the script's top-level binding of NAME.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    Int(i128),
    Array { shape: Vec<u64>, dtype: DType },
}

/// What the planner needs besides the source.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The script's path (for `__file__`); `None` for stdin and `-c`.
    pub script: Option<PathBuf>,
    pub sets: Vec<(String, SetValue)>,
}

/// Whether the peak is exact or a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    Lower,
    Upper,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Lower => "lower",
            Bound::Upper => "upper",
        }
    }
}

/// A construct the planner does not model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmodelled {
    pub line: u32,
    pub construct: String,
    pub reason: String,
}

/// An array buffer alive at the peak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alive {
    /// The name bound to it, or `temporary of line N`.
    pub name: String,
    pub line: u32,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub nbytes: u64,
}

/// One line of the script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub line: u32,
    pub source: String,
    pub allocated_bytes: u64,
    pub freed_bytes: u64,
    pub live_bytes: u64,
    pub peak_bytes: u64,
}

/// The plan of one script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub peak_bytes: u64,
    pub peak_line: u32,
    pub peak_source: String,
    pub bound: Bound,
    pub alive_at_peak: Vec<Alive>,
    pub lines: Vec<Line>,
    pub unmodelled: Vec<Unmodelled>,
}

/// A script the planner cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

/// Plan a script: parse it and walk it.
pub fn plan(source: &str, options: &Options) -> Result<Plan, ParseError> {
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| {
        let offset = e.location.start().to_usize();
        ParseError {
            line: source[..offset.min(source.len())].matches('\n').count() as u32 + 1,
            message: e.error.to_string(),
        }
    })?;
    let module = parsed.syntax();
    let tl = Rc::new(RefCell::new(timeline::Timeline::default()));
    let sets: HashMap<String, SetValue> = options.sets.iter().cloned().collect();
    let unmodelled = {
        let mut interp = eval::Interp::new(source, tl.clone(), sets, options.script.clone());
        let flow = interp.run_block(&module.body);
        drop(flow);
        tl.borrow_mut().finish();
        std::mem::take(&mut interp.unmodelled)
        // The interpreter (and every value it holds) is dropped here: the script's end.
    };
    let tl = tl.borrow();
    let source_lines: Vec<&str> = source.lines().collect();
    let text = |line: u32| -> String {
        source_lines
            .get((line as usize).wrapping_sub(1))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let lines = tl
        .lines
        .iter()
        .filter(|(l, s)| **l > 0 && s.executed)
        .map(|(&line, s)| Line {
            line,
            source: text(line),
            allocated_bytes: s.allocated,
            freed_bytes: s.freed,
            live_bytes: s.live_after,
            peak_bytes: s.peak,
        })
        .collect();
    let alive_at_peak = tl
        .alive_at_peak
        .iter()
        .map(|b| Alive {
            name: b
                .name
                .clone()
                .unwrap_or_else(|| format!("temporary of line {}", b.line)),
            line: b.line,
            shape: b.shape.clone(),
            dtype: b.dtype.clone(),
            nbytes: b.nbytes,
        })
        .collect();
    let mut unmodelled = unmodelled;
    unmodelled.sort_by_key(|u| u.line);
    Ok(Plan {
        peak_bytes: tl.peak,
        peak_line: tl.peak_line,
        peak_source: text(tl.peak_line),
        bound: if unmodelled.is_empty() {
            Bound::Exact
        } else {
            Bound::Lower
        },
        alive_at_peak,
        lines,
        unmodelled,
    })
}
