//! Loops: `for` and `while` walked iteration by iteration until their pattern repeats, then
//! the repeating iterations skipped — never over an iteration that would behave differently.
//!
//! An iteration's pattern is what it does to memory (live bytes and buffers, whether the peak
//! rose, the arrays it appended to lists), the outcome of every condition it evaluated, and how
//! it changed the loop's integer names. Iterations alike in a row stand for the later ones
//! when:
//! - every integer the loop changes is a counter (`NAME += STEP` / `NAME -= STEP` once, at the
//!   body's top level) that moved by the same step each time;
//! - every condition it evaluated can be evaluated ahead of time: a plain expression (names,
//!   numbers, arithmetic, comparisons, `len`, `.shape`) of the loop's target, its counters and
//!   names the loop leaves alone. Those conditions are evaluated for each iteration ahead, and
//!   the skip stops before the first one where any outcome differs (`if i % 100 == 0:`), which
//!   is then walked;
//! - for `while`, its condition is such a condition too: the number of iterations left follows
//!   from it.
//!
//! Otherwise every iteration is walked, up to [`MAX_WALKED`]; past that the rest of the loop is
//! not followed and the peak is a lower bound, said so.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{self as ast, CmpOp, Expr, Operator, Stmt};
use ruff_text_size::Ranged;

use super::cycles::{Moving, Shape};
use super::eval::{Flow, Interp, truth};
use super::heads::{Appended, Head, Items};
use super::names::names_in;
use super::value::{Names, Value};

/// Iterations alike in a row before the rest of a loop is skipped.
const ALIKE: usize = 3;
/// Arrays a loop's extrapolation may add to one list.
const MAX_EXTRAPOLATED: u64 = 1_000_000;
/// Iterations walked one by one in one loop, at most.
pub(super) const MAX_WALKED: u64 = 100_000;
/// Conditions evaluated ahead of time in one loop, at most.
const MAX_PREDICTED: u64 = 2_000_000;

/// What one loop iteration did, as far as the loop's pattern goes.
#[derive(Debug, Clone, PartialEq)]
struct Iteration {
    /// Change of live bytes and of live buffers over the iteration.
    live: i128,
    buffers: i128,
    /// The peak rose during it.
    peak_rose: bool,
    /// Arrays appended to lists.
    appends: Vec<Appended>,
    /// Conditions evaluated (source offset, outcome), in order.
    path: Vec<(usize, bool)>,
    /// How each integer the loop binds changed (in the order of `Facts::ints`); `None` for a
    /// name that is not an integer before and after.
    steps: Vec<Option<i128>>,
}

/// A condition in a loop's body.
struct Site<'a> {
    test: &'a Expr,
    deps: Vec<String>,
    /// Made only of what evaluates without side effects.
    plain: bool,
    /// The index of the body's top-level statement holding it (0 for a `while` test).
    top: usize,
}

/// What a loop's source says about it.
struct Facts<'a> {
    targets: Vec<String>,
    /// Names the body binds or changes in place (the targets included).
    varying: HashSet<String>,
    /// Counters: names bound only by one `+=`/`-=` at the body's top level, with its index.
    counters: HashMap<String, usize>,
    /// The varying names, in a fixed order (their integer values are tracked).
    ints: Vec<String>,
    sites: HashMap<usize, Site<'a>>,
    calls_user: bool,
}

/// An expression evaluated without side effects: names, literals, arithmetic, comparisons,
/// `and`/`or`/`not`, tuples and indexing of them, `len`/`min`/`max`/`abs`/`int`, and the
/// shape attributes of arrays.
fn plain(e: &Expr) -> bool {
    match e {
        Expr::Name(_)
        | Expr::NumberLiteral(_)
        | Expr::BooleanLiteral(_)
        | Expr::NoneLiteral(_)
        | Expr::StringLiteral(_) => true,
        Expr::BinOp(b) => plain(&b.left) && plain(&b.right),
        Expr::UnaryOp(u) => plain(&u.operand),
        Expr::BoolOp(b) => b.values.iter().all(plain),
        Expr::Compare(c) => plain(&c.left) && c.comparators.iter().all(plain),
        Expr::If(i) => plain(&i.test) && plain(&i.body) && plain(&i.orelse),
        Expr::Tuple(t) => t.elts.iter().all(plain),
        Expr::Subscript(s) => plain(&s.value) && plain(&s.slice),
        Expr::Attribute(a) => {
            matches!(a.attr.as_str(), "shape" | "ndim" | "size") && plain(&a.value)
        }
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Name(n) if matches!(n.id.as_str(), "len" | "min" | "max" | "abs" | "int"))
                && c.arguments.keywords.is_empty()
                && c.arguments.args.iter().all(plain)
        }
        _ => false,
    }
}

