//! Chunking advice: a top-level statement whose full-size temporaries come from big arrays
//! processed row by row, rewritten as a loop over blocks of rows.
//!
//! The statement's expression is read with the shapes its names hold just before it runs (a
//! walk of the statements before it). A name whose first axis has the rows' length is a row
//! source; every operation must keep rows apart: elementwise operators and ufuncs with
//! broadcasting that leaves the rows' axis alone, basic slicing and `None` that keep it whole,
//! `.T`, `X @ W` with the rows on the left, reductions along other axes. Whatever mixes rows
//! (`W @ X`, a reduction or a sort along the rows, fancy indexing, an unknown call) refuses.
//! Then:
//! - a result with the rows on one axis is written block by block into an array made first
//!   (`d = np.empty(...)`, `d[s:s + N] = ...`);
//! - a reduction over the rows at the top (`sum`, `mean` through `sum`, `min`, `max`, `prod`,
//!   `any`, `all`) is combined across blocks (`total = part if s == 0 else total + part`).
//!
//! The block has N rows, the largest power of two whose share of the statement's temporaries
//! is at most 1/32 of the current peak.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Number, Operator, Stmt, UnaryOp};
use ruff_text_size::Ranged;

use super::eval::Interp;
use super::timeline::Timeline;
use super::value::Value;
use super::{Options, Walk};

/// What a name holds just before the statement runs (or its target just after).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Held {
    Array { shape: Vec<u64>, dtype: String },
    Number,
}

fn held(v: &Value) -> Option<Held> {
    match v {
        Value::Array(a) => Some(Held::Array {
            shape: a.shape.clone(),
            dtype: a.dtype.name(),
        }),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Scalar(_) => Some(Held::Number),
        _ => None,
    }
}

/// The script walked up to one top-level statement and through it.
pub(super) struct Probe {
    /// The statement's names and what they hold before it.
    pub names: HashMap<String, Held>,
    /// What its target holds after it.
    pub target: Option<Held>,
    /// The bytes alive after it.
    pub live_after: u64,
}

/// Walk `module` with the plan's choices up to its statement `index`, then through it.
pub(super) fn probe(
    module: &ast::ModModule,
    source: &str,
    options: &Options,
    choice: &Walk,
    index: usize,
    target: &str,
) -> Option<Probe> {
    let stmt = module.body.get(index)?;
    let tl = Rc::new(RefCell::new(Timeline::default()));
    let mut interp = Interp::new(
        source,
        tl.clone(),
        options.sets.iter().cloned().collect(),
        options.script.clone(),
        choice.clone(),
    );
    drop(interp.run_block(&module.body[..index]));
    let mut names = HashMap::new();
    for name in super::names::mentioned(stmt) {
        if let Some(h) = interp.peek(&name).and_then(held) {
            names.insert(name, h);
        }
    }
    drop(interp.run_block(std::slice::from_ref(stmt)));
    let target = interp.peek(target).and_then(held);
    let live_after = tl.borrow().live;
    drop(interp);
    Some(Probe {
        names,
        target,
        live_after,
    })
}

/// A statement rewritten as a loop over blocks of rows.
pub(super) struct Chunked {
    pub change: String,
    pub text: String,
}

/// An expression's shape (`None`: a length not known) and which axis holds the rows.
#[derive(Debug, Clone)]
struct Val {
    shape: Vec<Option<u64>>,
    rows: Option<usize>,
}

impl Val {
    fn scalar() -> Val {
        Val {
            shape: Vec::new(),
            rows: None,
        }
    }
}

/// numpy's elementwise functions npmem reads row by row, by their number of operands.
const ELEMENTWISE: &[(&str, usize)] = &[
    ("sqrt", 1),
    ("exp", 1),
    ("log", 1),
    ("log1p", 1),
    ("expm1", 1),
    ("sin", 1),
    ("cos", 1),
    ("tan", 1),
    ("tanh", 1),
    ("arctan", 1),
    ("log2", 1),
    ("log10", 1),
    ("square", 1),
    ("abs", 1),
    ("absolute", 1),
    ("negative", 1),
    ("conj", 1),
    ("conjugate", 1),
    ("floor", 1),
    ("ceil", 1),
    ("sign", 1),
    ("isnan", 1),
    ("isfinite", 1),
    ("maximum", 2),
    ("minimum", 2),
    ("add", 2),
    ("subtract", 2),
    ("multiply", 2),
    ("divide", 2),
    ("power", 2),
    ("hypot", 2),
    ("arctan2", 2),
    ("where", 3),
    ("clip", 3),
];

