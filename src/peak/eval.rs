//! The walk: statements in Python's order, expressions in Python's evaluation order, each
//! value dropped as soon as Python would drop it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use ruff_python_ast::{self as ast, BoolOp, Expr, Number, Operator, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::heads::{Appended, Head, Items};
use super::timeline::{Buffer, Shared};
use super::value::{
    Array, MAX_NBYTES, Member, Names, Order, Value, elements, fresh_strides, is_numeric,
};
use super::{DataSizes, Effect, SetValue, Unmodelled, Walk};
use crate::dtype::DType;

/// numpy's elision threshold: temporaries smaller than this are never reused.
const ELIDE_BYTES: u64 = 256 * 1024;
/// Items listed at most (a `for` over a list, `list(range(...))`).
const MAX_ITERATIONS: u64 = 100_000;

pub enum Flow {
    Normal,
    Return(Value),
    Break,
    Continue,
}

pub struct Interp<'a> {
    line_starts: Vec<usize>,
    pub tl: Shared,
    globals: Names<Value>,
    pub(super) frames: Vec<Names<Value>>,
    pub(super) functions: Names<&'a StmtFunctionDef>,
    calling: Vec<String>,
    sets: HashMap<String, SetValue>,
    pub unmodelled: Vec<Unmodelled>,
    script: Option<PathBuf>,
    walk: Walk,
    /// Unknown conditions met (their source offsets), in order.
    pub conditions: Vec<usize>,
    /// Unknown conditions whose body, each time it was walked, left memory as it found it
    /// (the names it binds alike, nothing else changed): skipping it cannot raise the peak.
    pub harmless: HashMap<usize, bool>,
    /// Files the script saved, by path.
    pub(super) saved: HashMap<PathBuf, Vec<Member>>,
    /// Temporary directories made so far.
    pub(super) temp_dirs: u32,
    /// Arrays appended to lists during the current loop iteration.
    pub(super) appends: Vec<Appended>,
    /// The lists those appends went to, kept to extrapolate them.
    pub(super) append_lists: Vec<Rc<RefCell<Vec<Value>>>>,
    /// Conditions decided during the current loop iteration (source offset, outcome).
    pub(super) path: Vec<(usize, bool)>,
    /// Loops being walked, one inside the other.
    pub(super) loop_depth: usize,
    /// Stop walking once the peak reaches this.
    pub stop_at: Option<u64>,
}

/// User functions calling each other deeper than this are not followed.
const MAX_CALL_DEPTH: usize = 64;

fn line_starts(src: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(src.match_indices('\n').map(|(i, _)| i + 1));
    v
}

impl<'a> Interp<'a> {
    pub fn new(
        src: &str,
        tl: Shared,
        sets: HashMap<String, SetValue>,
        script: Option<PathBuf>,
        walk: Walk,
    ) -> Self {
        Interp {
            line_starts: line_starts(src),
            tl,
            globals: Names::default(),
            frames: Vec::new(),
            functions: Names::default(),
            calling: Vec::new(),
            sets,
            unmodelled: Vec::new(),
            script,
            walk,
            conditions: Vec::new(),
            harmless: HashMap::new(),
            appends: Vec::new(),
            append_lists: Vec::new(),
            path: Vec::new(),
            loop_depth: 0,
            stop_at: None,
            saved: HashMap::new(),
            temp_dirs: 0,
        }
    }

    pub fn line_of(&self, node: &impl Ranged) -> u32 {
        let offset = node.range().start().to_usize();
        let idx = self.line_starts.partition_point(|&s| s <= offset);
        idx as u32
    }

    pub(super) fn note(&mut self, line: u32, construct: &str, reason: &str) {
        self.record(line, construct, reason, Effect::Missing);
    }

    /// A size that depends on the data: noted, and whether to count it at its largest.
    pub(super) fn bounded(&mut self, line: u32, construct: &str, reason: &str) -> bool {
        self.record(line, construct, reason, Effect::Largest);
        self.walk.sizes == DataSizes::Largest
    }