fn bound_names(target: &Expr, out: &mut Vec<String>, changed: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| bound_names(e, out, changed)),
        Expr::List(l) => l.elts.iter().for_each(|e| bound_names(e, out, changed)),
        Expr::Starred(s) => bound_names(&s.value, out, changed),
        Expr::Subscript(s) => changed.extend(names_in(&s.value)),
        Expr::Attribute(a) => changed.extend(names_in(&a.value)),
        _ => {}
    }
}

struct Collect<'a, 'f> {
    top: usize,
    /// Bindings per name (counted).
    bound: Vec<String>,
    changed: Vec<String>,
    augmented: Vec<(String, usize)>,
    sites: HashMap<usize, Site<'a>>,
    functions: &'f dyn Fn(&str) -> bool,
    calls_user: bool,
}

impl<'a> Collect<'a, '_> {
    fn site(&mut self, at: usize, test: &'a Expr) {
        self.sites.insert(
            at,
            Site {
                test,
                deps: names_in(test),
                plain: plain(test),
                top: self.top,
            },
        );
    }
}

impl<'a> Visitor<'a> for Collect<'a, '_> {
    fn visit_stmt(&mut self, s: &'a Stmt) {
        match s {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    bound_names(t, &mut self.bound, &mut self.changed);
                }
            }
            Stmt::AnnAssign(a) => bound_names(&a.target, &mut self.bound, &mut self.changed),
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = &*a.target
                    && matches!(a.op, Operator::Add | Operator::Sub)
                {
                    self.augmented.push((n.id.to_string(), self.top));
                }
                bound_names(&a.target, &mut self.bound, &mut self.changed);
            }
            Stmt::For(f) => bound_names(&f.target, &mut self.bound, &mut self.changed),
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        bound_names(v, &mut self.bound, &mut self.changed);
                    }
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    bound_names(t, &mut self.bound, &mut self.changed);
                }
            }
            Stmt::FunctionDef(f) => {
                self.bound.push(f.name.to_string());
                return;
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::ClassDef(_) => {
                // Bindings the planner does not count on: every name it might bind varies.
                self.bound.push(String::new());
            }
            Stmt::If(i) => {
                self.site(i.range.start().to_usize(), &i.test);
                for clause in &i.elif_else_clauses {
                    if let Some(t) = &clause.test {
                        self.site(clause.range.start().to_usize(), t);
                    }
                }
            }
            Stmt::While(w) => self.site(w.test.range().start().to_usize(), &w.test),
            _ => {}
        }
        walk_stmt(self, s);
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::If(i) => self.site(i.test.range().start().to_usize(), &i.test),
            Expr::BoolOp(b) => {
                for v in &b.values {
                    self.site(v.range().start().to_usize(), v);
                }
            }
            Expr::Named(n) => bound_names(&n.target, &mut self.bound, &mut self.changed),
            Expr::Call(c) => match &*c.func {
                // A method may change its receiver in place (`parts.append(x)`).
                Expr::Attribute(a) => self.changed.extend(names_in(&a.value)),
                // A user function may change what it is given.
                Expr::Name(n) if (self.functions)(n.id.as_str()) => {
                    self.calls_user = true;
                    for a in &c.arguments.args {
                        self.changed.extend(names_in(a));
                    }
                    for k in &c.arguments.keywords {
                        self.changed.extend(names_in(&k.value));
                    }
                }
                _ => {}
            },
            // Their own scopes: what they bind does not leak.
            Expr::Lambda(_) | Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) => {}
            _ => {}
        }
        walk_expr(self, e);
    }
}