const REDUCTIONS: &[&str] = &[
    "sum", "mean", "min", "max", "amin", "amax", "prod", "any", "all", "argmin", "argmax",
];

/// A literal integer (`3`, `-1`).
fn int_literal(e: &Expr) -> Option<i64> {
    match e {
        Expr::NumberLiteral(n) => match &n.value {
            Number::Int(i) => i.as_i64(),
            _ => None,
        },
        Expr::UnaryOp(u) if u.op == UnaryOp::USub => int_literal(&u.operand).map(|v| -v),
        _ => None,
    }
}

/// The axes a reduction's `axis` names (`None`: all of them), normalised to `ndim`.
fn axes(e: Option<&Expr>, ndim: usize) -> Option<Option<Vec<usize>>> {
    let norm = |e: &Expr| -> Option<usize> {
        let a = int_literal(e)?;
        let n = i64::try_from(ndim).ok()?;
        let a = if a < 0 { a + n } else { a };
        (0..n).contains(&a).then(|| usize::try_from(a).ok())?
    };
    match e {
        None | Some(Expr::NoneLiteral(_)) => Some(None),
        Some(Expr::Tuple(t)) => {
            let mut v = t.elts.iter().map(norm).collect::<Option<Vec<_>>>()?;
            v.sort_unstable();
            v.dedup();
            Some(Some(v))
        }
        Some(e) => Some(Some(vec![norm(e)?])),
    }
}

/// A reduction call taken apart: what it reduces, its `axis`, whether it keeps dims.
struct Reduction<'e> {
    name: &'e str,
    operand: &'e Expr,
    axis: Option<&'e Expr>,
    keepdims: bool,
    /// Where the function's name is in the source (to turn `mean` into `sum`).
    name_at: (usize, usize),
}

fn reduction<'e>(e: &'e Expr, np: Option<&str>) -> Option<Reduction<'e>> {
    let Expr::Call(c) = e else { return None };
    let Expr::Attribute(f) = &*c.func else {
        return None;
    };
    let name = f.attr.as_str();
    if !REDUCTIONS.contains(&name) {
        return None;
    }
    let function = matches!(&*f.value, Expr::Name(m) if Some(m.id.as_str()) == np);
    let args: Vec<&Expr> = c.arguments.args.iter().collect();
    let (operand, rest) = if function {
        let (first, rest) = args.split_first()?;
        (*first, rest.to_vec())
    } else {
        (&*f.value, args)
    };
    if rest.len() > 1 {
        return None;
    }
    let mut axis = rest.first().copied();
    let mut keepdims = false;
    for kw in &c.arguments.keywords {
        match kw.arg.as_ref().map(ast::Identifier::as_str) {
            Some("axis") if axis.is_none() => axis = Some(&kw.value),
            Some("keepdims") => match &kw.value {
                Expr::BooleanLiteral(b) => keepdims = b.value,
                _ => return None,
            },
            Some("dtype") => {}
            _ => return None,
        }
    }
    let r = f.attr.range();
    Some(Reduction {
        name,
        operand,
        axis,
        keepdims,
        name_at: (r.start().to_usize(), r.end().to_usize()),
    })
}

/// The reading of one expression for one length of rows.
struct Rows<'e> {
    names: &'e HashMap<String, Held>,
    n: u64,
    np: Option<&'e str>,
    /// Whether a name with the rows' length is a row source here.
    allow: bool,
    /// Name occurrences to slice, by their byte range.
    sliced: Vec<(usize, usize, String)>,
}

