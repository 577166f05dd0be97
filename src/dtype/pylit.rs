//! The Python literals a `.npy` header is written in, and numpy's list and dict dtype forms
//! with their field titles: dicts, tuples, lists, strings, bytes, integers, floats, complex
//! numbers (`1j`, `1+2j`), True, False and None, as `ast.literal_eval` reads them (sets
//! aside). Bounded depth; never panics on any input.

use std::fmt::Write as _;

use crate::number::text::python_repr;

use num_bigint::BigInt;
use num_traits::FromPrimitive;

/// A literal as written. Its `==` is structural (`1` and `1.0` are two spellings, floats
/// compared by their bits); Python's `==` is [`Lit::py_eq`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    Dict(Vec<(Lit, Lit)>),
    Tuple(Vec<Lit>),
    List(Vec<Lit>),
    Str(String),
    Bytes(Vec<u8>),
    Int(BigInt),
    Float(PyFloat),
    /// The real and imaginary parts.
    Complex(PyFloat, PyFloat),
    Bool(bool),
    None,
}

/// A Python float, equal to another of the same bits (so `Lit` can be `Eq`).
#[derive(Debug, Clone, Copy)]
pub struct PyFloat(pub f64);

impl PartialEq for PyFloat {
    fn eq(&self, other: &PyFloat) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for PyFloat {}

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
            Some(b'u' | b'U') if self.quote_at(1) => {
                self.i += 1;
                self.string().map(Lit::Str)
            }
            Some(b'b' | b'B') if self.quote_at(1) => {
                self.i += 1;
                self.bytes().map(Lit::Bytes)
            }
            Some(b'-' | b'+' | b'0'..=b'9' | b'.') => self.number(),
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