    fn record(&mut self, line: u32, construct: &str, reason: &str, effect: Effect) {
        if !self
            .unmodelled
            .iter()
            .any(|u| u.line == line && u.construct == construct)
        {
            self.unmodelled.push(Unmodelled {
                line,
                construct: construct.to_string(),
                reason: reason.to_string(),
                effect,
            });
        }
    }

    /// A condition not known before running: the branch this walk takes (its body unless the
    /// planner is trying the other way).
    fn unknown_condition(&mut self, line: u32, construct: &str, at: usize) -> bool {
        self.record(
            line,
            construct,
            "the condition is not known before running: both branches planned, the one giving the higher peak kept",
            Effect::WorseBranch,
        );
        if !self.conditions.contains(&at) {
            self.conditions.push(at);
        }
        self.walk.branches.get(&at).copied().unwrap_or(true)
    }

    /// A condition came out `t`: part of the current loop iteration's pattern.
    pub(super) fn decided(&mut self, at: usize, t: bool) {
        if self.loop_depth > 0 {
            self.path.push((at, t));
        }
    }

    /// The test of an `if`/`elif`: evaluated, or the walk's choice when it is not known.
    fn branch(&mut self, test: &'a Expr, line: u32, construct: &str, at: usize) -> bool {
        let v = self.eval(test);
        let t = truth(&v);
        drop(v);
        match t {
            Some(t) => {
                self.decided(at, t);
                t
            }
            None => self.unknown_condition(line, construct, at),
        }
    }

    pub(super) fn enter(&self, line: u32) {
        self.tl.borrow_mut().enter_line(line);
    }

    fn cur_line(&self) -> u32 {
        self.tl.borrow().current_line
    }

    /// A new array that owns its buffer. One numpy cannot allocate (its byte size past
    /// `npy_intp`) takes no memory and is noted: numpy raises `ValueError` there.
    pub(super) fn new_array(&mut self, shape: Vec<u64>, dt: DType) -> Array {
        self.new_array_in(shape, dt, Order::C)
    }

    /// A new array laid out in `order`.
    pub(super) fn new_array_in(&mut self, shape: Vec<u64>, dt: DType, order: Order) -> Array {
        let nbytes = match elements(&shape).checked_mul(dt.itemsize) {
            Some(n) if n <= MAX_NBYTES => n,
            _ => {
                let line = self.cur_line();
                self.note(
                    line,
                    "array too big",
                    "numpy raises ValueError: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
                );
                0
            }
        };
        let buf = Buffer::new(&self.tl, nbytes, &shape, dt.name());
        Array {
            strides: fresh_strides(&shape, dt.itemsize, order),
            shape,
            dtype: dt,
            buf,
            owns: true,
            memmap: false,
        }
    }

    /// The value `name` holds in the current scope, if any.
    pub(super) fn peek(&self, name: &str) -> Option<&Value> {
        self.frames
            .last()
            .and_then(|f| f.get(name))
            .or_else(|| self.globals.get(name))
    }

    fn lookup(&self, name: &str) -> Value {
        if let Some(frame) = self.frames.last()
            && let Some(v) = frame.get(name)
        {
            return v.clone();
        }
        if let Some(v) = self.globals.get(name) {
            return v.clone();
        }
        if self.functions.contains_key(name) {
            return Value::Function(name.to_string());
        }
        Value::Method(Box::new(Value::Module("builtins".into())), name.to_string())
    }

