//! Complex number text read exactly, as numpy reads it for a complex target: through Python's
//! `complex()` (numpy's complex types take text no other way), whose two parts are then
//! float64 values.
//!
//! Python's grammar (`complex_from_string_inner`): after its first step (Unicode digits and
//! whitespace to ASCII, as `float()` takes them) and its underscore rule, optional whitespace,
//! an optional `(`, then `<float>`, `<float>j`, `<float><signed float>j`, `<float><sign>j`,
//! `<sign>j` or `j` (`j` or `J`), where `<float>` is what `float()` reads without whitespace
//! (digits with a point and exponent, `inf`, `infinity`, `nan`, any case, signed; no hex), then
//! whitespace, the `)` if there was a `(`, and whitespace. Nothing else: no space inside
//! (`1 + 2j`), no sign after a sign (`1+-2j`).

use num_rational::BigRational;
use num_traits::{One, Zero};

use super::text::{Text, decimal_digit, parse_python, python_repr};

/// The two parts of complex text, each as its text is (Python rounds each to float64).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplexText {
    pub real: Text,
    pub imag: Text,
}

/// Why Python's `complex()` refuses text, as its two messages tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An underscore not between two digits, or a NUL in text with an underscore.
    Underscores,
    Malformed,
}

impl Refusal {
    /// Python's message for `text`, as numpy passes it on.
    pub fn message(self, text: &str) -> String {
        match self {
            Refusal::Underscores => {
                format!("could not convert string to complex: {}", python_repr(text))
            }
            Refusal::Malformed => "complex() arg is a malformed string".to_string(),
        }
    }
}

/// Read `text` as Python's `complex(text)` reads it, the parts exactly.
pub fn parse_complex(text: &str) -> Result<ComplexText, Refusal> {
    let ascii = ascii_or_stop(text);
    let bytes = if ascii.contains(&b'_') {
        without_underscores(&ascii)?
    } else {
        ascii
    };
    inner(&bytes).ok_or(Refusal::Malformed)
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: ASCII below DEL stays, other whitespace
/// becomes a space and other decimal digits their ASCII digit; at any other character the text
/// ends in a `?` (which no number has).
fn ascii_or_stop(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if u32::from(c) < 127 {
            out.push(c as u8);
        } else if c.is_whitespace() {
            out.push(b' ');
        } else if let Some(d) = decimal_digit(c) {
            out.push(d);
        } else {
            out.push(b'?');
            break;
        }
    }
    out
}

/// `_Py_string_to_number_with_underscores`: each `_` after a digit and before a digit; the text
/// up to a NUL, which may not come before its end.
fn without_underscores(b: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::with_capacity(b.len());
    let mut prev = 0u8;
    let mut end = b.len();
    for (i, &c) in b.iter().enumerate() {
        if c == 0 {
            end = i;
            break;
        }
        if c == b'_' {
            if !prev.is_ascii_digit() {
                return Err(Refusal::Underscores);
            }
        } else {
            out.push(c);
            if prev == b'_' && !c.is_ascii_digit() {
                return Err(Refusal::Underscores);
            }
        }
        prev = c;
    }
    if prev == b'_' || end != b.len() {
        return Err(Refusal::Underscores);
    }
    Ok(out)
}

/// `Py_ISSPACE`.
fn space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `complex_from_string_inner` over the ASCII text (a NUL ends it, as in C).
fn inner(b: &[u8]) -> Option<ComplexText> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let one = |negative: bool| {
        let r = BigRational::one();
        Text::Finite(if negative { -r } else { r })
    };
    let zero = || Text::Finite(BigRational::zero());
    let mut i = 0;
    while space(at(i)) {
        i += 1;
    }
    let bracket = at(i) == b'(';
    if bracket {
        i += 1;
        while space(at(i)) {
            i += 1;
        }
    }
    let (real, imag);
    if let Some((z, end)) = float_prefix(b, i) {
        i = end;
        if matches!(at(i), b'+' | b'-') {
            real = z;
            match float_prefix(b, i) {
                Some((y, end)) => {
                    imag = y;
                    i = end;
                }
                None => {
                    imag = one(at(i) == b'-');
                    i += 1;
                }
            }
            if !matches!(at(i), b'j' | b'J') {
                return None;
            }
            i += 1;
        } else if matches!(at(i), b'j' | b'J') {
            i += 1;
            (real, imag) = (zero(), z);
        } else {
            (real, imag) = (z, zero());
        }
    } else {
        let negative = match at(i) {
            b'+' | b'-' => {
                i += 1;
                b[i - 1] == b'-'
            }
            _ => false,
        };
        if !matches!(at(i), b'j' | b'J') {
            return None;
        }
        i += 1;
        (real, imag) = (zero(), one(negative));
    }
    while space(at(i)) {
        i += 1;
    }
    if bracket {
        if at(i) != b')' {
            return None;
        }
        i += 1;
        while space(at(i)) {
            i += 1;
        }
    }
    (i == b.len()).then_some(ComplexText { real, imag })
}