impl Rows<'_> {
    fn expr(&mut self, e: &Expr) -> Option<Val> {
        match e {
            Expr::Name(n) => match self.names.get(n.id.as_str())? {
                Held::Number => Some(Val::scalar()),
                Held::Array { shape, .. } => {
                    let rows = (self.allow && shape.first() == Some(&self.n)).then_some(0);
                    if rows.is_some() {
                        let r = n.range();
                        self.sliced.push((
                            r.start().to_usize(),
                            r.end().to_usize(),
                            n.id.to_string(),
                        ));
                    }
                    Some(Val {
                        shape: shape.iter().map(|&d| Some(d)).collect(),
                        rows,
                    })
                }
            },
            Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) => Some(Val::scalar()),
            Expr::UnaryOp(u) if u.op != UnaryOp::Not => self.expr(&u.operand),
            Expr::BinOp(b) if b.op == Operator::MatMult => self.matmul(&b.left, &b.right),
            Expr::BinOp(b) => self.elementwise(&[&b.left, &b.right]),
            Expr::Compare(c) if c.comparators.len() == 1 => {
                self.elementwise(&[&c.left, &c.comparators[0]])
            }
            Expr::Subscript(s) => {
                let base = self.expr(&s.value)?;
                index(&base, &s.slice)
            }
            Expr::Attribute(a) => {
                if matches!(&*a.value, Expr::Name(m) if Some(m.id.as_str()) == self.np) {
                    return ["pi", "e", "inf", "nan"]
                        .contains(&a.attr.as_str())
                        .then(Val::scalar);
                }
                let v = self.expr(&a.value)?;
                match a.attr.as_str() {
                    "T" => Some(Val {
                        rows: v.rows.map(|r| v.shape.len() - 1 - r),
                        shape: v.shape.into_iter().rev().collect(),
                    }),
                    "real" | "imag" => Some(v),
                    _ => None,
                }
            }
            Expr::Call(c) => self.call(e, c),
            _ => None,
        }
    }

    fn call(&mut self, e: &Expr, c: &ast::ExprCall) -> Option<Val> {
        if let Some(r) = reduction(e, self.np) {
            let v = self.expr(r.operand)?;
            return reduce_inside(v, &r);
        }
        let args: Vec<&Expr> = c.arguments.args.iter().collect();
        match &*c.func {
            Expr::Attribute(f) => {
                let name = f.attr.as_str();
                let on_np = matches!(&*f.value, Expr::Name(m) if Some(m.id.as_str()) == self.np);
                if on_np {
                    (ELEMENTWISE.contains(&(name, args.len())) && c.arguments.keywords.is_empty())
                        .then_some(())?;
                    return self.elementwise(&args);
                }
                match name {
                    "astype" | "copy" => self.expr(&f.value),
                    "clip" if c.arguments.keywords.is_empty() => {
                        let mut all = vec![&*f.value];
                        all.extend(args);
                        self.elementwise(&all)
                    }
                    _ => None,
                }
            }
            Expr::Name(f) if f.id.as_str() == "abs" && args.len() == 1 => self.expr(args[0]),
            _ => None,
        }
    }

    /// Operands broadcast together; an operand whose rows land on another axis than the
    /// others' is read again as a whole (not sliced: `X[:, None] - X[None, :]`).
    fn elementwise(&mut self, args: &[&Expr]) -> Option<Val> {
        let mut vals: Vec<Val> = Vec::new();
        for a in args {
            let mark = self.sliced.len();
            if let Some(v) = self.expr(a) {
                let mut all = vals.clone();
                all.push(v);
                if broadcast(&all, self.n).is_some() {
                    vals = all;
                    continue;
                }
                if all.last().is_some_and(|v| v.rows.is_none()) {
                    return None;
                }
            }
            // Read as a whole: its rows (if any) are not the rows processed in blocks.
            self.sliced.truncate(mark);
            let allow = std::mem::replace(&mut self.allow, false);
            let v = self.expr(a);
            self.allow = allow;
            vals.push(v?);
        }
        broadcast(&vals, self.n)
    }

    /// `A @ B`: rows of a 2-D A on the left stay rows; rows of B mix.
    fn matmul(&mut self, left: &Expr, right: &Expr) -> Option<Val> {
        let l = self.expr(left)?;
        let allow = std::mem::replace(&mut self.allow, false);
        let r = self.expr(right);
        self.allow = allow;
        let r = r?;
        match (l.shape.len(), r.shape.len(), l.rows) {
            (2, 2, Some(0)) => Some(Val {
                shape: vec![l.shape[0], r.shape[1]],
                rows: Some(0),
            }),
            (2, 1, Some(0)) => Some(Val {
                shape: vec![l.shape[0]],
                rows: Some(0),
            }),
            _ => None,
        }
    }
}

