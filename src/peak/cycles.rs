//! A loop's conditions as functions of the iteration number `t`: which of them repeat with a
//! period (`i % k == r`) and which change at most at a few iterations (`i < n`, `i == n`, a
//! counter against a limit), so that the planner can tell exactly where the outcomes of the
//! next iterations may change, instead of evaluating every iteration ahead.
//!
//! A condition's [`Shape`] says: between consecutive breakpoints, its outcome depends on `t`
//! only through `t mod period`. Within such a segment, the outcomes of the first `period`
//! iterations are those of every later one.

use ruff_python_ast::{CmpOp, Expr, Operator, UnaryOp};

use super::eval::Interp;
use super::names::names_in;
use super::value::Value;

/// Periods longer than this are not followed (the planner would evaluate that many
/// iterations ahead anyway).
const MAX_PERIOD: u64 = 1 << 32;
/// Breakpoints one loop's conditions may have.
const MAX_BREAKS: usize = 256;

/// Where a condition's outcome may change over the iterations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    /// The outcome depends on `t` only through `t mod period` between breakpoints.
    pub period: u64,
    /// Iterations where a segment starts (the outcome may differ from the iteration before).
    pub breaks: Vec<i128>,
}

impl Shape {
    pub(super) fn fixed() -> Shape {
        Shape {
            period: 1,
            breaks: Vec::new(),
        }
    }

    /// Both shapes at once: the least common period, every breakpoint.
    pub(super) fn join(mut self, other: &Shape) -> Option<Shape> {
        self.period = lcm(self.period, other.period)?;
        self.breaks.extend_from_slice(&other.breaks);
        self.breaks.sort_unstable();
        self.breaks.dedup();
        (self.breaks.len() <= MAX_BREAKS).then_some(self)
    }