/// `_Py_dg_strtod`, then `_Py_parse_inf_or_nan`, at `start`: the longest float there (a sign,
/// digits with an optional point, at least one digit, an exponent only when it has digits;
/// or `inf`, `infinity`, `nan` in any case) and where it ends.
fn float_prefix(b: &[u8], start: usize) -> Option<(Text, usize)> {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = start;
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    let body = i;
    let digits = |mut i: usize| {
        while at(i).is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_end = digits(i);
    let mut end = int_end;
    if at(end) == b'.' {
        end = digits(end + 1);
    }
    let has_digit = int_end > body || end > int_end + 1;
    if has_digit {
        if matches!(at(end), b'e' | b'E') {
            let mut e = end + 1;
            if matches!(at(e), b'+' | b'-') {
                e += 1;
            }
            let e_end = digits(e);
            if e_end > e {
                end = e_end;
            }
        }
    } else {
        let word = |w: &str| {
            b.get(body..body + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
        };
        end = if word("infinity") {
            body + 8
        } else if word("inf") || word("nan") {
            body + 3
        } else {
            return None;
        };
    }
    let s = std::str::from_utf8(b.get(start..end)?).ok()?;
    Some((parse_python(s)?, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Option<(String, String)> {
        parse_complex(s)
            .ok()
            .map(|c| (c.real.fraction(), c.imag.fraction()))
    }

    fn p(re: &str, im: &str) -> Option<(String, String)> {
        Some((re.to_string(), im.to_string()))
    }

    /// Python's forms, and the spellings it refuses.
    #[test]
    fn reads_what_python_complex_reads() {
        assert_eq!(parts("1+2j"), p("1/1", "2/1"));
        assert_eq!(parts(" ( 1.5e1-2.5E-1J ) "), p("15/1", "-1/4"));
        assert_eq!(parts("3j"), p("0/1", "3/1"));
        assert_eq!(parts("-j"), p("0/1", "-1/1"));
        assert_eq!(parts("j"), p("0/1", "1/1"));
        assert_eq!(parts("1-j"), p("1/1", "-1/1"));
        assert_eq!(parts("2"), p("2/1", "0/1"));
        assert_eq!(parts("(2)"), p("2/1", "0/1"));
        assert_eq!(parts("inf-nanj"), p("inf", "nan"));
        assert_eq!(parts("-Infinityj"), p("0/1", "-inf"));
        assert_eq!(
            parts("1e+j"),
            None,
            "an exponent without digits ends the float"
        );
        assert_eq!(parts("1_0+2_0j"), p("10/1", "20/1"));
        assert_eq!(parts("\u{661}+\u{662}j\u{3000}"), p("1/1", "2/1"));
        assert_eq!(parts("1.+.5j"), p("1/1", "1/2"));
        for bad in [
            "1 + 2j", "1+ 2j", "1 +2j", "(1+2j", "1+2j)", "1+-2j", "1++2j", "0x10", "1+2j\0", "",
            " ", "()", "jj", "1j2", "infinj", ".j", "+", "1e", "1+2i", "\u{e9}",
        ] {
            assert_eq!(
                parse_complex(bad).err(),
                Some(Refusal::Malformed),
                "{bad:?}"
            );
        }
        for bad in ["1__0j", "_1j", "1_j", "1_+2j", "1+2j_", "1_0\0"] {
            assert_eq!(
                parse_complex(bad).err(),
                Some(Refusal::Underscores),
                "{bad:?}"
            );
        }
        assert_eq!(
            Refusal::Underscores.message("1__0j"),
            "could not convert string to complex: '1__0j'"
        );
    }
}