/// numpy's broadcasting of known shapes, the rows on one output axis; an operand without
/// the rows must have length 1 there (or no such axis).
fn broadcast(vals: &[Val], n: u64) -> Option<Val> {
    let nd = vals.iter().map(|v| v.shape.len()).max().unwrap_or(0);
    let mut shape: Vec<Option<u64>> = vec![Some(1); nd];
    let mut rows: Option<usize> = None;
    for v in vals {
        let off = nd - v.shape.len();
        for (i, d) in v.shape.iter().enumerate() {
            let o = &mut shape[off + i];
            *o = match (*o, *d) {
                (Some(1), x) | (x, Some(1)) => x,
                (Some(a), Some(b)) if a != b => return None,
                (Some(a), _) | (None, Some(a)) => Some(a),
                (None, None) => None,
            };
        }
        if let Some(r) = v.rows {
            match rows {
                Some(p) if p != r + off => return None,
                _ => rows = Some(r + off),
            }
        }
    }
    if let Some(p) = rows {
        for v in vals.iter().filter(|v| v.rows.is_none()) {
            let off = nd - v.shape.len();
            if p >= off && v.shape[p - off] != Some(1) {
                return None;
            }
        }
        shape[p] = Some(n);
    }
    Some(Val { shape, rows })
}

/// A reduction inside the expression: along axes other than the rows.
fn reduce_inside(v: Val, r: &Reduction<'_>) -> Option<Val> {
    let axes = axes(r.axis, v.shape.len())?;
    let Some(axes) = axes else {
        // A whole reduction of something without rows is a number.
        return v.rows.is_none().then(|| Val {
            shape: if r.keepdims {
                vec![Some(1); v.shape.len()]
            } else {
                Vec::new()
            },
            rows: None,
        });
    };
    if v.rows.is_some_and(|rows| axes.contains(&rows)) {
        return None;
    }
    if matches!(r.name, "argmin" | "argmax") && (axes.len() != 1 || r.keepdims) {
        return None;
    }
    let mut shape = Vec::new();
    let mut rows = None;
    for (i, d) in v.shape.iter().enumerate() {
        if axes.contains(&i) {
            if r.keepdims {
                shape.push(Some(1));
            }
            continue;
        }
        if v.rows == Some(i) {
            rows = Some(shape.len());
        }
        shape.push(*d);
    }
    Some(Val { shape, rows })
}

/// A basic index: `:` keeps an axis (and the rows), `None` adds one, an integer drops one,
/// `...` keeps the rest; a bounded slice is allowed on other axes only.
fn index(base: &Val, slice: &Expr) -> Option<Val> {
    let items: Vec<&Expr> = match slice {
        Expr::Tuple(t) => t.elts.iter().collect(),
        e => vec![e],
    };
    let consuming = items
        .iter()
        .filter(|e| !matches!(e, Expr::NoneLiteral(_) | Expr::EllipsisLiteral(_)))
        .count();
    let nd = base.shape.len();
    if consuming > nd {
        return None;
    }
    let mut shape = Vec::new();
    let mut rows = None;
    let mut axis = 0usize;
    let mut keep = |axis: &mut usize, shape: &mut Vec<Option<u64>>, len: Option<u64>| {
        if base.rows == Some(*axis) {
            rows = Some(shape.len());
        }
        shape.push(len);
        *axis += 1;
    };
    let mut ellipsis = false;
    for e in &items {
        match e {
            Expr::NoneLiteral(_) => shape.push(Some(1)),
            Expr::EllipsisLiteral(_) if !ellipsis => {
                ellipsis = true;
                for _ in 0..nd - consuming {
                    let len = base.shape[axis];
                    keep(&mut axis, &mut shape, len);
                }
            }
            Expr::Slice(s) if s.lower.is_none() && s.upper.is_none() && s.step.is_none() => {
                let len = base.shape[axis];
                keep(&mut axis, &mut shape, len);
            }
            Expr::Slice(_) if base.rows != Some(axis) => keep(&mut axis, &mut shape, None),
            e if int_literal(e).is_some() && base.rows != Some(axis) => axis += 1,
            _ => return None,
        }
    }
    while axis < nd {
        let len = base.shape[axis];
        keep(&mut axis, &mut shape, len);
    }
    Some(Val { shape, rows })
}

