//! Python number literals, read as Python's tokenizer reads them: one literal, optionally
//! signed (`300`, `-1`, `1_000`, `0x10`, `2.0`, `.5`, `1e400`, `3j`, `-3j`), or `True` /
//! `False`. An expression such as `1+2j` is not a literal and is refused.

use num_bigint::BigInt;
use num_traits::Num;

use super::Operand;

/// An operand that reads as a number but is not one Python literal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is neither a Python number literal nor a dtype: {reason}")]
pub struct LiteralError {
    pub text: String,
    pub reason: String,
}

/// The Python scalar `text` denotes, or `None` when it is not a single literal.
pub fn parse_literal(text: &str) -> Option<Operand> {
    match text {
        "True" => return Some(Operand::PyBool(true)),
        "False" => return Some(Operand::PyBool(false)),
        _ => {}
    }
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let b = body.as_bytes();
    if let Some(inner) = body.strip_suffix(['j', 'J']) {
        let ib = inner.as_bytes();
        if !(is_float(ib) || is_digitpart(ib)) {
            return None;
        }
        let imag = float_value(inner)?;
        // -(0+3j) is complex(-0.0, -3.0); +(0+3j) is unchanged.
        return Some(if negative {
            Operand::PyComplex {
                real: -0.0,
                imag: -imag,
            }
        } else {
            Operand::PyComplex { real: 0.0, imag }
        });
    }
    if let Some(n) = integer(b) {
        return Some(Operand::PyInt(if negative { -n } else { n }));
    }
    if is_float(b) {
        let v = float_value(body)?;
        return Some(Operand::PyFloat(if negative { -v } else { v }));
    }
    None
}

/// Why `text`, which reads like a number, is not one literal; `None` when it does not read
/// like a number at all (then it is a dtype spelling, or not).
pub fn problem(text: &str) -> Option<String> {
    let lowered = text.to_ascii_lowercase();
    let unsigned = lowered.trim_start_matches(['+', '-']);
    if matches!(unsigned, "inf" | "infinity" | "nan") {
        return Some(format!(
            "'{unsigned}' is a name in Python, not a literal; write 1e400 for inf (numpy's result type does not depend on the value)"
        ));
    }
    let first = text.trim_start_matches(['+', '-']).bytes().next()?;
    if !(first.is_ascii_digit() || first == b'.') {
        return None;
    }
    let b = text.as_bytes();
    if text.starts_with("--") || text.starts_with("+-") || text.starts_with("-+") {
        return Some("only one sign may lead a literal".to_string());
    }
    let inner = text.trim_start_matches(['+', '-']);
    if inner[1..]
        .char_indices()
        .any(|(i, c)| matches!(c, '+' | '-') && !matches!(inner.as_bytes()[i], b'e' | b'E'))
    {
        return Some(
            "an expression, not one literal (numpy takes the type of a Python complex, not its value: write 3j)"
                .to_string(),
        );
    }
    if b.windows(2).any(|w| w == b"__") || inner.ends_with('_') || inner.contains("_.") {
        return Some("underscores go between digits, one at a time".to_string());
    }
    if inner.len() > 1
        && inner.starts_with('0')
        && inner.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        && inner.bytes().any(|c| matches!(c, b'1'..=b'9'))
    {
        return Some(
            "Python does not allow leading zeros in a decimal integer (write 0o… for octal)"
                .to_string(),
        );
    }
    Some(
        "not a Python int, float or complex literal (e.g. 300, -1, 2.0, 1e400, 3j, True)"
            .to_string(),
    )
}

/// `digit (["_"] digit)*`.
fn is_digitpart(b: &[u8]) -> bool {
    is_digits(b, |c| c.is_ascii_digit())
}

fn is_digits(b: &[u8], digit: impl Fn(u8) -> bool) -> bool {
    !b.is_empty()
        && digit(b[0])
        && digit(b[b.len() - 1])
        && b.windows(2).all(|w| !(w[0] == b'_' && w[1] == b'_'))
        && b.iter().all(|&c| c == b'_' || digit(c))
}

/// A Python integer literal: decimal (no leading zeros but for zero itself), `0x`, `0o`, `0b`,
/// with single underscores between digits (and after the prefix).
fn integer(b: &[u8]) -> Option<BigInt> {
    let clean = |s: &[u8]| -> String {
        s.iter()
            .filter(|&&c| c != b'_')
            .map(|&c| c as char)
            .collect()
    };
    if b.len() > 2 && b[0] == b'0' {
        let radix = match b[1] {
            b'x' | b'X' => Some(16),
            b'o' | b'O' => Some(8),
            b'b' | b'B' => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            let digits = b[2..].strip_prefix(b"_").unwrap_or(&b[2..]);
            let ok = is_digits(digits, |c| (c as char).is_digit(radix));
            return ok
                .then(|| BigInt::from_str_radix(&clean(digits), radix).ok())
                .flatten();
        }
    }
    if !is_digitpart(b) {
        return None;
    }
    let zeros = b.iter().all(|&c| c == b'0' || c == b'_');
    if b[0] == b'0' && !zeros {
        return None;
    }
    BigInt::from_str_radix(&clean(b), 10).ok()
}

