//! What a loop runs (a `for` over items, a `while` with its test), and what an iteration
//! appends to lists: what the interpreter and the loop walker both speak of.

use ruff_python_ast::Expr;

use super::value::Value;
use crate::dtype::DType;

/// An array appended to a list during an iteration.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Appended {
    pub list: usize,
    pub shape: Vec<u64>,
    pub dtype: DType,
    pub nbytes: u64,
    pub line: u32,
}

/// What a `for` loop walks over.
pub(super) enum Items {
    List(Vec<Value>),
    Range(i128, i128, u64),
}

impl Items {
    pub(super) fn len(&self) -> u64 {
        match self {
            Items::List(v) => v.len() as u64,
            Items::Range(_, _, n) => *n,
        }
    }
    pub(super) fn get(&self, k: u64) -> Option<Value> {
        match self {
            Items::List(v) => v.get(usize::try_from(k).ok()?).cloned(),
            Items::Range(start, step, _) => i128::from(k)
                .checked_mul(*step)
                .and_then(|d| start.checked_add(d))
                .map(Value::Int),
        }
    }
}

/// What a loop runs: a `for` over items, or a `while` with its test.
pub(super) enum Head<'a> {
    For(&'a Expr, Items),
    While(&'a Expr),
}