/// A name not used anywhere in `source`, from `choices`.
fn fresh<'c>(source: &str, choices: &[&'c str]) -> Option<&'c str> {
    choices.iter().copied().find(|w| {
        !source.match_indices(w).any(|(i, _)| {
            let ident = |c: char| c.is_alphanumeric() || c == '_';
            let before = source[..i].chars().next_back().is_some_and(ident);
            let after = source[i + w.len()..].chars().next().is_some_and(ident);
            !before && !after
        })
    })
}

/// The name numpy is imported as at the top level.
fn numpy_alias(module: &ast::ModModule) -> Option<String> {
    module.body.iter().find_map(|s| match s {
        Stmt::Import(i) => i.names.iter().find_map(|a| {
            (a.name.as_str() == "numpy").then(|| {
                a.asname
                    .as_ref()
                    .map_or_else(|| "numpy".to_string(), ToString::to_string)
            })
        }),
        _ => None,
    })
}

/// How a reduction's blocks combine.
fn combine(name: &str, acc: &str, part: &str, np: Option<&str>) -> Option<String> {
    Some(match name {
        "sum" | "mean" => format!("{acc} + {part}"),
        "prod" => format!("{acc} * {part}"),
        "min" | "amin" => format!("{}.minimum({acc}, {part})", np?),
        "max" | "amax" => format!("{}.maximum({acc}, {part})", np?),
        "any" => format!("{acc} | {part}"),
        "all" => format!("{acc} & {part}"),
        _ => return None,
    })
}