impl<'a> Facts<'a> {
    fn of(head: &Head<'a>, body: &'a [Stmt], functions: &dyn Fn(&str) -> bool) -> Facts<'a> {
        let mut c = Collect {
            top: 0,
            bound: Vec::new(),
            changed: Vec::new(),
            augmented: Vec::new(),
            sites: HashMap::new(),
            functions,
            calls_user: false,
        };
        let mut targets = Vec::new();
        match head {
            Head::For(target, _) => bound_names(target, &mut targets, &mut c.changed),
            Head::While(test) => c.site(test.range().start().to_usize(), test),
        }
        for (i, s) in body.iter().enumerate() {
            c.top = i;
            c.visit_stmt(s);
        }
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for b in &c.bound {
            *counts.entry(b.as_str()).or_default() += 1;
        }
        let counters = c
            .augmented
            .iter()
            .filter(|(n, _)| counts.get(n.as_str()) == Some(&1) && !targets.contains(n))
            .cloned()
            .collect();
        let mut varying: HashSet<String> = c.bound.iter().cloned().collect();
        varying.extend(c.changed.iter().cloned());
        varying.extend(targets.iter().cloned());
        let mut ints: Vec<String> = varying.iter().filter(|n| !n.is_empty()).cloned().collect();
        ints.sort();
        Facts {
            targets,
            varying,
            counters,
            ints,
            sites: c.sites,
            calls_user: c.calls_user,
        }
    }

    /// Whether the condition at `at` can be evaluated for an iteration ahead.
    fn predictable(&self, at: usize, lists: &dyn Fn(&str) -> bool) -> bool {
        let Some(site) = self.sites.get(&at) else {
            // A condition in a function the body calls.
            return false;
        };
        if self.varying.contains("") {
            return false;
        }
        site.plain
            && site.deps.iter().all(|d| {
                let fixed = !self.varying.contains(d)
                    || self.targets.contains(d)
                    || self.counters.contains_key(d);
                // A list may change in place where the loop cannot see it.
                fixed && !(self.calls_user && lists(d))
            })
    }
}

/// The loop's state where iterations are skipped from: the integers it binds and their steps.
struct Ahead {
    /// Counters: name, value after the last walked iteration, step, index of its statement.
    counters: Vec<(String, i128, i128, usize)>,
}

