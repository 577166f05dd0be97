//! Limits that keep a hostile script from exhausting the stack: the walk, the parser and the
//! AST's own drop are recursive in the nesting depth. CPython refuses such scripts too
//! (`too many nested parentheses`, `RecursionError` during compilation).

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, ModModule, Stmt};
use ruff_text_size::Ranged;

use super::ParseError;

/// Deepest nesting of brackets, and longest run of prefix operators (`- - - x`), accepted in
/// the source before it is parsed. CPython's parser stops at 200 nested parentheses.
pub const MAX_NESTING: usize = 200;
/// Deepest nesting of statements and expressions accepted in the parsed script (a chain
/// `a + b + c + …` nests one level per operator).
pub const MAX_DEPTH: usize = 1000;

fn line_at(source: &str, offset: usize) -> u32 {
    let upto = source.get(..offset).unwrap_or(source);
    u32::try_from(upto.matches('\n').count() + 1).unwrap_or(u32::MAX)
}

/// Before parsing: bracket nesting and prefix-operator runs, skipping strings and comments.
pub fn scan(source: &str) -> Result<(), ParseError> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut prefix = 0usize;
    let mut i = 0usize;
    let too_deep = |at: usize, what: &str| ParseError {
        line: line_at(source, at),
        message: format!("{what} nested more than {MAX_NESTING} deep (Python refuses it too)"),
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = bytes.get(i..i + 3).is_some_and(|t| t == [c, c, c]);
                let close: &[u8] = if triple {
                    &bytes[i..i + 3]
                } else {
                    &bytes[i..=i]
                };
                i += close.len();
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i..].starts_with(close) {
                        i += close.len();
                        break;
                    }
                    if !triple && bytes[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
                prefix = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(i, "brackets"));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'+' | b'~' => {
                prefix += 1;
                if prefix > MAX_NESTING {
                    return Err(too_deep(i, "prefix operators"));
                }
            }
            b' ' | b'\t' => {}
            _ => prefix = 0,
        }
        i += 1;
    }
    Ok(())
}

struct Depth<'s> {
    source: &'s str,
    depth: usize,
    too_deep: Option<u32>,
}

impl Depth<'_> {
    fn enter(&mut self, at: usize) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.too_deep.get_or_insert(line_at(self.source, at));
            return false;
        }
        self.too_deep.is_none()
    }
}

impl<'a> Visitor<'a> for Depth<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if self.enter(stmt.range().start().to_usize()) {
            walk_stmt(self, stmt);
        }
        self.depth -= 1;
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.enter(expr.range().start().to_usize()) {
            walk_expr(self, expr);
        }
        self.depth -= 1;
    }
}

/// After parsing: the nesting depth of statements and expressions (the walk recurses at most
/// [`MAX_DEPTH`] levels to find out).
pub fn check(module: &ModModule, source: &str) -> Result<(), ParseError> {
    let mut d = Depth {
        source,
        depth: 0,
        too_deep: None,
    };
    for stmt in &module.body {
        d.visit_stmt(stmt);
    }
    match d.too_deep {
        Some(line) => Err(ParseError {
            line,
            message: format!(
                "statements or expressions nested more than {MAX_DEPTH} deep (Python's compiler refuses such depth too)"
            ),
        }),
        None => Ok(()),
    }
}