/// The names sliced, for the advice's words: `X`, `A and B`.
fn listed(sliced: &[(usize, usize, String)]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (_, _, n) in sliced {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// The rewrite of the top-level statement `index` (`T = E`, on the peak's line), with the
/// block size chosen, or `None` when its rows cannot be processed apart.
pub(super) fn rewrite(
    module: &ast::ModModule,
    source: &str,
    index: usize,
    peak_bytes: u64,
    probe: &dyn Fn(usize, &str) -> Option<Probe>,
) -> Option<Chunked> {
    let Stmt::Assign(a) = module.body.get(index)? else {
        return None;
    };
    let [Expr::Name(target)] = &a.targets[..] else {
        return None;
    };
    let target = target.id.as_str();
    let start = a.range().start().to_usize();
    let end = a.range().end().to_usize();
    // The statement starts its line and nothing but a comment follows it.
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let rest = source[end..].split('\n').next().unwrap_or_default().trim();
    if line_start != start || !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    if super::names::mentioned(module.body.get(index)?)
        .iter()
        .filter(|n| n.as_str() == target)
        .count()
        > 1
    {
        return None;
    }
    let np = numpy_alias(module);
    let p = probe(index, target)?;
    // The lengths of rows to try: the first axes of the arrays read, the largest first.
    let mut lengths: Vec<(u64, u64)> = p
        .names
        .values()
        .filter_map(|h| match h {
            Held::Array { shape, .. } if shape.first().is_some_and(|&d| d > 1) => {
                Some((super::value::elements(shape), shape[0]))
            }
            _ => None,
        })
        .collect();
    lengths.sort_unstable_by(|x, y| y.cmp(x));
    let mut seen = Vec::new();
    lengths.retain(|&(_, n)| {
        let new = !seen.contains(&n);
        seen.push(n);
        new
    });
    let value = &*a.value;
    let attempt = |n: u64| -> Option<Chunked> {
        let mut rows = Rows {
            names: &p.names,
            n,
            np: np.as_deref(),
            allow: true,
            sliced: Vec::new(),
        };
        // A reduction over the rows at the top combines across blocks; anything else keeps
        // the rows on one axis of the result.
        let top = reduction(value, np.as_deref());
        let reading = match &top {
            Some(r) => rows.expr(r.operand).and_then(|v| {
                let all = axes(r.axis, v.shape.len())?;
                match (v.rows, all) {
                    (Some(rr), None) => Some((v, Some(None), rr)),
                    (Some(rr), Some(ax)) if ax.contains(&rr) => Some((v, Some(Some(ax)), rr)),
                    _ => None,
                }
            }),
            None => None,
        };
        let (out, reduced) = match reading {
            Some((v, ax, _)) => (v, ax),
            None => {
                rows.sliced.clear();
                let v = rows.expr(value)?;
                v.rows?;
                (v, None)
            }
        };
        if rows.sliced.is_empty() {
            return None;
        }
        // The block: the largest power of two of rows whose temporaries are within 1/32 of
        // the peak.
        let transient = peak_bytes.saturating_sub(p.live_after);
        let per_row = transient.div_ceil(n).max(1);
        let fit = (peak_bytes / 32) / per_row;
        let block = if fit == 0 {
            1
        } else {
            1u64 << (63 - fit.leading_zeros())
        };
        if block >= n {
            return None;
        }
        let s = fresh(source, &["s", "start", "row", "s_"])?;
        let mut edits: Vec<(usize, usize, String)> = rows
            .sliced
            .iter()
            .map(|(a, b, name)| (*a, *b, format!("{name}[{s}:{s} + {block}]")))
            .collect();
        if let Some(r) = &top
            && reduced.is_some()
            && r.name == "mean"
        {
            edits.push((r.name_at.0, r.name_at.1, "sum".to_string()));
        }
        edits.sort_by_key(|e| e.0);
        let v_start = value.range().start().to_usize();
        let mut expr = String::new();
        let mut at = v_start;
        for (a, b, text) in &edits {
            expr.push_str(source.get(at..*a)?);
            expr.push_str(text);
            at = *b;
        }
        expr.push_str(source.get(at..value.range().end().to_usize())?);
        let head = format!("for {s} in range(0, {n}, {block}):");
        let (text, shown) = match (reduced, &top) {
            (Some(ax), Some(r)) => {
                let part = fresh(source, &["part", "block", "chunk", "part_"])?;
                let acc = combine(r.name, target, part, np.as_deref())?;
                let mut text = format!(
                    "{head}\n    {part} = {expr}\n    {target} = {part} if {s} == 0 else {acc}\ndel {part}"
                );
                let mut shown =
                    format!("`{head} {part} = {expr}; {target} = {part} if {s} == 0 else {acc}`");
                if r.name == "mean" {
                    let count = match ax {
                        None => out.shape.iter().try_fold(1u64, |c, d| c.checked_mul((*d)?)),
                        Some(ax) => ax
                            .iter()
                            .try_fold(1u64, |c, &i| c.checked_mul(out.shape[i]?)),
                    }?;
                    let mean = format!("{target} = {target} / {count}");
                    text.push('\n');
                    text.push_str(&mean);
                    shown.push_str(&format!(", then `{mean}`"));
                }
                (text, shown)
            }
            _ => {
                let np = np.as_deref()?;
                let rr = out.rows?;
                let Some(Held::Array { shape, dtype }) = &p.target else {
                    return None;
                };
                if shape.len() != out.shape.len()
                    || shape.get(rr) != Some(&n)
                    || !dtype.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    return None;
                }
                let dims: Vec<String> = shape.iter().map(u64::to_string).collect();
                let tuple = if dims.len() == 1 {
                    format!("({},)", dims[0])
                } else {
                    format!("({})", dims.join(", "))
                };
                let make = format!("{target} = {np}.empty({tuple}, dtype=\"{dtype}\")");
                let store = format!("{target}[{}{s}:{s} + {block}] = {expr}", ":, ".repeat(rr));
                let text = format!("{make}\n{head}\n    {store}");
                (text, format!("`{make}`, then `{head} {store}`"))
            }
        };
        let change = format!(
            "process {} in chunks of {} rows: {shown}",
            listed(&rows.sliced),
            crate::units::grouped(&block)
        );
        Some(Chunked { change, text })
    };
    lengths.iter().find_map(|&(_, n)| attempt(n))
}
