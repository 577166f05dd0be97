//! Advice that lowers the peak: each change is made to the script's text and the changed script
//! planned again; only changes whose new peak is lower are kept, with that peak.
//!
//! - `x = x + y` → `x += y` (the result written into `x`, no new array);
//! - `del NAME` after the last line that uses NAME (module level);
//! - a view alive at the peak keeping a larger base alive → `.copy()` of the part it needs;
//! - `np.load(path)` of a file only read → `mmap_mode='r'`;
//! - float64 creation → `dtype=np.float32` where float32 suffices (`npmem cast-check` can
//!   confirm that the values fit);
//! - a statement on the peak's line whose temporaries come from big arrays processed row by
//!   row → a loop over blocks of rows ([`super::chunk`]).

use ruff_python_ast::{self as ast, Expr, Operator, Stmt};
use ruff_text_size::Ranged;

use super::Plan;
use super::chunk::{self, Probe};
use super::names::{mentioned, names_in};

/// One change and the peak it gives.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Advice {
    pub line: u32,
    pub change: String,
    pub peak_bytes: u64,
}

/// Candidates tried at most (each is one more plan of the script), those concerning the
/// largest arrays alive at the peak first.
const MAX_CANDIDATES: usize = 12;

struct Candidate {
    line: u32,
    change: String,
    /// The bytes alive at the peak it concerns (to try the likeliest first).
    weight: u64,
    /// The replaced byte range and its new text.
    start: usize,
    end: usize,
    text: String,
}

fn op_text(op: Operator) -> &'static str {
    match op {
        Operator::Add => "+",
        Operator::Sub => "-",
        Operator::Mult => "*",
        Operator::Div => "/",
        Operator::FloorDiv => "//",
        Operator::Pow => "**",
        Operator::BitAnd => "&",
        Operator::BitOr => "|",
        Operator::BitXor => "^",
        Operator::Mod => "%",
        Operator::LShift => "<<",
        Operator::RShift => ">>",
        Operator::MatMult => "@",
    }
}

struct Source<'s> {
    text: &'s str,
    line_starts: Vec<usize>,
}

impl Source<'_> {
    fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.line_starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
    fn of(&self, node: &impl Ranged) -> &str {
        let r = node.range();
        self.text
            .get(r.start().to_usize()..r.end().to_usize())
            .unwrap_or_default()
    }
    /// The end of the line holding `offset`.
    fn line_end(&self, offset: usize) -> usize {
        self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i)
    }
}

/// Names written in place somewhere (`x[...] = `, `x += `, `out=x`): not "only read".
fn written_in_place(body: &[Stmt]) -> Vec<String> {
    use ruff_python_ast::visitor::{Visitor, walk_stmt};
    struct W(Vec<String>);
    impl<'a> Visitor<'a> for W {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            match s {
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Expr::Subscript(sub) = t {
                            self.0.extend(names_in(&sub.value));
                        }
                    }
                }
                Stmt::AugAssign(a) => self.0.extend(names_in(&a.target)),
                _ => {}
            }
            walk_stmt(self, s);
        }
    }
    let mut w = W(Vec::new());
    for s in body {
        w.visit_stmt(s);
    }
    w.0
}

fn call_name(c: &ast::ExprCall, src: &Source<'_>) -> String {
    src.of(&*c.func).to_string()
}