    pub(super) fn bind(&mut self, name: &str, value: Value) {
        if let Value::Array(a) = &value {
            if a.owns {
                a.buf.set_name(name);
            } else {
                a.buf.bind_view(name, &a.shape);
            }
        }
        // The old value is dropped after the new one is bound, as in Python (a name bound
        // again keeps its key).
        let scope = match self.frames.last_mut() {
            Some(frame) => frame,
            None => &mut self.globals,
        };
        let old = match scope.get_mut(name) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => scope.insert(name.to_string(), value),
        };
        if let Some(old) = &old {
            released(name, old);
        }
        drop(old);
    }

    fn unbind(&mut self, name: &str) {
        let old = match self.frames.last_mut() {
            Some(frame) => frame.remove(name),
            None => self.globals.remove(name),
        };
        if let Some(old) = &old {
            released(name, old);
        }
        drop(old);
    }

    /// A scope ends: its names let go of what they hold.
    fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for (name, v) in &frame {
                released(name, v);
            }
        }
    }

    /// The body of an `if` (no `else`) whose condition is not known: walked, noting whether it
    /// left memory as it found it, so that the walk skipping it need not be tried.
    fn run_unknown_if(&mut self, at: usize, body: &'a [Stmt]) -> Flow {
        let names = rebinds_only(body, &|n| self.functions.contains_key(n));
        let before_tl = self.tl.borrow().counts();
        let before: Option<Vec<Option<Shape>>> = names.as_ref().map(|ns| {
            ns.iter()
                .map(|n| self.peek(n).and_then(shape_of_value))
                .collect()
        });
        let flow = self.run_block(body);
        let after_tl = self.tl.borrow().counts();
        let alike = matches!(flow, Flow::Normal)
            && (before_tl.0, before_tl.1) == (after_tl.0, after_tl.1)
            && match (&names, &before) {
                (Some(ns), Some(b)) => ns
                    .iter()
                    .zip(b)
                    .all(|(n, b)| b.is_some() && self.peek(n).and_then(shape_of_value) == *b),
                _ => false,
            };
        let entry = self.harmless.entry(at).or_insert(true);
        *entry &= alike;
        flow
    }

    // ---- statements ----

    pub fn run_block(&mut self, body: &'a [Stmt]) -> Flow {
        for stmt in body {
            if self
                .stop_at
                .is_some_and(|limit| self.tl.borrow().peak >= limit)
            {
                return Flow::Return(Value::None);
            }
            match self.run_stmt(stmt) {
                Flow::Normal => {}
                other => return other,
            }
        }
        Flow::Normal
    }

    fn run_stmt(&mut self, stmt: &'a Stmt) -> Flow {
        let line = self.line_of(stmt);
        match stmt {
            Stmt::FunctionDef(f) => {
                self.enter(line);
                self.functions.insert(f.name.to_string(), f);
                self.unbind(f.name.as_str());
            }
            Stmt::Import(i) => {
                self.enter(line);
                for alias in &i.names {
                    let module = alias.name.to_string();
                    let bound = alias.asname.as_ref().map(|a| a.to_string());
                    let key = bound.unwrap_or_else(|| {
                        module.split('.').next().unwrap_or_default().to_string()
                    });
                    let module = if alias.asname.is_some() {
                        module
                    } else {
                        key.clone()
                    };
                    self.bind(&key, Value::Module(canonical(&module)));
                }
            }
            Stmt::ImportFrom(i) => {
                self.enter(line);
                let module = i.module.as_ref().map(|m| m.to_string()).unwrap_or_default();
                for alias in &i.names {
                    let name = alias.name.to_string();
                    let key = alias
                        .asname
                        .as_ref()
                        .map(|a| a.to_string())
                        .unwrap_or(name.clone());
                    self.bind(
                        &key,
                        Value::Method(Box::new(Value::Module(canonical(&module))), name),
                    );
                }
            }
            Stmt::Expr(e) => {
                self.enter(line);
                let v = self.eval(&e.value);
                drop(v);
            }
            Stmt::Assign(a) => {
                self.enter(line);
                let value = match (&a.targets[..], self.frames.is_empty()) {
                    ([Expr::Name(n)], true) if self.sets.contains_key(n.id.as_str()) => {
                        self.set_value(n.id.as_str())
                    }
                    _ => self.eval(&a.value),
                };
                for target in &a.targets {
                    self.assign(target, value.clone());
                }
            }
            Stmt::AnnAssign(a) => {
                self.enter(line);
                if let Some(v) = &a.value {
                    let value = self.eval(v);
                    self.assign(&a.target, value);
                }
            }
            Stmt::AugAssign(a) => {
                self.enter(line);
                self.aug_assign(a, line);
            }
            Stmt::Delete(d) => {
                self.enter(line);
                for t in &d.targets {
                    match t {
                        Expr::Name(n) => self.unbind(n.id.as_str()),
                        _ => self.note(line, "del", "only names are deleted"),
                    }
                }
            }
            Stmt::Return(r) => {
                self.enter(line);
                let v = r
                    .value
                    .as_ref()
                    .map(|e| self.eval(e))
                    .unwrap_or(Value::None);
                return Flow::Return(v);
            }
            Stmt::Pass(_) => self.enter(line),
            Stmt::If(s) => {
                self.enter(line);
                let at = s.range.start().to_usize();
                let unknown = self.conditions.len();
                if self.branch(&s.test, line, "if", at) {
                    if s.elif_else_clauses.is_empty() && self.conditions.len() > unknown {
                        return self.run_unknown_if(at, &s.body);
                    }
                    return self.run_block(&s.body);
                }
                for clause in &s.elif_else_clauses {
                    let Some(t) = &clause.test else {
                        return self.run_block(&clause.body);
                    };
                    let l = self.line_of(clause);
                    self.enter(l);
                    if self.branch(t, l, "elif", clause.range.start().to_usize()) {
                        return self.run_block(&clause.body);
                    }
                }
            }
            Stmt::For(f) => {
                self.enter(line);
                let iter = self.eval(&f.iter);
                let items = match &iter {
                    Value::Range { start, step, len } => Items::Range(*start, *step, *len),
                    _ => match self.iterate(&iter, line) {
                        Some(items) => Items::List(items),
                        None => return Flow::Normal,
                    },
                };
                drop(iter);
                match self.run_loop(Head::For(&f.target, items), &f.body, line) {
                    Flow::Return(v) => return Flow::Return(v),
                    Flow::Break => {}
                    _ => {
                        if !f.orelse.is_empty() {
                            return self.run_block(&f.orelse);
                        }
                    }
                }
            }
            Stmt::While(w) => match self.run_loop(Head::While(&w.test), &w.body, line) {
                Flow::Return(v) => return Flow::Return(v),
                Flow::Break => {}
                _ => {
                    if !w.orelse.is_empty() {
                        return self.run_block(&w.orelse);
                    }
                }
            },
            Stmt::Break(_) => {
                self.enter(line);
                return Flow::Break;
            }
            Stmt::Continue(_) => {
                self.enter(line);
                return Flow::Continue;
            }
            Stmt::With(w) => {
                self.enter(line);
                let mut held = Vec::new();
                for item in &w.items {
                    let v = self.eval(&item.context_expr);
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, v.clone());
                    }
                    held.push(v);
                }
                let flow = self.run_block(&w.body);
                drop(held);
                return flow;
            }
            other => {
                self.enter(line);
                let kind = format!("{:?}", std::mem::discriminant(other));
                let name = stmt_name(other);
                let _ = kind;
                self.note(line, name, "this statement is not modelled");
            }
        }
        Flow::Normal
    }

    /// An f-string: literal parts and the values of ints, strings and paths formatted as
    /// `str()` does; anything else leaves it unknown.
    fn fstring(&mut self, f: &'a ast::ExprFString, line: u32) -> Value {
        let mut out = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(&l.value),
                ast::FStringPart::FString(fs) => {
                    for element in fs.elements.iter() {
                        match element {
                            ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                            ast::InterpolatedStringElement::Interpolation(i) => {
                                if i.format_spec.is_some() {
                                    self.note(line, "f-string", "format specs are not evaluated");
                                    return Value::Unknown;
                                }
                                match self.eval(&i.expression) {
                                    Value::Int(n) => out.push_str(&n.to_string()),
                                    Value::Str(s) | Value::Path(s) => out.push_str(&s),
                                    Value::Unknown => return Value::Unknown,
                                    _ => {
                                        self.note(
                                            line,
                                            "f-string",
                                            "only ints, strings and paths are formatted",
                                        );
                                        return Value::Unknown;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Value::Str(out)
    }

    fn set_value(&mut self, name: &str) -> Value {
        match self.sets.get(name).cloned() {
            Some(SetValue::Int(i)) => Value::Int(i),
            Some(SetValue::Array { shape, dtype }) => Value::Array(self.new_array(shape, dtype)),
            None => Value::Unknown,
        }
    }

    pub(super) fn iterate(&mut self, v: &Value, line: u32) -> Option<Vec<Value>> {
        let items = match v {
            Value::Tuple(t) => t.clone(),
            Value::List(l) => l.borrow().clone(),
            Value::Array(a) if !a.shape.is_empty() => {
                let n = a.shape[0];
                (0..n.min(MAX_ITERATIONS + 1))
                    .map(|_| Value::Array(a.view(a.shape[1..].to_vec(), a.strides[1..].to_vec())))
                    .collect()
            }
            Value::Range { len, .. } if *len > MAX_ITERATIONS => {
                self.note(line, "range", "more items than the planner lists");
                return None;
            }
            Value::Range { start, step, len } => {
                let r = Items::Range(*start, *step, *len);
                (0..r.len()).filter_map(|k| r.get(k)).collect()
            }
            Value::Unknown => return None,
            _ => {
                self.note(line, "for", "the iterable is not known");
                return None;
            }
        };
        if items.len() as u64 > MAX_ITERATIONS {
            self.note(line, "for", "more iterations than the planner simulates");
            return None;
        }
        Some(items)
    }

    pub(super) fn assign(&mut self, target: &'a Expr, value: Value) {
        let line = self.cur_line();
        match target {
            Expr::Name(n) => self.bind(n.id.as_str(), value),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = match &value {
                    Value::Tuple(t) => t.clone(),
                    Value::List(l) => l.borrow().clone(),
                    Value::Array(a) if !a.shape.is_empty() => (0..a.shape[0])
                        .map(|_| {
                            Value::Array(a.view(a.shape[1..].to_vec(), a.strides[1..].to_vec()))
                        })
                        .collect(),
                    _ => vec![Value::Unknown; elts.len()],
                };
                drop(value);
                if items.len() != elts.len() {
                    self.note(line, "unpacking", "the number of values is not known");
                }
                for (t, v) in elts
                    .iter()
                    .zip(items.into_iter().chain(std::iter::repeat(Value::Unknown)))
                {
                    self.assign(t, v);
                }
            }
            Expr::Subscript(s) => {
                // Setting items writes into the existing buffer.
                let base = self.eval(&s.value);
                let index = self.eval(&s.slice);
                if let (Value::List(l), Value::Int(i)) = (&base, &index) {
                    let mut l = l.borrow_mut();
                    let n = l.len() as i128;
                    let i = if *i < 0 { i + n } else { *i };
                    if (0..n).contains(&i) {
                        l[i as usize] = value;
                        return;
                    }
                }
                if matches!(base, Value::Unknown) {
                    return;
                }
                if !matches!(base, Value::Array(_)) {
                    self.note(
                        line,
                        "item assignment",
                        "only arrays and lists are modelled",
                    );
                }
                drop(index);
                drop(value);
            }
            Expr::Attribute(_) => {
                self.note(line, "attribute assignment", "not modelled");
            }
            _ => self.note(line, "assignment", "this target is not modelled"),
        }
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign, line: u32) {
        match &*a.target {
            Expr::Name(n) => {
                let current = self.lookup(n.id.as_str());
                let rhs = self.eval(&a.value);
                let result = self.inplace(current, a.op, rhs, line);
                self.bind(n.id.as_str(), result);
            }
            Expr::Subscript(s) => {
                let base = self.eval(&s.value);
                let index = self.eval(&s.slice);
                let item = self.subscript(base.clone(), index.clone(), line);
                let rhs = self.eval(&a.value);
                let result = self.inplace(item, a.op, rhs, line);
                drop(result);
                drop(index);
                drop(base);
            }
            _ => self.note(line, "augmented assignment", "this target is not modelled"),
        }
    }

    fn inplace(&mut self, current: Value, op: Operator, rhs: Value, line: u32) -> Value {
        match &current {
            Value::Array(a) => {
                let result = self.binop(Value::Array(a.clone()), op, rhs, line, true);
                drop(result);
                current
            }
            Value::List(l) if op == Operator::Add => {
                if let Value::List(r) = &rhs {
                    let extra = r.borrow().clone();
                    l.borrow_mut().extend(extra);
                }
                current
            }
            _ => self.binop(current, op, rhs, line, false),
        }
    }

    // ---- expressions ----

    pub fn eval(&mut self, e: &'a Expr) -> Value {
        let line = self.line_of(e);
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i
                    .as_i64()
                    .map(|v| Value::Int(v as i128))
                    .unwrap_or(Value::Unknown),
                Number::Float(f) => Value::Float(*f),
                Number::Complex { .. } => Value::Complex,
            },
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::EllipsisLiteral(_) => Value::Ellipsis,
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
            Expr::FString(f) => self.fstring(f, line),
            Expr::Name(n) => {
                if n.id.as_str() == "__file__" {
                    return self
                        .script
                        .as_ref()
                        .map(|p| Value::Str(p.to_string_lossy().into_owned()))
                        .unwrap_or(Value::Unknown);
                }
                self.lookup(n.id.as_str())
            }
            Expr::Tuple(t) => Value::Tuple(t.elts.iter().map(|x| self.eval(x)).collect()),
            Expr::List(l) => Value::List(Rc::new(RefCell::new(
                l.elts.iter().map(|x| self.eval(x)).collect(),
            ))),
            Expr::Slice(s) => {
                let mut part = |x: &'a Option<Box<Expr>>| -> Option<Option<i128>> {
                    match x {
                        None => Some(None),
                        Some(x) => match self.eval(x) {
                            Value::Int(i) => Some(Some(i)),
                            Value::None => Some(None),
                            _ => None,
                        },
                    }
                };
                match (part(&s.lower), part(&s.upper), part(&s.step)) {
                    (Some(a), Some(b), Some(c)) => Value::Slice(a, b, c),
                    _ => Value::Unknown,
                }
            }
            Expr::BinOp(b) => {
                let l = self.eval(&b.left);
                let r = self.eval(&b.right);
                self.binop(l, b.op, r, line, false)
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand);
                self.unary(v, u.op, line)
            }
            Expr::BoolOp(b) => {
                let mut last = Value::Unknown;
                for (i, x) in b.values.iter().enumerate() {
                    last = self.eval(x);
                    if let Some(t) = truth(&last) {
                        self.decided(x.range().start().to_usize(), t);
                    }
                    match (truth(&last), b.op) {
                        (Some(true), BoolOp::Or) | (Some(false), BoolOp::And) => return last,
                        (None, _) if i + 1 < b.values.len() => {
                            self.note(line, "and/or", "the condition is not known");
                            return Value::Unknown;
                        }
                        _ => {}
                    }
                }
                last
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left);
                let mut result = Value::Bool(true);
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    let r = self.eval(right);
                    result = self.compare(&left, *op, &r, line);
                    left = r;
                    if c.ops.len() > 1 && truth(&result) != Some(true) {
                        break;
                    }
                }
                result
            }
            Expr::If(i) => {
                let t = self.eval(&i.test);
                let t = truth(&t);
                if let Some(t) = t {
                    self.decided(i.test.range().start().to_usize(), t);
                }
                match t {
                    Some(true) => self.eval(&i.body),
                    Some(false) => self.eval(&i.orelse),
                    None => {
                        self.note(line, "conditional expression", "the condition is not known");
                        Value::Unknown
                    }
                }
            }
            Expr::Attribute(a) => {
                let v = self.eval(&a.value);
                self.attribute(v, a.attr.as_str(), line)
            }
            Expr::Subscript(s) => {
                let v = self.eval(&s.value);
                let i = self.eval(&s.slice);
                self.subscript(v, i, line)
            }
            Expr::Call(c) => {
                let f = self.eval(&c.func);
                let mut args = Vec::new();
                for a in c.arguments.args.iter() {
                    if let Expr::Starred(s) = a {
                        match self.eval(&s.value) {
                            Value::Tuple(t) => args.extend(t),
                            Value::List(l) => args.extend(l.borrow().iter().cloned()),
                            _ => args.push(Value::Unknown),
                        }
                    } else {
                        args.push(self.eval(a));
                    }
                }
                let mut kwargs = Vec::new();
                for k in c.arguments.keywords.iter() {
                    let v = self.eval(&k.value);
                    match &k.arg {
                        Some(name) => kwargs.push((name.to_string(), v)),
                        None => {
                            self.note(line, "**kwargs", "not modelled");
                            return Value::Unknown;
                        }
                    }
                }
                let result = self.call(f, args, kwargs, line);
                // The arguments are released when the call returns.
                result
            }
            Expr::ListComp(lc) => self.comprehension(&lc.elt, &lc.generators, line),
            _ => {
                self.note(line, expr_name(e), "this expression is not modelled");
                Value::Unknown
            }
        }
    }

    fn comprehension(&mut self, elt: &'a Expr, gens: &'a [ast::Comprehension], line: u32) -> Value {
        if gens.len() != 1 || !gens[0].ifs.is_empty() {
            self.note(
                line,
                "comprehension",
                "only one `for` without `if` is modelled",
            );
            return Value::Unknown;
        }
        let g = &gens[0];
        let iter = self.eval(&g.iter);
        let Some(items) = self.iterate(&iter, line) else {
            return Value::Unknown;
        };
        drop(iter);
        // A comprehension runs in its own scope (a frame of its own, reading the enclosing one).
        let outer = self.frames.last().cloned().unwrap_or_default();
        self.frames.push(outer.clone());
        let mut out = Vec::new();
        for item in items {
            self.assign(&g.target, item);
            out.push(self.eval(elt));
        }
        // Names of the enclosing scope are shared, not copies: drop the comprehension's scope,
        // releasing only the names it bound itself.
        if let Some(frame) = self.frames.pop() {
            for (name, v) in &frame {
                let inherited = match (outer.get(name), v) {
                    (Some(Value::Array(o)), Value::Array(a)) => Rc::ptr_eq(&o.buf, &a.buf),
                    (Some(_), _) => true,
                    (None, _) => false,
                };
                if !inherited {
                    released(name, v);
                }
            }
        }
        drop(outer);
        Value::List(Rc::new(RefCell::new(out)))
    }

    pub(super) fn call_user(
        &mut self,
        name: &str,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        line: u32,
    ) -> Value {
        let Some(f) = self.functions.get(name).copied() else {
            return Value::Unknown;
        };
        if self.calling.iter().any(|n| n == name) {
            self.note(line, "recursion", "recursive calls are refused");
            return Value::Unknown;
        }
        if self.calling.len() >= MAX_CALL_DEPTH {
            self.note(
                line,
                "call",
                "functions calling functions this deep are not followed",
            );
            return Value::Unknown;
        }
        let params = &f.parameters;
        if params.vararg.is_some() || params.kwarg.is_some() {
            self.note(
                line,
                "call",
                "*args and **kwargs parameters are not modelled",
            );
            return Value::Unknown;
        }
        let mut frame: Names<Value> = Names::default();
        let all: Vec<&ast::ParameterWithDefault> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .chain(params.kwonlyargs.iter())
            .collect();
        let mut args = args.into_iter();
        for p in &all {
            let pname = p.parameter.name.to_string();
            let v = if let Some(pos) = kwargs.iter().position(|(k, _)| *k == pname) {
                kwargs[pos].1.clone()
            } else if let Some(v) = args.next() {
                v
            } else if let Some(d) = &p.default {
                self.eval(d)
            } else {
                Value::Unknown
            };
            if let Value::Array(a) = &v {
                if a.owns {
                    a.buf.set_name(&pname);
                } else {
                    a.buf.bind_view(&pname, &a.shape);
                }
            }
            frame.insert(pname, v);
        }
        drop(kwargs);
        self.calling.push(name.to_string());
        self.frames.push(frame);
        let flow = self.run_block(&f.body);
        let result = match flow {
            Flow::Return(v) => v,
            _ => Value::None,
        };
        // Back on the caller's line (its peak starts with the callee's locals still alive),
        // then the frame dies.
        self.enter(line);
        self.pop_frame();
        self.calling.pop();
        result
    }
}

