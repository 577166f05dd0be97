//! The Python literals a `.npy` header is written in: dicts, tuples, lists, strings, integers,
//! True, False and None. Bounded depth; never panics on any input.

use crate::number::text::python_repr;

use num_bigint::BigInt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    Dict(Vec<(Lit, Lit)>),
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Str(String),
    Int(BigInt),
    Bool(bool),
    None,
}

const MAX_DEPTH: usize = 64;

pub fn parse(text: &str) -> Result<Lit, String> {
    parse_with(text, usize::MAX)
}

/// [`parse`], refusing any integer of more than `max_digits` digits as soon as it is read (so
/// a huge integer costs time linear in its length, never a big-number conversion).
pub fn parse_bounded(text: &str, max_digits: usize) -> Result<Lit, String> {
    parse_with(text, max_digits)
}

fn parse_with(text: &str, max_digits: usize) -> Result<Lit, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        max_digits,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(format!("unexpected text at byte {}", p.i));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    max_digits: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Lit, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_string());
        }
        self.ws();
        match self.peek() {
            Some(b'{') => self.dict(depth),
            Some(b'(') => self.seq(b')', depth).map(Lit::Tuple),
            Some(b'[') => self.seq(b']', depth).map(Lit::List),
            Some(b'\'' | b'"') => self.string().map(Lit::Str),
            Some(b'-' | b'+' | b'0'..=b'9') => self.int(),
            Some(_) => {
                for (word, lit) in [
                    ("True", Lit::Bool(true)),
                    ("False", Lit::Bool(false)),
                    ("None", Lit::None),
                ] {
                    if self.s[self.i..].starts_with(word.as_bytes()) {
                        self.i += word.len();
                        return Ok(lit);
                    }
                }
                Err(format!("unexpected character at byte {}", self.i))
            }
            None => Err("unexpected end".to_string()),
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Lit, String> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Ok(Lit::Dict(items));
            }
            let key = self.value(depth + 1)?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(format!("expected ':' at byte {}", self.i));
            }
            self.i += 1;
            let value = self.value(depth + 1)?;
            items.push((key, value));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {}
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.i)),
            }
        }
    }

    fn seq(&mut self, close: u8, depth: usize) -> Result<Vec<Lit>, String> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some(close) {
                self.i += 1;
                return Ok(items);
            }
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(c) if c == close => {}
                _ => return Err(format!("expected ',' at byte {}", self.i)),
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                _ if c == quote => {
                    return String::from_utf8(out).map_err(|_| "string is not UTF-8".to_string());
                }
                b'\\' => {
                    let e = self.peek().ok_or("unfinished escape")?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'\\' | b'\'' | b'"' => out.push(e),
                        b'x' | b'u' => {
                            let n = if e == b'x' { 2 } else { 4 };
                            let hex = self.s.get(self.i..self.i + n).ok_or("short escape")?;
                            let code = u32::from_str_radix(
                                std::str::from_utf8(hex).map_err(|_| "bad escape")?,
                                16,
                            )
                            .map_err(|_| "bad escape")?;
                            self.i += n;
                            let ch = char::from_u32(code).ok_or("bad escape")?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err("unsupported escape".to_string()),
                    }
                }
                _ => out.push(c),
            }
        }
        Err("unterminated string".to_string())
    }

    fn int(&mut self) -> Result<Lit, String> {
        let start = self.i;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.i += 1;
        }
        let digits = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'_')) {
            self.i += 1;
        }
        // A trailing `L` (Python 2 headers) is accepted, as numpy's reader does.
        let end = self.i;
        if self.peek() == Some(b'L') {
            self.i += 1;
        }
        if end == digits {
            return Err(format!("expected a number at byte {start}"));
        }
        let count = self.s[digits..end].iter().filter(|&&c| c != b'_').count();
        if count > self.max_digits {
            return Err(format!(
                "an integer of {count} digits at byte {start} (at most {} allowed)",
                self.max_digits
            ));
        }
        let text: String = String::from_utf8_lossy(&self.s[start..end]).replace('_', "");
        text.parse::<BigInt>()
            .map(Lit::Int)
            .map_err(|_| format!("bad number at byte {start}"))
    }
}

impl Lit {
    /// Python's `repr()` of the literal (`'a'`, `(1, 'x')`, `None`), as numpy prints titles and
    /// field names.
    pub fn repr(&self) -> String {
        let join = |items: &[Lit]| items.iter().map(Lit::repr).collect::<Vec<_>>().join(", ");
        match self {
            Lit::Str(s) => python_repr(s),
            Lit::Int(n) => n.to_string(),
            Lit::Bool(true) => "True".to_string(),
            Lit::Bool(false) => "False".to_string(),
            Lit::None => "None".to_string(),
            Lit::Tuple(items) if items.len() == 1 => format!("({},)", items[0].repr()),
            Lit::Tuple(items) => format!("({})", join(items)),
            Lit::List(items) => format!("[{}]", join(items)),
            Lit::Dict(entries) => {
                let parts: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_headers() {
        let h = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
        let Ok(Lit::Dict(items)) = parse(h) else {
            panic!("not a dict")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2].1,
            Lit::Tuple(vec![Lit::Int(3.into()), Lit::Int(4.into())])
        );
        assert!(parse("{'descr': [('x', '<f8'), ('y', '<i4', (2,))], 'shape': ()}").is_ok());
        assert!(parse("{'a': 1").is_err());
        assert!(parse(&"(".repeat(1000)).is_err());
        assert!(parse("os.system('x')").is_err());
        let huge = format!("({},)", "9".repeat(1_000_000));
        assert!(parse_bounded(&huge, 19).is_err());
        assert!(parse_bounded("(1234567890123456789,)", 19).is_ok());
    }

    #[test]
    fn repr_is_pythons() {
        assert_eq!(python_repr("a"), "'a'");
        assert_eq!(python_repr("it's"), "\"it's\"");
        assert_eq!(python_repr("'\""), "'\\'\"'");
        assert_eq!(python_repr("a\\b\n\u{1}"), "'a\\\\b\\n\\x01'");
        let lit = parse("((1, 'x'), [True, None], {'k': ('v',)})").unwrap_or(Lit::None);
        assert_eq!(lit.repr(), "((1, 'x'), [True, None], {'k': ('v',)})");
    }
}
