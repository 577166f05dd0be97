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

mod advice;
mod chunk;
mod cycles;
mod eval;
mod files;
mod heads;
mod limits;
mod linalg;
mod loops;
mod names;
mod numpy;
mod ordering;
mod products;
mod promote;
mod selection;
mod timeline;
mod value;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use ruff_python_ast as ast;
use serde::Serialize;

use crate::dtype::DType;

pub use advice::Advice;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
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

/// What a listed construct does to the figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effect {
    /// Not modelled: what it allocates is missing, so the peak can only be higher.
    #[default]
    Missing,
    /// A size that depends on the data, counted at its largest: the peak can only be lower.
    Largest,
    /// A condition not known before running: the branch giving the higher peak is planned.
    WorseBranch,
}

/// A construct the planner does not model exactly: not at all (the peak is then a lower
/// bound), or as a bound (a data-dependent size at its largest, the worse branch of an `if`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmodelled {
    pub line: u32,
    pub construct: String,
    pub reason: String,
    #[serde(skip)]
    pub effect: Effect,
}

/// An array buffer alive at the peak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alive {
    /// The name bound to it, or `temporary of line N`.
    pub name: String,
    pub line: u32,
    pub shape: Vec<u64>,
    pub dtype: String,
    /// The whole buffer it keeps alive.
    pub nbytes: u64,
    /// For a view that keeps its base alive (no name holds the base any more): the base's
    /// name, or `temporary of line N`.
    pub view_of: Option<String>,
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

/// Where a script's memory peaks: the bytes alive, and the line (number and text) that
/// reaches them first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Peak {
    #[serde(rename = "peak_bytes")]
    pub bytes: u64,
    #[serde(rename = "peak_line")]
    pub line: u32,
    #[serde(rename = "peak_source")]
    pub source: String,
}

/// The plan of one script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    #[serde(flatten)]
    pub peak: Peak,
    /// `exact`; `lower` when something is not modelled (listed in `unmodelled`); `upper` when
    /// data-dependent sizes are taken at their largest.
    pub bound: Bound,
    pub alive_at_peak: Vec<Alive>,
    pub lines: Vec<Line>,
    pub unmodelled: Vec<Unmodelled>,
    /// Changes that lower the peak, each with the peak it gives.
    pub advice: Vec<Advice>,
}

/// A script the planner cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

/// How data-dependent sizes are counted in one walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataSizes {
    /// At their largest: the plan is an upper bound when nothing else is missing.
    Largest,
    /// At their smallest: with unmodelled constructs the plan is a lower bound.
    Smallest,
}

/// Choices for one walk of the script.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    pub sizes: DataSizes,
    /// Per `if`/`elif` whose condition is unknown (by its source offset): take its body?
    pub branches: HashMap<usize, bool>,
}

/// What one walk produced.
struct Walked {
    tl: timeline::Timeline,
    unmodelled: Vec<Unmodelled>,
    /// The unknown conditions met, in order.
    conditions: Vec<usize>,
    /// Those whose body left memory as it found it every time.
    harmless: HashMap<usize, bool>,
    /// The choices it was walked with.
    choice: Walk,
}

/// At most this many unknown conditions are tried both ways (one re-plan each).
const MAX_BRANCH_SITES: usize = 16;

fn walk(module: &ast::ModModule, source: &str, options: &Options, choice: &Walk) -> Walked {
    walk_below(module, source, options, choice, None)
}

/// A walk that stops as soon as its peak reaches `stop_at` (a change that does not lower the
/// peak needs no more walking).
fn walk_below(
    module: &ast::ModModule,
    source: &str,
    options: &Options,
    choice: &Walk,
    stop_at: Option<u64>,
) -> Walked {
    let tl = Rc::new(RefCell::new(timeline::Timeline::default()));
    let sets: HashMap<String, SetValue> = options.sets.iter().cloned().collect();
    let (unmodelled, conditions, harmless) = {
        let mut interp = eval::Interp::new(
            source,
            tl.clone(),
            sets,
            options.script.clone(),
            choice.clone(),
        );
        interp.stop_at = stop_at;
        let flow = interp.run_block(&module.body);
        drop(flow);
        tl.borrow_mut().finish();
        (
            std::mem::take(&mut interp.unmodelled),
            std::mem::take(&mut interp.conditions),
            std::mem::take(&mut interp.harmless),
        )
        // The interpreter (and every value it holds) is dropped here: the script's end.
    };
    let tl = std::mem::take(&mut *tl.borrow_mut());
    Walked {
        tl,
        unmodelled,
        conditions,
        harmless,
        choice: choice.clone(),
    }
}

/// Walk the script once per unknown condition, keeping each branch choice that moves the
/// peak the wanted way (up for the worse branch, down for a lower bound).
fn choose(
    module: &ast::ModModule,
    source: &str,
    options: &Options,
    sizes: DataSizes,
    higher: bool,
) -> Walked {
    let mut choice = Walk {
        sizes,
        branches: HashMap::new(),
    };
    let mut best = walk(module, source, options, &choice);
    let mut tried: Vec<usize> = Vec::new();
    let mut walks = 0usize;
    while let Some(&site) = best.conditions.iter().find(|s| !tried.contains(s)) {
        tried.push(site);
        // Skipping a body that left memory as it found it gives the same state after it and
        // no higher peak: only worth a walk when looking for a lower one.
        if higher && best.harmless.get(&site) == Some(&true) {
            continue;
        }
        walks += 1;
        if walks > MAX_BRANCH_SITES {
            break;
        }
        let mut other = choice.clone();
        other.branches.insert(site, false);
        let again = walk(module, source, options, &other);
        let better = if higher {
            again.tl.peak > best.tl.peak
        } else {
            again.tl.peak < best.tl.peak
        };
        if better {
            choice = other;
            best = again;
        }
    }
    best
}