/// `name` stops holding `v`: the timeline forgets the binding (the value itself is dropped by
/// the caller).
fn released(name: &str, v: &Value) {
    if let Value::Array(a) = v {
        a.buf.unbind(name, a.owns);
    }
}

pub fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Int(i) => Some(*i != 0),
        Value::Float(f) => Some(*f != 0.0),
        Value::None => Some(false),
        Value::Str(s) => Some(!s.is_empty()),
        Value::Tuple(t) => Some(!t.is_empty()),
        Value::List(l) => Some(!l.borrow().is_empty()),
        Value::Range { len, .. } => Some(*len > 0),
        _ => None,
    }
}

fn canonical(module: &str) -> String {
    match module {
        "numpy" => "np".into(),
        "numpy.random" => "np.random".into(),
        other => other.into(),
    }
}

fn stmt_name(s: &Stmt) -> &'static str {
    match s {
        Stmt::While(_) => "while",
        Stmt::Try(_) => "try",
        Stmt::ClassDef(_) => "class",
        Stmt::Raise(_) => "raise",
        Stmt::Assert(_) => "assert",
        Stmt::Global(_) | Stmt::Nonlocal(_) => "global",
        Stmt::Match(_) => "match",
        Stmt::Break(_) => "break",
        Stmt::Continue(_) => "continue",
        _ => "statement",
    }
}

fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Lambda(_) => "lambda",
        Expr::Generator(_) => "generator expression",
        Expr::DictComp(_) | Expr::Dict(_) => "dict",
        Expr::SetComp(_) | Expr::Set(_) => "set",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield",
        Expr::Await(_) => "await",
        Expr::Named(_) => "walrus",
        _ => "expression",
    }
}

pub(super) fn elide_ok(a: &Array) -> bool {
    Rc::strong_count(&a.buf) == 1
        && a.owns
        && !a.memmap
        && is_numeric(&a.dtype)
        && a.nbytes() >= ELIDE_BYTES
}

/// What of a value memory depends on: an array's layout and whether it owns its buffer, or a
/// number's value.
#[derive(Debug, PartialEq)]
enum Shape {
    Array(Vec<u64>, Vec<i128>, DType, bool, u64),
    Int(i128),
    Float(u64),
    Bool(bool),
}

fn shape_of_value(v: &Value) -> Option<Shape> {
    Some(match v {
        Value::Array(a) => Shape::Array(
            a.shape.clone(),
            a.strides.clone(),
            a.dtype.clone(),
            a.owns,
            Rc::strong_count(&a.buf) as u64,
        ),
        Value::Int(i) => Shape::Int(*i),
        Value::Float(f) => Shape::Float(f.to_bits()),
        Value::Bool(b) => Shape::Bool(*b),
        _ => return None,
    })
}