/// A Python float literal: `pointfloat | exponentfloat`.
fn is_float(b: &[u8]) -> bool {
    let (mantissa, exponent) = match b.iter().position(|&c| c == b'e' || c == b'E') {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    if let Some(e) = exponent {
        let e = e
            .strip_prefix(b"+")
            .or_else(|| e.strip_prefix(b"-"))
            .unwrap_or(e);
        if !is_digitpart(e) {
            return false;
        }
    }
    let point = match mantissa.iter().position(|&c| c == b'.') {
        Some(i) => i,
        // an exponent float without a point: `1e5`
        None => return exponent.is_some() && is_digitpart(mantissa),
    };
    let (whole, fraction) = (&mantissa[..point], &mantissa[point + 1..]);
    match (whole.is_empty(), fraction.is_empty()) {
        (true, true) => false,
        (true, false) => is_digitpart(fraction),
        (false, true) => is_digitpart(whole),
        (false, false) => is_digitpart(whole) && is_digitpart(fraction),
    }
}

/// The double a float (or imaginary) literal's digits round to, as Python rounds them
/// (correctly; past the largest double, inf).
fn float_value(digits: &str) -> Option<f64> {
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let clean = if clean.starts_with('.') {
        format!("0{clean}")
    } else {
        clean
    };
    clean.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(t: &str) -> Option<String> {
        match parse_literal(t) {
            Some(Operand::PyInt(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    fn float(t: &str) -> Option<f64> {
        match parse_literal(t) {
            Some(Operand::PyFloat(v)) => Some(v),
            _ => None,
        }
    }

    #[test]
    fn integers_as_python_reads_them() {
        assert_eq!(int("300").as_deref(), Some("300"));
        assert_eq!(int("-1").as_deref(), Some("-1"));
        assert_eq!(int("+7").as_deref(), Some("7"));
        assert_eq!(int("1_000").as_deref(), Some("1000"));
        assert_eq!(int("0x10").as_deref(), Some("16"));
        assert_eq!(int("0x_1f").as_deref(), Some("31"));
        assert_eq!(int("0o17").as_deref(), Some("15"));
        assert_eq!(int("0b101").as_deref(), Some("5"));
        assert_eq!(int("000").as_deref(), Some("0"));
        assert_eq!(int("010"), None);
        assert_eq!(int("1__0"), None);
        assert_eq!(int("1_"), None);
        assert_eq!(int("0x"), None);
        assert_eq!(
            int("18446744073709551616").as_deref(),
            Some("18446744073709551616")
        );
    }

    #[test]
    fn floats_as_python_reads_them() {
        for (text, want) in [
            ("1e", None),
            (".", None),
            ("1._5", None),
            ("2.0", Some(2.0)),
            ("5.", Some(5.0)),
            (".5", Some(0.5)),
            ("1e5", Some(1e5)),
            ("1.e5", Some(1e5)),
            ("1_0.5", Some(10.5)),
            ("1e400", Some(f64::INFINITY)),
            ("-1e400", Some(f64::NEG_INFINITY)),
            ("1e-400", Some(0.0)),
            ("0.1", Some(0.1)),
            ("2.5E3", Some(2500.0)),
        ] {
            assert_eq!(float(text), want, "float({text:?})");
        }
    }

    #[test]
    fn imaginary_literals_and_bools() {
        assert_eq!(
            parse_literal("3j"),
            Some(Operand::PyComplex {
                real: 0.0,
                imag: 3.0
            })
        );
        match parse_literal("-3j") {
            Some(Operand::PyComplex { real, imag }) => {
                assert!(real == 0.0 && real.is_sign_negative() && imag == -3.0);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_literal("1e400J"),
            Some(Operand::PyComplex {
                real: 0.0,
                imag: f64::INFINITY
            })
        );
        assert_eq!(parse_literal("True"), Some(Operand::PyBool(true)));
        assert_eq!(parse_literal("1+2j"), None);
        assert_eq!(parse_literal("j"), None);
        assert!(problem("1+2j").is_some_and(|p| p.contains("expression")));
    }

    #[test]
    fn dtype_spellings_are_not_literals() {
        for s in [
            "1e", "2e", "1d", "3i4", "f8", "int", "M8[s]", "(2,)f4", "1b",
        ] {
            assert_eq!(parse_literal(s), None, "{s}");
        }
    }
}