fn candidates(
    module: &ast::ModModule,
    src: &Source<'_>,
    plan: &Plan,
    probe: &dyn Fn(usize, &str) -> Option<Probe>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let body = &module.body;
    let alive: Vec<&str> = plan.alive_at_peak.iter().map(|a| a.name.as_str()).collect();
    let written = written_in_place(body);
    // The names each top-level statement mentions, listed once.
    let mentions: Vec<Vec<String>> = if alive.is_empty() {
        Vec::new()
    } else {
        body.iter().map(mentioned).collect()
    };
    // The bytes alive at the peak held by (or through) a name.
    let held = |name: &str| -> u64 {
        plan.alive_at_peak
            .iter()
            .filter(|a| a.name == name || a.view_of.as_deref() == Some(name))
            .map(|a| a.nbytes)
            .sum()
    };
    for (i, stmt) in body.iter().enumerate() {
        let start = stmt.range().start().to_usize();
        let end = stmt.range().end().to_usize();
        let line = src.line(start);
        let Stmt::Assign(a) = stmt else { continue };
        let [Expr::Name(target)] = &a.targets[..] else {
            continue;
        };
        let name = target.id.as_str();
        // x = x op y → x op= y: it changes what is alive only while the statement runs (its
        // result buffer), so it can lower the peak only when the peak is on its lines.
        let on_its_lines = (line..=src.line(end.saturating_sub(1))).contains(&plan.peak.line);
        // The statement making the peak, in blocks of rows (tried first: it concerns the
        // whole peak).
        if on_its_lines && let Some(c) = chunk::rewrite(module, src.text, i, plan.peak.bytes, probe)
        {
            out.push(Candidate {
                line,
                weight: plan.peak.bytes,
                change: c.change,
                start,
                end,
                text: c.text,
            });
        }
        if let Expr::BinOp(b) = &*a.value
            && on_its_lines
            && matches!(&*b.left, Expr::Name(l) if l.id == target.id)
            && b.op != Operator::MatMult
        {
            let text = format!("{name} {}= {}", op_text(b.op), src.of(&*b.right));
            out.push(Candidate {
                line,
                weight: held(name),
                change: format!(
                    "`{}` → `{text}` (written into {name}, no new array)",
                    src.of(stmt)
                ),
                start,
                end,
                text,
            });
        }
        // a view keeping its base alive → .copy()
        if plan
            .alive_at_peak
            .iter()
            .any(|al| al.name == name && al.view_of.is_some())
        {
            let value = src.of(&*a.value);
            let text = format!("{name} = ({value}).copy()");
            out.push(Candidate {
                line,
                weight: held(name),
                change: format!(
                    "`{}` → `{text}` (the view no longer keeps its base alive)",
                    src.of(stmt)
                ),
                start,
                end,
                text,
            });
        }
        if let Expr::Call(c) = &*a.value {
            let f = call_name(c, src);
            let has = |k: &str| {
                c.arguments
                    .keywords
                    .iter()
                    .any(|kw| kw.arg.as_ref().is_some_and(|a| a.as_str() == k))
            };
            let close = c.arguments.range().end().to_usize().saturating_sub(1);
            // np.load of a file only read → mmap_mode='r'
            if (f == "np.load" || f == "numpy.load")
                && !has("mmap_mode")
                && c.arguments.args.len() == 1
                && !written.iter().any(|w| w == name)
            {
                let mut text = src.text[start..close].to_string();
                text.push_str(", mmap_mode=\"r\")");
                text.push_str(&src.text[close + 1..end]);
                out.push(Candidate {
                    line,
                    weight: held(name),
                    change: format!(
                        "`{}` → `{text}` ({name} is only read: map the file instead of reading it)",
                        src.of(stmt)
                    ),
                    start,
                    end,
                    text,
                });
            }
            // float64 creation → float32
            let creates = ["np.zeros", "np.ones", "np.empty", "np.full"].contains(&f.as_str())
                || f.ends_with(".standard_normal")
                || f.ends_with(".random");
            let float64 = plan
                .alive_at_peak
                .iter()
                .any(|al| al.name == name && al.dtype == "float64" && al.view_of.is_none());
            if creates
                && float64
                && !has("dtype")
                && !(f.starts_with("np.") && c.arguments.args.len() > 1)
            {
                let mut text = src.text[start..close].to_string();
                text.push_str(", dtype=np.float32)");
                text.push_str(&src.text[close + 1..end]);
                out.push(Candidate {
                    line,
                    weight: held(name) / 2,
                    change: format!("`{}` → `{text}` where float32 suffices (`npmem cast-check` can confirm the values fit)", src.of(stmt)),
                    start,
                    end,
                    text,
                });
            }
        }
        // del NAME after its last use (module level), for names alive at the peak
        if !alive.contains(&name) {
            continue;
        }
        let last = mentions
            .iter()
            .enumerate()
            .skip(i)
            .filter(|(_, m)| m.iter().any(|n| n == name))
            .map(|(j, _)| j)
            .next_back()
            .unwrap_or(i);
        if last + 1 >= body.len() {
            continue;
        }
        let after = &body[last];
        let at = src.line_end(after.range().end().to_usize());
        let after_line = src.line(after.range().start().to_usize());
        out.push(Candidate {
            line: after_line,
            weight: held(name),
            change: format!("`del {name}` after line {after_line}, its last use"),
            start: at,
            end: at,
            text: format!("\ndel {name}"),
        });
    }
    // Heaviest first; equal weights in the script's order.
    out.sort_by_key(|c| std::cmp::Reverse(c.weight));
    out.truncate(MAX_CANDIDATES);
    out
}

/// The changes that lower the peak of `plan`, each with its new peak, lowest first.
/// `replan` plans a changed script, given the edit (start, end, length of the new text);
/// `probe` walks the script through one top-level statement (by its index) and says what
/// its names and its target hold.
pub(super) fn advise(
    source: &str,
    module: &ast::ModModule,
    plan: &Plan,
    replan: impl Fn(&str, (usize, usize, usize)) -> Option<Plan>,
    probe: impl Fn(usize, &str) -> Option<Probe>,
) -> Vec<Advice> {
    let mut line_starts = vec![0];
    line_starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    let src = Source {
        text: source,
        line_starts,
    };
    let mut advice: Vec<Advice> = candidates(module, &src, plan, &probe)
        .into_iter()
        .filter_map(|c| {
            let changed = format!("{}{}{}", &source[..c.start], c.text, &source[c.end..]);
            let again = replan(&changed, (c.start, c.end, c.text.len()))?;
            (again.peak.bytes < plan.peak.bytes && again.bound == plan.bound).then_some(Advice {
                line: c.line,
                change: c.change,
                peak_bytes: again.peak.bytes,
            })
        })
        .collect();
    advice.sort_by_key(|a| (a.peak_bytes, a.line));
    advice
}