/// The names a block binds, when all it does is bind names (`NAME = ...`, `NAME op= ...`)
/// without calling the script's functions; `None` otherwise.
fn rebinds_only(body: &[Stmt], user: &dyn Fn(&str) -> bool) -> Option<Vec<String>> {
    use ruff_python_ast::visitor::{Visitor, walk_expr};
    struct Calls<'u>(&'u dyn Fn(&str) -> bool, bool);
    impl<'a> Visitor<'a> for Calls<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Call(c) = e {
                match &*c.func {
                    Expr::Name(n) if (self.0)(n.id.as_str()) => self.1 = true,
                    // Methods that change their receiver.
                    Expr::Attribute(a)
                        if matches!(
                            a.attr.as_str(),
                            "append" | "extend" | "insert" | "pop" | "update" | "sort" | "resize"
                        ) =>
                    {
                        self.1 = true
                    }
                    _ => {}
                }
            }
            if matches!(e, Expr::Named(_)) {
                self.1 = true;
            }
            walk_expr(self, e);
        }
    }
    let mut names = Vec::new();
    let mut calls = Calls(user, false);
    for stmt in body {
        let value = match stmt {
            Stmt::Assign(a) => match &a.targets[..] {
                [Expr::Name(n)] => {
                    names.push(n.id.to_string());
                    &a.value
                }
                _ => return None,
            },
            Stmt::AugAssign(a) => match &*a.target {
                Expr::Name(n) => {
                    names.push(n.id.to_string());
                    &a.value
                }
                _ => return None,
            },
            _ => return None,
        };
        calls.visit_expr(value);
    }
    (!calls.1).then_some(names)
}
