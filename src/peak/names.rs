//! The names Python code mentions.

use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_ast::{Expr, Stmt};

/// Every name an expression mentions, in order, repeats included.
pub(super) fn names_in(e: &Expr) -> Vec<String> {
    let mut names = Names(Vec::new());
    names.visit_expr(e);
    names.0
}

/// Every name a statement mentions (read or written), nested blocks included.
pub(super) fn mentioned(stmt: &Stmt) -> Vec<String> {
    let mut names = Names(Vec::new());
    names.visit_stmt(stmt);
    names.0
}

struct Names(Vec<String>);

impl<'a> Visitor<'a> for Names {
    fn visit_expr(&mut self, e: &'a Expr) {
        if let Expr::Name(n) = e {
            self.0.push(n.id.to_string());
        }
        walk_expr(self, e);
    }
}