/// The planner's stack: deep (but accepted) nesting parses, walks and drops on it.
const STACK_BYTES: usize = 256 << 20;

/// Plan a script: parse it and walk it (on a thread of its own, with a stack that fits the
/// deepest nesting the limits accept).
pub fn plan(source: &str, options: &Options) -> Result<Plan, ParseError> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("npmem-peak".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || plan_here(source, options))
        {
            Ok(t) => t
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: plan on this one (the limits still hold).
            Err(_) => plan_here(source, options),
        }
    })
}

fn plan_here(source: &str, options: &Options) -> Result<Plan, ParseError> {
    let parsed = parse(source)?;
    let (mut plan, choice) = plan_parsed(parsed.syntax(), source, options);
    let peak = plan.peak.bytes;
    // A changed script is walked once, with the branch choices of the plan it changes (their
    // offsets moved by the edit): the advice compares like with like, and stays fast.
    plan.advice = advice::advise(
        source,
        parsed.syntax(),
        &plan,
        |changed, edit| {
            let p = parse(changed).ok()?;
            let (start, end, new_len) = edit;
            let mut moved = choice.clone();
            moved.branches = choice
                .branches
                .iter()
                .filter(|(k, _)| **k < start || **k >= end)
                .map(|(&k, &v)| {
                    (
                        if k >= end {
                            k - (end - start) + new_len
                        } else {
                            k
                        },
                        v,
                    )
                })
                .collect();
            Some(report(
                walk_below(p.syntax(), changed, options, &moved, Some(peak)),
                changed,
            ))
        },
        |index, target| chunk::probe(parsed.syntax(), source, options, &choice, index, target),
    );
    Ok(plan)
}

fn parse(source: &str) -> Result<ruff_python_parser::Parsed<ast::ModModule>, ParseError> {
    limits::scan(source)?;
    let parsed = ruff_python_parser::parse_module(source).map_err(|e| {
        let offset = e.location.start().to_usize();
        ParseError {
            line: source[..offset.min(source.len())].matches('\n').count() as u32 + 1,
            message: e.error.to_string(),
        }
    })?;
    limits::check(parsed.syntax(), source)?;
    Ok(parsed)
}

fn plan_parsed(module: &ast::ModModule, source: &str, options: &Options) -> (Plan, Walk) {
    // The worse branch of every unknown condition, data-dependent sizes at their largest: an
    // upper bound when nothing is missing. When something is not modelled no upper bound
    // exists; the plan is then walked again with data-dependent sizes at their smallest and
    // the lighter branches, so that the figure is a true lower bound.
    let mut walked = choose(module, source, options, DataSizes::Largest, true);
    let missing = walked
        .unmodelled
        .iter()
        .any(|u| u.effect == Effect::Missing);
    let bounded = walked
        .unmodelled
        .iter()
        .any(|u| u.effect != Effect::Missing);
    if missing && bounded {
        walked = choose(module, source, options, DataSizes::Smallest, false);
    }
    let choice = walked.choice.clone();
    (report(walked, source), choice)
}

fn report(walked: Walked, source: &str) -> Plan {
    let Walked { tl, unmodelled, .. } = walked;
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
        .enumerate()
        .filter(|(l, s)| *l > 0 && s.executed)
        .map(|(line, s)| {
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            Line {
                line,
                source: text(line),
                allocated_bytes: s.allocated,
                freed_bytes: s.freed,
                live_bytes: s.live_after,
                peak_bytes: s.peak,
            }
        })
        .collect();
    let alive_at_peak = tl
        .alive_at_peak
        .iter()
        .map(|b| match b.kept_by_view() {
            Some((view, shape)) => Alive {
                name: view.clone(),
                line: b.line,
                shape: shape.clone(),
                dtype: b.dtype.clone(),
                nbytes: b.nbytes,
                view_of: Some(b.base_name()),
            },
            None => Alive {
                name: b.base_name(),
                line: b.line,
                shape: b.shape.clone(),
                dtype: b.dtype.clone(),
                nbytes: b.nbytes,
                view_of: None,
            },
        })
        .collect();
    let mut unmodelled = unmodelled;
    unmodelled.sort_by_key(|u| u.line);
    let bound = if unmodelled.iter().any(|u| u.effect == Effect::Missing) {
        Bound::Lower
    } else if unmodelled.is_empty() {
        Bound::Exact
    } else {
        Bound::Upper
    };
    Plan {
        peak: Peak {
            bytes: tl.peak,
            line: tl.peak_line,
            source: text(tl.peak_line),
        },
        bound,
        alive_at_peak,
        lines,
        unmodelled,
        advice: Vec::new(),
    }
}