impl<'a> Interp<'a> {
    /// An integer bound to `name` in the current scope.
    fn int_named(&self, name: &str) -> Option<i128> {
        match self.peek(name) {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    /// Run a loop: iterations walked until they repeat, then skipped as far as they would
    /// repeat.
    pub(super) fn run_loop(&mut self, head: Head<'a>, body: &'a [Stmt], line: u32) -> Flow {
        let facts = Facts::of(&head, body, &|n| self.functions.contains_key(n));
        let mut history: Vec<Iteration> = Vec::new();
        // Iterations done (walked or skipped), and walked.
        let mut k = 0u64;
        let mut walked = 0u64;
        let mut predicted = 0u64;
        // The iterations since `log_from`, run-length coded, to find whole periods that repeat.
        let mut log: Vec<(u64, Iteration)> = Vec::new();
        let mut log_from = 0u64;
        let mut next_cycle = 0u64;
        let mut before_ints: Vec<Option<i128>> =
            facts.ints.iter().map(|n| self.int_named(n)).collect();
        loop {
            if k >= next_cycle && !log.is_empty() {
                match self.cycle(&facts, &head, &mut log, &mut log_from, k) {
                    Ok((skip, ahead)) => {
                        self.advance(&ahead, skip);
                        before_ints = facts.ints.iter().map(|n| self.int_named(n)).collect();
                        k += skip;
                        history.clear();
                        log.clear();
                        log_from = k;
                    }
                    Err(next) => next_cycle = next,
                }
            }
            self.enter(line);
            match &head {
                Head::For(target, items) => {
                    if k >= items.len() {
                        break;
                    }
                    let Some(item) = items.get(k) else { break };
                    self.assign(target, item);
                }
                Head::While(test) => {
                    let at = test.range().start().to_usize();
                    let v = self.eval(test);
                    let t = truth(&v);
                    drop(v);
                    match t {
                        Some(true) => self.decided(at, true),
                        Some(false) => break,
                        None => {
                            self.note(
                                line,
                                "while",
                                "the condition is not known before running: the loop is not followed",
                            );
                            return Flow::Break;
                        }
                    }
                }
            }
            if walked >= MAX_WALKED {
                self.note(
                    line,
                    loop_name(&head),
                    &format!(
                        "iterations differ (a condition or a size follows what the loop changes): the first {MAX_WALKED} are walked, the rest not followed"
                    ),
                );
                return Flow::Break;
            }
            walked += 1;
            let before = self.tl.borrow().counts();
            let outer_appends = std::mem::take(&mut self.appends);
            let outer_path = std::mem::take(&mut self.path);
            self.loop_depth += 1;
            let flow = self.run_block(body);
            self.loop_depth -= 1;
            let after = self.tl.borrow().counts();
            let appends = std::mem::replace(&mut self.appends, outer_appends);
            let path = std::mem::replace(&mut self.path, outer_path);
            if self.loop_depth > 0 {
                // Part of the enclosing loop's iteration.
                self.path.extend(path.iter().copied());
            }
            match flow {
                Flow::Return(v) => return Flow::Return(v),
                Flow::Break => return Flow::Break,
                _ => {}
            }
            let after_ints: Vec<Option<i128>> =
                facts.ints.iter().map(|n| self.int_named(n)).collect();
            let steps = before_ints
                .iter()
                .zip(&after_ints)
                .map(|(b, a)| a.as_ref()?.checked_sub(*b.as_ref()?))
                .collect();
            before_ints = after_ints;
            history.push(Iteration {
                live: i128::from(after.0) - i128::from(before.0),
                buffers: i128::from(after.1) - i128::from(before.1),
                peak_rose: after.2 > before.2,
                appends,
                path,
                steps,
            });
            k += 1;
            if let Some(last) = history.last() {
                logged(&mut log, 1, last);
            }
            if history.len() < ALIKE {
                continue;
            }
            let last = &history[history.len() - ALIKE..];
            if !last.windows(2).all(|w| w[0] == w[1]) {
                continue;
            }
            let it = last[0].clone();
            let steady = it.appends.is_empty() && it.live == 0 && it.buffers == 0 && !it.peak_rose;
            let grown: i128 = it.appends.iter().map(|a| i128::from(a.nbytes)).sum();
            let appended_alone = !it.appends.is_empty()
                && it.live == grown
                && it.buffers == it.appends.len() as i128;
            if !steady && !appended_alone {
                continue;
            }
            let Some(ahead) = self.ahead(&facts, &it) else {
                continue;
            };
            // Iterations left after this one (for a `while`: while its condition holds).
            let left = match &head {
                Head::For(_, items) => items.len() - k,
                Head::While(test) => match self.while_left(&facts, &ahead, test, &mut predicted) {
                    Some(n) => n,
                    None => continue,
                },
            };
            if left < 2 {
                continue;
            }
            // The last iteration is walked; the ones before it are skipped while every
            // condition would come out as in the pattern.
            let mut skip = left - 1;
            if appended_alone {
                skip = skip.min(MAX_EXTRAPOLATED);
            }
            let skip = self.alike_ahead(&facts, &head, &ahead, &it, k, skip, &mut predicted);
            if skip == 0 {
                continue;
            }
            if appended_alone {
                self.extrapolate(&it.appends, skip);
            }
            self.advance(&ahead, skip);
            before_ints = facts.ints.iter().map(|n| self.int_named(n)).collect();
            k += skip;
            logged(&mut log, skip, &it);
            // The pattern starts again after a skip.
            history.clear();
        }
        self.append_lists.clear();
        Flow::Normal
    }

    /// Move the counters over `skip` skipped iterations.
    fn advance(&mut self, ahead: &Ahead, skip: u64) {
        for (name, value, step, _) in &ahead.counters {
            let moved = i128::from(skip)
                .checked_mul(*step)
                .and_then(|d| value.checked_add(d));
            self.bind(name, moved.map_or(Value::Unknown, Value::Int));
        }
    }

    /// Whole periods to skip: when the loop's conditions repeat every `P` iterations (between
    /// breakpoints) and the last two periods did alike to memory and left it as they found
    /// it, the periods that follow before the next breakpoint do the same. `Ok` with the
    /// iterations to skip (a multiple of `P`, the last iteration left to walk); `Err` with
    /// the iteration count at which to look again.
    fn cycle(
        &mut self,
        facts: &Facts<'a>,
        head: &Head<'a>,
        log: &mut Vec<(u64, Iteration)>,
        log_from: &mut u64,
        k: u64,
    ) -> Result<(u64, Ahead), u64> {
        let never = u64::MAX;
        let Some((_, last)) = log.last() else {
            return Err(never);
        };
        // Every condition the logged iterations evaluated (and a `while`'s test).
        let mut tests: Vec<(usize, &'a Expr, usize)> = Vec::new();
        if let Head::While(test) = head {
            tests.push((test.range().start().to_usize(), test, 0));
        }
        for (_, it) in log.iter() {
            for &(at, _) in &it.path {
                if tests.iter().any(|(a, _, _)| *a == at) {
                    continue;
                }
                let Some(site) = facts.sites.get(&at) else {
                    return Err(never);
                };
                tests.push((at, site.test, site.top));
            }
        }
        let lists = |n: &str| matches!(self.peek(n), Some(Value::List(_) | Value::Dict(_)));
        if tests.is_empty()
            || !tests
                .iter()
                .all(|(at, _, _)| facts.predictable(*at, &lists))
        {
            return Err(never);
        }
        let Some(ahead) = self.ahead(facts, last) else {
            return Err(k.saturating_mul(2).max(k + 1));
        };
        let Some(shape) = self.tests_shape(facts, head, &ahead, k, &tests) else {
            return Err(never);
        };
        let period = shape.period;
        if period < 2 {
            // Iterations alike one by one are skipped as such.
            return Err(never);
        }
        // Only the last two periods are compared: the log keeps no more.
        let Some(two) = period.checked_mul(2) else {
            return Err(never);
        };
        let keep = k.saturating_sub(two);
        let mut dropped = 0;
        for (n, _) in log.iter() {
            if *log_from + n > keep {
                break;
            }
            *log_from += n;
            dropped += 1;
        }
        log.drain(..dropped);
        let Some(last) = log.last().map(|(_, it)| it.clone()) else {
            return Err(never);
        };
        if k < two.saturating_add(*log_from) {
            return Err(two.saturating_add(*log_from));
        }
        let again = Err(k.saturating_add(period));
        let first = runs(log, *log_from, k - two, k - period);
        let second = runs(log, *log_from, k - period, k);
        if first != second {
            return again;
        }
        let (mut live, mut buffers) = (0i128, 0i128);
        for (n, it) in &second {
            let n = i128::from(*n);
            live = live.saturating_add(it.live.saturating_mul(n));
            buffers = buffers.saturating_add(it.buffers.saturating_mul(n));
            if !it.appends.is_empty() || it.peak_rose || it.steps != last.steps {
                return again;
            }
            if self.ahead(facts, it).is_none() {
                return again;
            }
        }
        if live != 0 || buffers != 0 {
            return again;
        }
        // The periods skipped end before the next breakpoint and before the last iteration.
        let from = i128::from(k - two);
        let mut end = shape
            .breaks
            .iter()
            .copied()
            .find(|b| *b > from)
            .unwrap_or(i128::MAX);
        match head {
            Head::For(_, items) => end = end.min(i128::from(items.len())),
            Head::While(_) if end == i128::MAX => return Err(never),
            Head::While(_) => {}
        }
        let room = end - 1 - i128::from(k);
        let periods = room.max(0) / i128::from(period);
        match u64::try_from(periods)
            .ok()
            .and_then(|n| n.checked_mul(period))
        {
            Some(skip) if skip > 0 => Ok((skip, ahead)),
            _ => again,
        }
    }

    /// The counters of a repeating iteration, when everything it tests can be evaluated ahead
    /// and every other integer it binds stays put.
    fn ahead(&self, facts: &Facts<'a>, it: &Iteration) -> Option<Ahead> {
        let mut counters = Vec::new();
        for (name, step) in facts.ints.iter().zip(&it.steps) {
            match step {
                // The target moves with its items.
                Some(0) | None => {}
                Some(_) if facts.targets.contains(name) => {}
                Some(s) => {
                    let top = *facts.counters.get(name)?;
                    counters.push((name.clone(), self.int_named(name)?, *s, top));
                }
            }
        }
        let lists = |n: &str| matches!(self.peek(n), Some(Value::List(_) | Value::Dict(_)));
        let mut outcome: HashMap<usize, bool> = HashMap::new();
        for &(at, t) in &it.path {
            if !facts.predictable(at, &lists) || *outcome.entry(at).or_insert(t) != t {
                return None;
            }
        }
        Some(Ahead { counters })
    }

    /// The number of iterations a `while` has left after the current one.
    fn while_left(
        &mut self,
        facts: &Facts<'a>,
        ahead: &Ahead,
        test: &'a Expr,
        predicted: &mut u64,
    ) -> Option<u64> {
        let at = test.range().start().to_usize();
        let lists = |n: &str| matches!(self.peek(n), Some(Value::List(_) | Value::Dict(_)));
        if !facts.predictable(at, &lists) {
            return None;
        }
        // The test before iteration m ahead (m = 1 is the next one).
        let mut frame = self.frames.last().cloned().unwrap_or_default();
        let mut holds = |this: &mut Self, m: u64| -> Option<bool> {
            *predicted += 1;
            this.evaluate_ahead(&mut frame, ahead, None, m, &[(at, test, 0)])
                .map(|v| v[0])
        };
        // A counter compared with what the loop leaves alone: monotone, searched in halves.
        let monotone = matches!(test, Expr::Compare(c)
            if c.ops.len() == 1
                && matches!(c.ops[0], CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE));
        if monotone && !ahead.counters.is_empty() {
            if !holds(self, 1)? {
                return Some(0);
            }
            let mut lo = 1u64;
            let mut hi = 2u64;
            while holds(self, hi)? {
                lo = hi;
                hi = hi.checked_mul(2)?;
            }
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if holds(self, mid)? {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return Some(lo);
        }
        let mut m = 1u64;
        while holds(self, m)? {
            m += 1;
            if m > MAX_PREDICTED {
                return None;
            }
        }
        Some(m - 1)
    }

    /// How many of the next `most` iterations come out as the pattern `it` in every
    /// condition it evaluated.
    #[allow(clippy::too_many_arguments)]
    fn alike_ahead(
        &mut self,
        facts: &Facts<'a>,
        head: &Head<'a>,
        ahead: &Ahead,
        it: &Iteration,
        k: u64,
        most: u64,
        predicted: &mut u64,
    ) -> u64 {
        let mut tests: Vec<(usize, &'a Expr, usize)> = Vec::new();
        let mut outcomes: Vec<bool> = Vec::new();
        for &(at, t) in &it.path {
            if tests.iter().any(|(a, _, _)| *a == at) {
                continue;
            }
            if let Some(site) = facts.sites.get(&at) {
                tests.push((at, site.test, site.top));
                outcomes.push(t);
            }
        }
        if tests.is_empty() {
            return most;
        }
        let (target, items) = match head {
            Head::For(target, items) => (Some(*target), Some(items)),
            Head::While(_) => (None, None),
        };
        // The iterations to evaluate (m = 1 is the next one): every one, or, when the
        // conditions repeat with a period between breakpoints, the first period of each
        // segment (the rest of a segment comes out as its first period did).
        let ranges: Vec<(u64, u64)> = match self.tests_shape(facts, head, ahead, k, &tests) {
            Some(shape) => segments(&shape, k, most),
            None => vec![(1, most)],
        };
        // A scratch scope over the current one, reused for every iteration ahead.
        let mut frame = self.frames.last().cloned().unwrap_or_default();
        for (first, last) in ranges {
            for m in first..=last {
                *predicted += 1;
                if *predicted > MAX_PREDICTED {
                    return 0;
                }
                let item = match (target, items) {
                    (Some(t), Some(items)) => match items.get(k + m - 1) {
                        Some(v) => Some((t, v)),
                        None => return m - 1,
                    },
                    _ => None,
                };
                match self.evaluate_ahead(&mut frame, ahead, item, m, &tests) {
                    Some(v) if v == outcomes => {}
                    Some(_) => return m - 1,
                    None => return 0,
                }
            }
        }
        most
    }

    /// The shape of the outcomes of `tests` over the loop's iterations (`t` counts them from
    /// 0; `k` are done): `None` unless each depends on the target and counters periodically
    /// or monotonically.
    fn tests_shape(
        &mut self,
        facts: &Facts<'a>,
        head: &Head<'a>,
        ahead: &Ahead,
        k: u64,
        tests: &[(usize, &'a Expr, usize)],
    ) -> Option<Shape> {
        let k = i128::from(k);
        let mut target: Vec<Moving> = Vec::new();
        let mut frozen: &[String] = &[];
        match head {
            Head::For(t, Items::Range(start, step, _)) if matches!(t, Expr::Name(_)) => {
                if let Expr::Name(n) = t {
                    target.push((n.id.to_string(), *start, *step));
                }
            }
            Head::For(..) => frozen = &facts.targets,
            Head::While(_) => {}
        }
        let mut shape = Shape::fixed();
        for &(_, test, top) in tests {
            if names_in(test).iter().any(|n| frozen.contains(n)) {
                return None;
            }
            let mut moving = target.clone();
            for (name, value, step, at) in &ahead.counters {
                // The counter's value in iteration t, before its statement (after it for a
                // test that follows it).
                let mut a = value.checked_sub(step.checked_mul(k)?)?;
                if top > *at {
                    a = a.checked_add(*step)?;
                }
                moving.push((name.clone(), a, *step));
            }
            shape = shape.join(&self.truth_shape(test, &moving)?)?;
        }
        Some(shape)
    }

    /// Evaluate `tests` as they would come out in iteration `m` ahead: the target bound to its
    /// item, each counter at its value there (after its statement for a test that follows it).
    /// `None` when an evaluation would do more than compute (it never should).
    fn evaluate_ahead(
        &mut self,
        frame: &mut Names<Value>,
        ahead: &Ahead,
        item: Option<(&'a Expr, Value)>,
        m: u64,
        tests: &[(usize, &'a Expr, usize)],
    ) -> Option<Vec<bool>> {
        let counts = self.tl.borrow().counts();
        let noted = self.unmodelled.len();
        let seen = self.conditions.len();
        if let Some((target, value)) = item {
            scratch_assign(target, value, frame);
        }
        let m = i128::from(m);
        let mut out = Vec::with_capacity(tests.len());
        let mut ok = true;
        for &(_, test, top) in tests {
            for (name, value, step, at) in &ahead.counters {
                let times = if top > *at { m } else { m - 1 };
                let v = times
                    .checked_mul(*step)
                    .and_then(|d| value.checked_add(d))
                    .map_or(Value::Unknown, Value::Int);
                frame.insert(name.clone(), v);
            }
            self.frames.push(std::mem::take(frame));
            let path = self.path.len();
            let v = self.eval(test);
            self.path.truncate(path);
            *frame = self.frames.pop().unwrap_or_default();
            match truth(&v) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        let clean = self.tl.borrow().counts() == counts
            && self.unmodelled.len() == noted
            && self.conditions.len() == seen;
        self.unmodelled.truncate(noted);
        self.conditions.truncate(seen);
        (ok && clean).then_some(out)
    }

    /// Append `times` arrays like each of `appends` to its list, all in one buffer per list.
    fn extrapolate(&mut self, appends: &[Appended], times: u64) {
        for a in appends {
            let Some(list) = self
                .append_lists
                .iter()
                .find(|l| Rc::as_ptr(l) as usize == a.list)
                .cloned()
            else {
                continue;
            };
            self.enter(a.line);
            let mut shape = vec![times];
            shape.extend_from_slice(&a.shape);
            let block = self.new_array(shape, a.dtype.clone());
            block.buf.set_name(&format!(
                "{times} more appends of line {} (extrapolated)",
                a.line
            ));
            let strides = block.strides[1..].to_vec();
            let mut l = list.borrow_mut();
            for _ in 0..times {
                l.push(Value::Array(block.view(a.shape.clone(), strides.clone())));
            }
        }
    }

    /// An array appended to a list, remembered for the loop's pattern.
    pub(super) fn appended(&mut self, list: &Rc<RefCell<Vec<Value>>>, v: &Value, line: u32) {
        if let Value::Array(a) = v {
            self.appends.push(Appended {
                list: Rc::as_ptr(list) as usize,
                shape: a.shape.clone(),
                dtype: a.dtype.clone(),
                nbytes: if a.owns { a.nbytes() } else { 0 },
                line,
            });
            if !self.append_lists.iter().any(|l| Rc::ptr_eq(l, list)) {
                self.append_lists.push(list.clone());
            }
        }
    }
}

fn loop_name(head: &Head<'_>) -> &'static str {
    match head {
        Head::For(..) => "for",
        Head::While(_) => "while",
    }
}

/// Bind `target` to `value` in a scratch frame (no names recorded on the timeline).
fn scratch_assign(target: &Expr, value: Value, frame: &mut Names<Value>) {
    match target {
        Expr::Name(n) => {
            frame.insert(n.id.to_string(), value);
        }
        Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
            let items = match value {
                Value::Tuple(t) if t.len() == elts.len() => t,
                _ => vec![Value::Unknown; elts.len()],
            };
            for (t, v) in elts.iter().zip(items) {
                scratch_assign(t, v, frame);
            }
        }
        _ => {}
    }
}

/// The iterations ahead (m = 1 is iteration `k`, `most` at most) worth evaluating when the
/// outcomes have `shape`: the first period of each segment between breakpoints, as ranges of m.
fn segments(shape: &Shape, k: u64, most: u64) -> Vec<(u64, u64)> {
    let lo = i128::from(k);
    let hi = lo + i128::from(most);
    let mut starts = vec![lo];
    starts.extend(shape.breaks.iter().copied().filter(|b| lo < *b && *b < hi));
    let period = i128::from(shape.period);
    let mut out = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(hi);
        let last = e.min(s.saturating_add(period)) - 1;
        // t = k + m - 1.
        let (Ok(first), Ok(last)) = (u64::try_from(s - lo + 1), u64::try_from(last - lo + 1))
        else {
            continue;
        };
        out.push((first, last));
    }
    out
}

/// Add `n` iterations like `it` to a run-length log.
fn logged(log: &mut Vec<(u64, Iteration)>, n: u64, it: &Iteration) {
    match log.last_mut() {
        Some((count, last)) if last == it => *count = count.saturating_add(n),
        _ => log.push((n, it.clone())),
    }
}

/// The iterations `from..to` of a log starting at iteration `start`, as runs.
fn runs(log: &[(u64, Iteration)], start: u64, from: u64, to: u64) -> Vec<(u64, &Iteration)> {
    let mut out: Vec<(u64, &Iteration)> = Vec::new();
    let mut at = start;
    for (n, it) in log {
        let (lo, hi) = (at.max(from), at.saturating_add(*n).min(to));
        at = at.saturating_add(*n);
        if lo >= hi {
            continue;
        }
        match out.last_mut() {
            Some((count, last)) if *last == it => *count += hi - lo,
            _ => out.push((hi - lo, it)),
        }
    }
    out
}