    /// The truth of `c0 + c1·t` (and its sign, for comparisons): constant before
    /// `q = floor(-c0 / c1)`, possibly zero at `q`, constant again from `q + 1`.
    fn sign(c0: i128, c1: i128) -> Option<Shape> {
        if c1 == 0 {
            return Some(Shape::fixed());
        }
        let (n, d) = if c1 < 0 {
            (c0, c1.checked_neg()?)
        } else {
            (c0.checked_neg()?, c1)
        };
        let q = n.checked_div_euclid(d)?;
        Some(Shape {
            period: 1,
            breaks: vec![q, q.checked_add(1)?],
        })
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn lcm(a: u64, b: u64) -> Option<u64> {
    let l = (a / gcd(a, b).max(1)).checked_mul(b)?;
    (l <= MAX_PERIOD).then_some(l)
}

/// How a value moves with the iteration number `t`.
enum Form {
    /// The same in every iteration.
    Fixed,
    /// The integer `a + b·t`.
    Affine(i128, i128),
    /// Periodic between breakpoints.
    Cyclic(Shape),
}

impl Form {
    /// As a shape, when it is not an unbounded integer.
    fn cyclic(self) -> Option<Shape> {
        match self {
            Form::Fixed => Some(Shape::fixed()),
            Form::Cyclic(s) => Some(s),
            Form::Affine(..) => None,
        }
    }
}

/// A name whose integer value is `a + b·t` in iteration `t` (the loop's target over a
/// range, a counter).
pub(super) type Moving = (String, i128, i128);

impl<'a> Interp<'a> {
    /// The shape of a condition's outcome, when every way it depends on the moving names is
    /// periodic or monotone; `None` otherwise.
    pub(super) fn truth_shape(&mut self, e: &'a Expr, moving: &[Moving]) -> Option<Shape> {
        match e {
            Expr::BoolOp(b) => {
                let mut shape = Shape::fixed();
                for v in &b.values {
                    shape = shape.join(&self.truth_shape(v, moving)?)?;
                }
                Some(shape)
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => self.truth_shape(&u.operand, moving),
            Expr::If(i) => self
                .truth_shape(&i.test, moving)?
                .join(&self.truth_shape(&i.body, moving)?)?
                .join(&self.truth_shape(&i.orelse, moving)?),
            _ => match self.form(e, moving)? {
                Form::Affine(a, b) => Shape::sign(a, b),
                other => other.cyclic(),
            },
        }
    }

    fn form(&mut self, e: &'a Expr, moving: &[Moving]) -> Option<Form> {
        let names = names_in(e);
        if !names.iter().any(|n| moving.iter().any(|(m, ..)| m == n)) {
            return Some(Form::Fixed);
        }
        match e {
            Expr::Name(n) => moving
                .iter()
                .find(|(m, ..)| m == n.id.as_str())
                .map(|&(_, a, b)| Form::Affine(a, b)),
            Expr::BinOp(b) => {
                let l = self.form(&b.left, moving)?;
                let r = self.form(&b.right, moving)?;
                match (l, r) {
                    (Form::Affine(a1, b1), Form::Affine(a2, b2)) => match b.op {
                        Operator::Add => {
                            Some(Form::Affine(a1.checked_add(a2)?, b1.checked_add(b2)?))
                        }
                        Operator::Sub => {
                            Some(Form::Affine(a1.checked_sub(a2)?, b1.checked_sub(b2)?))
                        }
                        _ => None,
                    },
                    (Form::Affine(a, s), Form::Fixed) => {
                        let c = self.fixed_int(&b.right)?;
                        match b.op {
                            Operator::Add => Some(Form::Affine(a.checked_add(c)?, s)),
                            Operator::Sub => Some(Form::Affine(a.checked_sub(c)?, s)),
                            Operator::Mult => {
                                Some(Form::Affine(a.checked_mul(c)?, s.checked_mul(c)?))
                            }
                            // (a + s·t) mod c repeats every c / gcd(s, c) iterations.
                            Operator::Mod if c != 0 => {
                                let c = u64::try_from(c.unsigned_abs()).ok()?;
                                let s = u64::try_from(s.unsigned_abs()).ok()?;
                                let period = c / gcd(s, c).max(1);
                                (period <= MAX_PERIOD).then_some(Form::Cyclic(Shape {
                                    period,
                                    breaks: Vec::new(),
                                }))
                            }
                            _ => None,
                        }
                    }
                    (Form::Fixed, Form::Affine(a, s)) => {
                        let c = self.fixed_int(&b.left)?;
                        match b.op {
                            Operator::Add => Some(Form::Affine(c.checked_add(a)?, s)),
                            Operator::Sub => {
                                Some(Form::Affine(c.checked_sub(a)?, s.checked_neg()?))
                            }
                            Operator::Mult => {
                                Some(Form::Affine(c.checked_mul(a)?, c.checked_mul(s)?))
                            }
                            _ => None,
                        }
                    }
                    (l, r) => Some(Form::Cyclic(l.cyclic()?.join(&r.cyclic()?)?)),
                }
            }
            Expr::UnaryOp(u) => match u.op {
                UnaryOp::Not => Some(Form::Cyclic(self.truth_shape(&u.operand, moving)?)),
                op => match self.form(&u.operand, moving)? {
                    Form::Affine(a, b) => match op {
                        UnaryOp::USub => Some(Form::Affine(a.checked_neg()?, b.checked_neg()?)),
                        UnaryOp::UAdd => Some(Form::Affine(a, b)),
                        // ~x == -x - 1
                        _ => Some(Form::Affine(
                            a.checked_neg()?.checked_sub(1)?,
                            b.checked_neg()?,
                        )),
                    },
                    other => Some(Form::Cyclic(other.cyclic()?)),
                },
            },
            Expr::Compare(c) => {
                let mut shape = Shape::fixed();
                let mut left_expr: &'a Expr = &c.left;
                let mut left = self.form(left_expr, moving)?;
                for (op, right_expr) in c.ops.iter().zip(c.comparators.iter()) {
                    let right = self.form(right_expr, moving)?;
                    let ordered = matches!(
                        op,
                        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE | CmpOp::Eq | CmpOp::NotEq
                    );
                    let part = match (&left, &right) {
                        (Form::Affine(a1, b1), Form::Affine(a2, b2)) if ordered => {
                            Shape::sign(a1.checked_sub(*a2)?, b1.checked_sub(*b2)?)?
                        }
                        (Form::Affine(a, b), Form::Fixed) if ordered => {
                            let k = self.fixed_int(right_expr)?;
                            Shape::sign(a.checked_sub(k)?, *b)?
                        }
                        (Form::Fixed, Form::Affine(a, b)) if ordered => {
                            let k = self.fixed_int(left_expr)?;
                            Shape::sign(k.checked_sub(*a)?, b.checked_neg()?)?
                        }
                        (Form::Affine(..), _) | (_, Form::Affine(..)) => return None,
                        (Form::Cyclic(l), r) => l.clone().join(&shape_of(r))?,
                        (Form::Fixed, r) => shape_of(r),
                    };
                    shape = shape.join(&part)?;
                    left = right;
                    left_expr = right_expr;
                }
                Some(Form::Cyclic(shape))
            }
            // What else a plain condition holds (tuples, indexing, `len`, `min`, `abs`, a
            // conditional expression) is a function of its parts: periodic when they are.
            _ => {
                let mut parts: Vec<&'a Expr> = Vec::new();
                if !children(e, &mut parts) {
                    return None;
                }
                let mut shape = Shape::fixed();
                for part in parts {
                    shape = shape.join(&self.form(part, moving)?.cyclic()?)?;
                }
                Some(Form::Cyclic(shape))
            }
        }
    }

    /// The integer a condition's fixed part holds (evaluated once, in the current scope),
    /// when evaluating it only computes.
    fn fixed_int(&mut self, e: &'a Expr) -> Option<i128> {
        let counts = self.tl.borrow().counts();
        let noted = self.unmodelled.len();
        let seen = self.conditions.len();
        let path = self.path.len();
        let v = self.eval(e);
        self.path.truncate(path);
        let clean = self.tl.borrow().counts() == counts
            && self.unmodelled.len() == noted
            && self.conditions.len() == seen;
        self.unmodelled.truncate(noted);
        self.conditions.truncate(seen);
        match v {
            Value::Int(i) if clean => Some(i),
            _ => None,
        }
    }
}

fn shape_of(f: &Form) -> Shape {
    match f {
        Form::Cyclic(s) => s.clone(),
        _ => Shape::fixed(),
    }
}

/// The direct subexpressions of a plain expression; `false` for any other kind.
fn children<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) -> bool {
    match e {
        Expr::BoolOp(b) => out.extend(b.values.iter()),
        Expr::If(i) => out.extend([&*i.test, &*i.body, &*i.orelse]),
        Expr::Tuple(t) => out.extend(t.elts.iter()),
        Expr::Subscript(s) => out.extend([&*s.value, &*s.slice]),
        Expr::Attribute(a) => out.push(&a.value),
        Expr::Call(c) if c.arguments.keywords.is_empty() => out.extend(c.arguments.args.iter()),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_changes_around_the_root() {
        // 10 - 3t: positive up to t = 3, negative from t = 4.
        assert_eq!(Shape::sign(10, -3).map(|s| s.breaks), Some(vec![3, 4]));
        // t - 5: zero at 5.
        assert_eq!(Shape::sign(-5, 1).map(|s| s.breaks), Some(vec![5, 6]));
        assert_eq!(Shape::sign(7, 0), Some(Shape::fixed()));
    }

    #[test]
    fn periods_join_by_their_least_common_multiple() {
        let a = Shape {
            period: 4,
            breaks: vec![10],
        };
        let b = Shape {
            period: 6,
            breaks: vec![3, 10],
        };
        assert_eq!(
            a.join(&b),
            Some(Shape {
                period: 12,
                breaks: vec![3, 10]
            })
        );
        assert_eq!(lcm(1 << 31, 3), None);
    }
}