    fn quote_at(&self, ahead: usize) -> bool {
        matches!(self.s.get(self.i + ahead), Some(b'\'' | b'"'))
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
            let at = self.i;
            let key = self.value(depth + 1)?;
            self.ws();
            if items.is_empty() && matches!(self.peek(), Some(b',' | b'}')) {
                return Err(format!(
                    "a set at byte {at} (npmem reads no sets: their order is a hash table's)"
                ));
            }
            if self.peek() != Some(b':') {
                return Err(format!("expected ':' at byte {}", self.i));
            }
            if !key.is_hashable() {
                return Err(format!("unhashable type: '{}'", key.type_name()));
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
        let out = self.quoted(false)?;
        String::from_utf8(out).map_err(|_| "string is not UTF-8".to_string())
    }

    /// A bytes literal's content (after its `b`): ASCII characters, and escapes for the rest.
    fn bytes(&mut self) -> Result<Vec<u8>, String> {
        self.quoted(true)
    }

    fn quoted(&mut self, bytes: bool) -> Result<Vec<u8>, String> {
        let quote = self.s[self.i];
        self.i += 1;
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                _ if c == quote => return Ok(out),
                _ if bytes && !c.is_ascii() => {
                    return Err("bytes can only contain ASCII literal characters".to_string());
                }
                b'\\' => {
                    let e = self.peek().ok_or("unfinished escape")?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'\\' | b'\'' | b'"' => out.push(e),
                        b'x' if bytes => {
                            let hex = self.s.get(self.i..self.i + 2).ok_or("short escape")?;
                            let byte = std::str::from_utf8(hex)
                                .ok()
                                .and_then(|h| u8::from_str_radix(h, 16).ok())
                                .ok_or("bad escape")?;
                            self.i += 2;
                            out.push(byte);
                        }
                        b'x' | b'u' if !bytes => {
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

    /// A number as `ast.literal_eval` takes one: an optionally signed integer (decimal, `0x`,
    /// `0o`, `0b`), float or imaginary literal, or a real one plus or minus an imaginary one
    /// (`1+2j`), computed as Python computes it.
    fn number(&mut self) -> Result<Lit, String> {
        let start = self.i;
        let negative = match self.peek() {
            Some(b'-') => {
                self.i += 1;
                true
            }
            Some(b'+') => {
                self.i += 1;
                false
            }
            _ => false,
        };
        let left = match (self.unsigned_number(start)?, negative) {
            (Lit::Int(n), true) => Lit::Int(-n),
            (Lit::Float(f), true) => Lit::Float(PyFloat(-f.0)),
            (Lit::Complex(re, im), true) => Lit::Complex(PyFloat(-re.0), PyFloat(-im.0)),
            (lit, _) => lit,
        };
        let before_op = self.i;
        self.ws();
        let subtract = match self.peek() {
            Some(b'+') => false,
            Some(b'-') => true,
            _ => {
                self.i = before_op;
                return Ok(left);
            }
        };
        self.i += 1;
        self.ws();
        let at = self.i;
        if !matches!(self.peek(), Some(b'0'..=b'9' | b'.')) {
            return Err(format!("expected an imaginary number at byte {at}"));
        }
        let real = match &left {
            Lit::Int(n) => int_to_float(n)?,
            Lit::Float(f) => f.0,
            _ => return Err(format!("a complex number plus a number at byte {at}")),
        };
        let Lit::Complex(_, imag) = self.unsigned_number(at)? else {
            return Err(format!("a real number plus a real number at byte {at}"));
        };
        // Python adds the real number as a complex one with a zero imaginary part.
        Ok(if subtract {
            Lit::Complex(PyFloat(real - 0.0), PyFloat(0.0 - imag.0))
        } else {
            Lit::Complex(PyFloat(real + 0.0), PyFloat(0.0 + imag.0))
        })
    }

    fn digits(&mut self, ok: impl Fn(u8) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek().filter(|&c| ok(c) || c == b'_') {
            self.i += 1;
            if c != b'_' {
                out.push(char::from(c));
            }
        }
        out
    }

    fn unsigned_number(&mut self, start: usize) -> Result<Lit, String> {
        let radix = match self.s.get(self.i..self.i + 2) {
            Some(b"0x" | b"0X") => 16,
            Some(b"0o" | b"0O") => 8,
            Some(b"0b" | b"0B") => 2,
            _ => 10,
        };
        if radix != 10 {
            self.i += 2;
            let digits = self.digits(|c| char::from(c).is_digit(radix));
            return self.int_value(&digits, radix, start);
        }
        let whole = self.digits(|c| c.is_ascii_digit());
        let mut fraction = None;
        if self.peek() == Some(b'.') {
            self.i += 1;
            fraction = Some(self.digits(|c| c.is_ascii_digit()));
        }
        if whole.is_empty() && fraction.as_deref().is_none_or(str::is_empty) {
            return Err(format!("expected a number at byte {start}"));
        }
        let mut exponent = None;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            let mut e = String::new();
            if let Some(sign @ (b'-' | b'+')) = self.peek() {
                self.i += 1;
                e.push(char::from(sign));
            }
            let digits = self.digits(|c| c.is_ascii_digit());
            if digits.is_empty() {
                return Err(format!("bad exponent at byte {start}"));
            }
            e.push_str(&digits);
            exponent = Some(e);
        }
        let imaginary = matches!(self.peek(), Some(b'j' | b'J'));
        if imaginary {
            self.i += 1;
        }
        if fraction.is_none() && exponent.is_none() && !imaginary {
            // A trailing `L` (Python 2 headers) is accepted, as numpy's reader does.
            if self.peek() == Some(b'L') {
                self.i += 1;
            }
            return self.int_value(&whole, 10, start);
        }
        let text = format!(
            "{}.{}e{}",
            if whole.is_empty() { "0" } else { &whole },
            fraction.as_deref().filter(|f| !f.is_empty()).unwrap_or("0"),
            exponent.as_deref().unwrap_or("0")
        );
        let value = parse_float(&text).ok_or_else(|| format!("bad number at byte {start}"))?;
        Ok(if imaginary {
            Lit::Complex(PyFloat(0.0), PyFloat(value))
        } else {
            Lit::Float(PyFloat(value))
        })
    }

    fn int_value(&self, digits: &str, radix: u32, start: usize) -> Result<Lit, String> {
        if digits.is_empty() {
            return Err(format!("expected a number at byte {start}"));
        }
        if digits.len() > self.max_digits {
            return Err(format!(
                "an integer of {} digits at byte {start} (at most {} allowed)",
                digits.len(),
                self.max_digits
            ));
        }
        BigInt::parse_bytes(digits.as_bytes(), radix)
            .map(Lit::Int)
            .ok_or_else(|| format!("bad number at byte {start}"))
    }
}

/// A float's text (`digits.digitsEexponent`) to the nearest double, as Python reads it; an
/// exponent too long for `i64` is infinity or zero as its sign says.
fn parse_float(text: &str) -> Option<f64> {
    text.parse::<f64>().ok()
}

/// Python's `float(n)`: the nearest double, or its OverflowError.
fn int_to_float(n: &BigInt) -> Result<f64, String> {
    n.to_string()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .ok_or_else(|| "int too large to convert to float".to_string())
}

impl Lit {
    /// Python's `repr()` of the literal (`'a'`, `(1, 'x')`, `None`, `1.0`, `(1+0j)`, `b'x'`), as
    /// numpy prints titles and field names.
    pub fn repr(&self) -> String {
        let join = |items: &[Lit]| items.iter().map(Lit::repr).collect::<Vec<_>>().join(", ");
        match self {
            Lit::Str(s) => python_repr(s),
            Lit::Bytes(b) => bytes_repr(b),
            Lit::Int(n) => n.to_string(),
            Lit::Float(f) => float_repr(f.0, true),
            Lit::Complex(re, im) => complex_repr(re.0, im.0),
            Lit::Bool(true) => "True".to_string(),
            Lit::Bool(false) => "False".to_string(),
            Lit::None => "None".to_string(),
            Lit::Tuple(items) if items.len() == 1 => format!("({},)", items[0].repr()),
            Lit::Tuple(items) => format!("({})", join(items)),
            Lit::List(items) => format!("[{}]", join(items)),
            Lit::Dict(entries) => {
                let parts: Vec<String> = dict_items(entries)
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.repr(), v.repr()))
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Lit::Dict(_) => "dict",
            Lit::Tuple(_) => "tuple",
            Lit::List(_) => "list",
            Lit::Str(_) => "str",
            Lit::Bytes(_) => "bytes",
            Lit::Int(_) => "int",
            Lit::Float(_) => "float",
            Lit::Complex(..) => "complex",
            Lit::Bool(_) => "bool",
            Lit::None => "NoneType",
        }
    }

    /// Whether Python can hash it (a dict key): not a list or dict, nor a tuple holding one.
    pub fn is_hashable(&self) -> bool {
        match self {
            Lit::List(_) | Lit::Dict(_) => false,
            Lit::Tuple(items) => items.iter().all(Lit::is_hashable),
            _ => true,
        }
    }

    /// Python's `==`: numbers by value across `bool`, `int`, `float` and `complex` (`1 == 1.0
    /// == True == (1+0j)`, exactly: `2**53 + 1 != 2.0**53`), `str` and `bytes` never equal to
    /// each other, tuples and lists element by element, dicts as mappings.
    pub fn py_eq(&self, other: &Lit) -> bool {
        if let (Some(a), Some(b)) = (self.number(), other.number()) {
            return a.eq(&b);
        }
        let all =
            |a: &[Lit], b: &[Lit]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.py_eq(y));
        match (self, other) {
            (Lit::Str(a), Lit::Str(b)) => a == b,
            (Lit::Bytes(a), Lit::Bytes(b)) => a == b,
            (Lit::None, Lit::None) => true,
            (Lit::Tuple(a), Lit::Tuple(b)) | (Lit::List(a), Lit::List(b)) => all(a, b),
            (Lit::Dict(a), Lit::Dict(b)) => {
                let (a, b) = (dict_items(a), dict_items(b));
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.iter().any(|(k2, v2)| k.py_eq(k2) && v.py_eq(v2)))
            }
            _ => false,
        }
    }

    fn number(&self) -> Option<Number> {
        Some(match self {
            Lit::Bool(b) => Number::Int(BigInt::from(u8::from(*b))),
            Lit::Int(n) => Number::Int(n.clone()),
            Lit::Float(f) => Number::Float(f.0),
            Lit::Complex(re, im) => Number::Complex(re.0, im.0),
            _ => return None,
        })
    }
}

/// A number as Python compares numbers.
enum Number {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

impl Number {
    fn eq(&self, other: &Number) -> bool {
        use Number as N;
        match (self, other) {
            (N::Int(a), N::Int(b)) => a == b,
            // An int equals a float of exactly its value.
            (N::Int(n), N::Float(f)) | (N::Float(f), N::Int(n)) => {
                f.is_finite() && f.fract() == 0.0 && BigInt::from_f64(*f).is_some_and(|m| m == *n)
            }
            (N::Float(a), N::Float(b)) => a == b,
            (N::Complex(re, im), real) | (real, N::Complex(re, im)) => match real {
                N::Complex(re2, im2) => re == re2 && im == im2,
                _ => *im == 0.0 && N::Float(*re).eq(real),
            },
        }
    }
}

/// A dict literal's entries as Python keeps them: a key written again (or an equal one, `1`
/// and `1.0`) stays where it was first written and takes the last value.
fn dict_items(entries: &[(Lit, Lit)]) -> Vec<(&Lit, &Lit)> {
    let mut out: Vec<(&Lit, &Lit)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        match out.iter_mut().find(|(k2, _)| k2.py_eq(k)) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

/// Python's `repr()` of a float (`1.0`, `1e+16`, `1e-05`, `inf`), or, without `dot_zero`, as
/// a part of a complex number's (`1`, not `1.0`).
fn float_repr(x: f64, dot_zero: bool) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Rust's `{:e}` gives the shortest digits that round back, as Python's repr does.
    let sci = format!("{x:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let body = if point <= 0 {
            let zeros = usize::try_from(-point).unwrap_or(0);
            format!("0.{}{digits}", "0".repeat(zeros))
        } else if point >= n {
            let zeros = usize::try_from(point - n).unwrap_or(0);
            let dot = if dot_zero { ".0" } else { "" };
            format!("{digits}{}{dot}", "0".repeat(zeros))
        } else {
            let (a, b) = digits.split_at(usize::try_from(point).unwrap_or(0));
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{first}{rest}e{esign}{:02}", exponent.unsigned_abs())
    }
}

/// Python's `repr()` of a complex number: `1j` when the real part is +0, else `(1+2j)`.
fn complex_repr(re: f64, im: f64) -> String {
    let imag = float_repr(im, false);
    if re == 0.0 && re.is_sign_positive() {
        return format!("{imag}j");
    }
    let sign = if imag.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{imag}j)", float_repr(re, false))
}

/// Python's `repr()` of bytes: `b'...'` (double quotes when only a single quote is inside),
/// `\t`, `\n`, `\r`, `\xhh` for what is not printable ASCII.
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(char::from(quote));
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            _ if c == quote => {
                out.push('\\');
                out.push(char::from(c));
            }
            0x20..0x7f => out.push(char::from(c)),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(char::from(quote));
    out
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
        for (text, want) in [
            ("a", "'a'"),
            ("it's", "\"it's\""),
            ("'\"", "'\\'\"'"),
            ("a\\b\n\u{1}", "'a\\\\b\\n\\x01'"),
        ] {
            assert_eq!(python_repr(text), want, "python_repr({text:?})");
        }
        let lit = parse("((1, 'x'), [True, None], {'k': ('v',)})").unwrap_or(Lit::None);
        assert_eq!(lit.repr(), "((1, 'x'), [True, None], {'k': ('v',)})");
    }

    fn repr_of(text: &str) -> String {
        parse(text).map_or_else(|e| format!("error: {e}"), |l| l.repr())
    }

    #[test]
    fn numbers_and_bytes_read_and_print_as_python() {
        for (text, repr) in [
            ("1.0", "1.0"),
            ("1.", "1.0"),
            (".5", "0.5"),
            ("-0.0", "-0.0"),
            ("1e16", "1e+16"),
            ("1_000.5e-3", "1.0005"),
            ("123456789012345678.0", "1.2345678901234568e+17"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("1e400", "inf"),
            ("-1e400", "-inf"),
            ("1e-400", "0.0"),
            ("1e99999999999999999999999", "inf"),
            ("0x1F", "31"),
            ("0o17", "15"),
            ("-0b101", "-5"),
            ("1j", "1j"),
            ("1.5J", "1.5j"),
            ("-1j", "(-0-1j)"),
            ("1+0j", "(1+0j)"),
            ("1 - 0j", "(1+0j)"),
            ("-1.5-2e20j", "(-1.5-2e+20j)"),
            ("0+1e400j", "infj"),
            ("b'a\\'\\x00\\xff'", "b\"a'\\x00\\xff\""),
            ("B\"\\t\"", "b'\\t'"),
            ("u'x'", "'x'"),
            ("{1: 'a', 1.0: 'b', True: 'c'}", "{1: 'c'}"),
        ] {
            assert_eq!(repr_of(text), repr, "{text}");
        }
        for bad in [
            "1+2",
            "1j+2j",
            "1+",
            "1e",
            "0x",
            ".",
            "{1, 2}",
            "{[1]: 2}",
            "b'\u{e9}'",
            "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000+1j",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn equality_is_pythons() {
        let eq = |a: &str, b: &str| {
            let (Ok(a), Ok(b)) = (parse(a), parse(b)) else {
                panic!("{a} or {b} not read")
            };
            a.py_eq(&b)
        };
        for (a, b) in [
            ("1", "1.0"),
            ("1", "True"),
            ("True", "1+0j"),
            ("0", "-0.0"),
            ("0j", "False"),
            ("9007199254740992", "9007199254740992.0"),
            ("1e400", "2e400"),
            ("(1, 'x')", "(1.0, 'x')"),
            ("[1]", "[True]"),
            ("{1: 2}", "{1.0: 2.0}"),
            ("b'a'", "b'a'"),
        ] {
            assert!(eq(a, b), "{a} == {b}");
            assert!(eq(b, a), "{b} == {a}");
        }
        for (a, b) in [
            ("9007199254740993", "9007199254740992.0"),
            ("'a'", "b'a'"),
            ("(1,)", "[1]"),
            ("1", "'1'"),
            ("0.5", "0"),
            ("1j", "1"),
            ("1e400", "-1e400"),
            ("None", "0"),
            ("{1: 2}", "{1: 3}"),
            ("(1, 2)", "(1,)"),
        ] {
            assert!(!eq(a, b), "{a} != {b}");
            assert!(!eq(b, a), "{b} != {a}");
        }
    }
}
