//! Number text read exactly, as numpy's string parsers read it: never through a float.
//!
//! numpy reads text with two parsers. float16, float32, float64 (and, through a float64
//! array, the ml_dtypes formats) take Python's `float()` grammar, integers Python's `int()`:
//! Unicode decimal digits count as digits, Unicode whitespace around the number is ignored,
//! single underscores may stand between digits ([`parse_python`]). longdouble takes C's
//! `strtold` behind numpy's own inf/nan check: ASCII only, leading ASCII whitespace, C99 hex
//! floats (`0x1.8p3`), `nan(chars)`, no underscores and nothing after the number
//! ([`parse_longdouble`]). Text either reads is a number ([`parse_text`]); which one numpy
//! applies to a target is the caller's choice.

use std::borrow::Cow;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::Decimal;
use super::FloatFormat;

/// The largest decimal exponent read exactly; past it the value is [`Text::Beyond`] (far past
/// every format's range either way: longdouble's lies within 10^±4951).
const MAX_EXPONENT: i64 = 20_000;

/// The largest binary exponent read exactly from hex text (2^±20000 is past every format's
/// range, which lies within 2^±16446).
const MAX_BINARY_EXPONENT: i64 = 20_000;

/// The most significant digits read exactly. Every value of every format npmem knows, and every
/// midpoint between two of them, has fewer (binary128's smallest subnormal has about 11,500),
/// so text cut here, with one more digit `1` standing for any non-zero digits cut off, rounds
/// into every format as the whole text does and is exact in none, as the whole text is not:
/// strtod's "sticky digit". This keeps a long number's cost linear in its length.
pub const MAX_SIGNIFICANT_DIGITS: usize = 12_000;

/// The same for hex digits: 9,000 of them are 36,000 bits, more than any format's span from
/// its largest value down to half its smallest subnormal (longdouble: about 32,830).
const MAX_SIGNIFICANT_HEX_DIGITS: usize = 9_000;

/// The most digits Python's `int()` converts (`sys.get_int_max_str_digits()`'s default).
pub const INT_MAX_STR_DIGITS: usize = 4_300;

/// Decimal text read exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Finite(BigRational),
    /// `-0`: zero with its sign (a rational zero has none).
    NegativeZero,
    Infinite {
        negative: bool,
    },
    /// NaN, with the sign it was written with (`-nan`): ml_dtypes' float6/float4 keep it.
    NaN {
        negative: bool,
    },
    /// A finite, non-zero number whose exponent is past ±20,000 (`1e20001`, `-1e-30000`):
    /// past every format's range, so every format makes it infinite or its largest value
    /// (`huge`) or a zero (not `huge`). Its exact value is not kept.
    Beyond {
        negative: bool,
        huge: bool,
    },
}

impl Text {
    /// The finite value, zero for `-0`; `None` for text past every range ([`Text::Beyond`]).
    pub fn rational(&self) -> Option<BigRational> {
        match self {
            Text::Finite(r) => Some(r.clone()),
            Text::NegativeZero => Some(BigRational::zero()),
            _ => None,
        }
    }

    /// A finite number (zeros and text past every range included).
    pub fn is_finite(&self) -> bool {
        matches!(
            self,
            Text::Finite(_) | Text::NegativeZero | Text::Beyond { .. }
        )
    }

    /// A finite number that is not zero.
    pub fn is_nonzero_finite(&self) -> bool {
        match self {
            Text::Finite(r) => !r.is_zero(),
            Text::Beyond { .. } => true,
            _ => false,
        }
    }

    /// The value as a fraction; text past every range is written as what it rounds to
    /// everywhere: `inf`/`-inf` when huge, `0/1` when tiny.
    pub fn fraction(&self) -> String {
        match self {
            Text::Finite(r) => fraction(r),
            Text::NegativeZero | Text::Beyond { huge: false, .. } => "0/1".to_string(),
            Text::Infinite { negative: true } | Text::Beyond { negative: true, .. } => {
                "-inf".to_string()
            }
            Text::Infinite { negative: false }
            | Text::Beyond {
                negative: false, ..
            } => "inf".to_string(),
            Text::NaN { .. } => "nan".to_string(),
        }
    }

    /// A finite stand-in with the same rounding in `format` ([`Text::Beyond`]: four times the
    /// largest value, or a quarter of the smallest subnormal); `None` for other text.
    pub fn stand_in(&self, format: &FloatFormat) -> Option<BigRational> {
        let Text::Beyond { negative, huge } = self else {
            return None;
        };
        let m = if *huge {
            format.max_value().to_rational() * BigRational::from_integer(4.into())
        } else {
            format.smallest_subnormal().to_rational() / BigRational::from_integer(4.into())
        };
        Some(if *negative { -m } else { m })
    }
}

pub fn fraction(r: &BigRational) -> String {
    format!("{}/{}", r.numer(), r.denom())
}

/// Read `text` as some numpy parser reads it: Python's grammar first, then longdouble's.
/// `None` when neither reads it: the text is not a number at all.
pub fn parse_text(text: &str) -> Option<Text> {
    parse_python(text).or_else(|| parse_longdouble(text))
}

/// The first code point of each run of ten Unicode decimal digits (general category Nd),
/// Unicode 15.0 as Python 3.12's `unicodedata` has it: Python's `float()` and `int()` read
/// each as the ASCII digit of its place in the run. Generated with
/// `[c for c in range(0x110000) if unicodedata.decimal(chr(c), -1) == 0]`; the golden data
/// (`scripts/golden/golden_value_forms.py`) checks every run against Python.
const DECIMAL_ZEROS: [u32; 68] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The decimal digit a Unicode character stands for (`unicodedata.decimal`).
pub(super) fn decimal_digit(c: char) -> Option<u8> {
    let c = u32::from(c);
    let at = DECIMAL_ZEROS.partition_point(|&z| z <= c);
    let zero = *DECIMAL_ZEROS.get(at.checked_sub(1)?)?;
    let d = c - zero;
    (d < 10).then(|| b'0' + d as u8)
}

/// Python's first step in `float()` and `int()` (`_PyUnicode_TransformDecimalAndSpaceToASCII`):
/// ASCII stays, other whitespace becomes a space and other decimal digits their ASCII digit;
/// `None` when any other character is left (Python's parse then fails).
fn python_ascii(text: &str) -> Option<Cow<'_, str>> {
    if text.is_ascii() {
        return Some(Cow::Borrowed(text));
    }
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                Some(c)
            } else if c.is_whitespace() {
                // Python's non-ASCII whitespace is Unicode's White_Space, as Rust's.
                Some(' ')
            } else {
                decimal_digit(c).map(char::from)
            }
        })
        .collect::<Option<String>>()
        .map(Cow::Owned)
}

/// C's `isspace` in the C locale (Python's `Py_ISSPACE`, numpy's `NumPyOS_ascii_isspace`).
fn c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Python's rule for underscores in number text (`_Py_string_to_number_with_underscores`):
/// each stands between two digits; the text without them.
fn python_underscores(t: &str) -> Option<Cow<'_, str>> {
    if !t.contains('_') {
        return Some(Cow::Borrowed(t));
    }
    let b = t.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let before = i.checked_sub(1).and_then(|j| b.get(j));
            let after = b.get(i + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
    }
    Some(Cow::Owned(t.replace('_', "")))
}

/// Python's text for a number, in ASCII, stripped of whitespace and underscores; `None` where
/// Python refuses a character or an underscore.
pub fn python_number_text(text: &str) -> Option<String> {
    let ascii = python_ascii(text)?;
    let t = ascii.trim_matches(c_space);
    python_underscores(t).map(Cow::into_owned)
}

/// Read `text` as Python's `float()` reads it, but exactly: an optional sign, digits with an
/// optional point and exponent, or inf/infinity/nan (any case); Unicode decimal digits,
/// single underscores between digits, whitespace around.
pub fn parse_python(text: &str) -> Option<Text> {
    let t = python_number_text(text)?;
    let (negative, body) = split_sign(&t);
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Some(Text::Infinite { negative });
    }
    if body.eq_ignore_ascii_case("nan") {
        return Some(Text::NaN { negative });
    }
    decimal_text(negative, body)
}

fn split_sign(t: &str) -> (bool, &str) {
    match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    }
}

/// Digits with an optional point and exponent (no sign, no underscores), exactly.
fn decimal_text(negative: bool, body: &str) -> Option<Text> {
    if body.starts_with(['+', '-']) || body.contains('_') {
        return None;
    }
    let cut = cut_digits(body)?;
    let d = Decimal::parse(cut.as_deref().unwrap_or(body))?;
    if d.is_zero() {
        return Some(zero(negative));
    }
    if d.exp10.abs() > MAX_EXPONENT {
        // At most 12,001 digits: past 10^20000, or below 10^-7999.
        return Some(Text::Beyond {
            negative,
            huge: d.exp10 > 0,
        });
    }
    let r = d.to_rational(MAX_EXPONENT)?;
    Some(Text::Finite(if negative { -r } else { r }))
}

fn zero(negative: bool) -> Text {
    if negative {
        Text::NegativeZero
    } else {
        Text::Finite(BigRational::zero())
    }
}

/// Read `text` as numpy reads longdouble text (`NumPyOS_ascii_strtold`, then glibc's
/// `strtold` in the C locale): the text up to a NUL; leading ASCII whitespace; then a sign
/// and `nan` (any case, optionally `(` letters, digits and `_` `)`, always a positive NaN) or
/// `inf`/`infinity`, or a decimal number, or a C99 hex float (`0x1.8p3`, `0X.8`, `0x10`);
/// nothing may follow. ASCII whitespace alone reads as 0, as numpy's end check lets it.
pub fn parse_longdouble(text: &str) -> Option<Text> {
    let c_string = text.split('\0').next().unwrap_or("");
    let s = c_string.trim_start_matches(c_space);
    if s.is_empty() && !c_string.is_empty() {
        // numpy's check is that strtold moved past the text's start and reached its end, and
        // skipping the whitespace moved it: whitespace alone is 0.
        return Some(Text::Finite(BigRational::zero()));
    }
    let (negative, p) = split_sign(s);
    let lower = |n: usize| p.get(..n).map(str::to_ascii_lowercase);
    if lower(3).as_deref() == Some("nan") {
        let mut rest = &p[3..];
        if let Some(inner) = rest.strip_prefix('(') {
            let tail = inner.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            rest = tail.strip_prefix(')').unwrap_or(tail);
        }
        return rest.is_empty().then_some(Text::NaN { negative: false });
    }
    if lower(3).as_deref() == Some("inf") {
        let rest = &p[3..];
        let whole = rest.is_empty() || rest.eq_ignore_ascii_case("inity");
        return whole.then_some(Text::Infinite { negative });
    }
    if !p.is_ascii() {
        return None;
    }
    match p.get(..2) {
        Some("0x" | "0X") => hex_text(negative, &p[2..]),
        _ => decimal_text(negative, p),
    }
}

/// A C99 hex float after its `0x`: hex digits with an optional point (at least one digit),
/// then optionally `p`, a sign and decimal digits (a power of two), exactly.
fn hex_text(negative: bool, body: &str) -> Option<Text> {
    let (int_part, frac_part, exponent) = super::split_number(body, ['p', 'P']);
    let hex = |s: &str| s.bytes().all(|c| c.is_ascii_hexdigit());
    if !hex(int_part) || !hex(frac_part) || int_part.len() + frac_part.len() == 0 {
        return None;
    }
    let exp2: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (e_negative, digits) = split_sign(e);
            if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            // Saturated: an exponent that large is past every range anyway.
            let m = digits
                .parse::<i64>()
                .unwrap_or(i64::MAX / 4)
                .min(i64::MAX / 4);
            if e_negative { -m } else { m }
        }
    };
    let all = format!("{int_part}{frac_part}");
    let Some(first) = all.bytes().position(|c| c != b'0') else {
        return Some(zero(negative));
    };
    let significant = &all[first..];
    // The value is 0.(significant) × 16^(digits before the point − leading zeros) × 2^exp2.
    let shift = i64::try_from(int_part.len()).ok()? - i64::try_from(first).ok()?;
    let (kept, sticky) = if significant.len() > MAX_SIGNIFICANT_HEX_DIGITS {
        let (kept, rest) = significant.split_at(MAX_SIGNIFICANT_HEX_DIGITS);
        (
            kept,
            if rest.bytes().any(|c| c != b'0') {
                "1"
            } else {
                ""
            },
        )
    } else {
        (significant, "")
    };
    let digits = format!("{kept}{sticky}");
    let n = BigUint::parse_bytes(digits.as_bytes(), 16)?;
    let count = i64::try_from(digits.len()).ok()?;
    // value = n × 2^e, with n below 2^(4·count) and at least 2^(4·count − 4).
    let e = exp2.checked_add(shift.checked_sub(count)?.checked_mul(4)?)?;
    let top = e.checked_add(count.checked_mul(4)?)?;
    if !(-MAX_BINARY_EXPONENT..=MAX_BINARY_EXPONENT).contains(&top) {
        return Some(Text::Beyond {
            negative,
            huge: top > 0,
        });
    }
    let n = BigInt::from(n);
    let shift_bits = usize::try_from(e.unsigned_abs()).ok()?;
    let r = if e >= 0 {
        BigRational::from_integer(n << shift_bits)
    } else {
        BigRational::new(n, BigInt::one() << shift_bits)
    };
    Some(Text::Finite(if negative { -r } else { r }))
}

/// `body` with its significant digits cut to [`MAX_SIGNIFICANT_DIGITS`] and a sticky `1`
/// (`Some`), when it has more; `Ok(None)` when it has not (or is not decimal text, which
/// [`Decimal::parse`] then refuses); `None` when its digits are malformed.
fn cut_digits(body: &str) -> Option<Option<String>> {
    if body.len() <= MAX_SIGNIFICANT_DIGITS {
        return Some(None);
    }
    let (int_digits, frac_digits, exponent) = super::split_decimal(body)?;
    let all = format!("{int_digits}{frac_digits}");
    let Some(first) = all.bytes().position(|c| c != b'0') else {
        return Some(None);
    };
    let significant = &all[first..];
    if significant.len() <= MAX_SIGNIFICANT_DIGITS {
        return Some(None);
    }
    let (kept, rest) = significant.split_at(MAX_SIGNIFICANT_DIGITS);
    let sticky = if rest.bytes().any(|c| c != b'0') {
        "1"
    } else {
        ""
    };
    let exp10: i64 = match exponent {
        None => 0,
        Some(e) => super::parse_exponent(e)?,
    };
    // The value is 0.(significant digits) × 10^(digits before the point − leading zeros + exp).
    let shift = i64::try_from(int_digits.len()).ok()? - i64::try_from(first).ok()?;
    Some(Some(format!(
        "0.{kept}{sticky}e{}",
        exp10.checked_add(shift)?
    )))
}

/// Python's `int(text)` (numpy's integers from text): an optional sign and decimal digits
/// (Unicode digits too; single underscores between them), with whitespace around; anything
/// else is numpy's ValueError, worded as Python words it. More than 4,300 digits is Python's
/// limit on converting text to an int (`sys.get_int_max_str_digits()`), checked after the
/// syntax, so a long line costs time linear in its length.
pub fn python_int(text: &str) -> Result<BigInt, String> {
    // Python words it with `%.200R`: the text's repr cut at 200 characters.
    let invalid = || {
        let repr: String = python_repr(text).chars().take(200).collect();
        format!("invalid literal for int() with base 10: {repr}")
    };
    let t = python_number_text(text).ok_or_else(invalid)?;
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(invalid());
    }
    if digits.len() > INT_MAX_STR_DIGITS {
        return Err(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
            digits.len()
        ));
    }
    let n = BigInt::parse_bytes(digits.as_bytes(), 10).ok_or_else(invalid)?;
    Ok(if negative { -n } else { n })
}

/// Python's `repr()` of a string, as its error messages quote the text: single quotes (double
/// when the text has a single quote and no double one), backslash escapes for quotes, `\t`,
/// `\n`, `\r`, and `\xhh`/`\uhhhh`/`\Uhhhhhhhh` for characters Python does not print
/// (control and format characters, separators other than the space, private use).
pub fn python_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !python_printable(c) => {
                let n = u32::from(c);
                let escaped = if n < 0x100 {
                    format!("\\x{n:02x}")
                } else if n < 0x10000 {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                };
                out.push_str(&escaped);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable` for one character, from the categories it excludes: Cc, Zs
/// (but the space), Zl, Zp, Cf and Co (unassigned code points, Cn, are not known here).
fn python_printable(c: char) -> bool {
    let n = u32::from(c);
    let format = matches!(n,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    let private = matches!(n, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD);
    c == ' ' || !(c.is_control() || c.is_whitespace() || format || private)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::Value;
    use crate::number::round::round_text;

    /// Long text is cut with a sticky digit: it rounds as the whole text does, in linear time.
    #[test]
    fn long_text_rounds_as_the_whole_text() {
        let n = MAX_SIGNIFICANT_DIGITS;
        // 0.5 + 2^-60 written out in full is 61 digits; padded with zeros past the cut, then
        // nudged by a 1 far beyond it: float64 sees 0.5 (a tie going to even is broken up).
        let half_ulp = format!("1.{}1", "0".repeat(n + 5));
        let t = parse_text(&half_ulp).unwrap_or_else(|| panic!("number"));
        assert_eq!(
            round_text(&FloatFormat::DOUBLE, &t),
            round_text(
                &FloatFormat::DOUBLE,
                &parse_text("1").unwrap_or_else(|| panic!("one"))
            )
        );
        assert!(
            t != parse_text("1").unwrap_or_else(|| panic!("one")),
            "the sticky digit keeps it inexact"
        );
        // A tie: 1 + 2^-53 exactly rounds to 1 (even); a tie plus anything beyond the cut
        // rounds up.
        let tie = "1.00000000000000011102230246251565404236316680908203125";
        let up = format!("{tie}{}1", "0".repeat(n));
        let r = |s: &str| {
            round_text(
                &FloatFormat::DOUBLE,
                &parse_text(s).unwrap_or_else(|| panic!("number")),
            )
        };
        assert_eq!(r(tie), r("1"));
        assert_eq!(
            r(&up),
            r("1.0000000000000002220446049250313080847263336181640625")
        );
        // Zeros after the cut change nothing: the text stays exact.
        assert_eq!(
            parse_text(&format!("0.5{}", "0".repeat(2 * n))),
            parse_text("0.5")
        );
        // A long fraction is a number (it was refused for its exponent before).
        assert!(parse_text(&format!("0.{}", "3".repeat(4 * n))).is_some());
        assert_eq!(parse_text(&format!("1{}", "_".repeat(2))), None);
    }

    fn finite(p: i64, q: i64) -> Option<Text> {
        Some(Text::Finite(BigRational::new(p.into(), q.into())))
    }

    /// Python's grammar: Unicode digits and whitespace, underscores between digits only.
    #[test]
    fn python_reads_unicode_digits_and_underscores() {
        assert_eq!(parse_python("\u{661}\u{662}.\u{665}"), finite(25, 2));
        assert_eq!(parse_python("\u{ff11}\u{ff12}"), finite(12, 1));
        assert_eq!(parse_python("\u{1d7cf}e\u{1d7d0}"), finite(100, 1));
        assert_eq!(parse_python("\u{3000}7\u{a0}"), finite(7, 1));
        assert_eq!(
            parse_python("\x1c7"),
            None,
            "ASCII separators are not stripped"
        );
        assert_eq!(parse_python("\u{200b}7"), None);
        assert_eq!(parse_python("1_000.5"), finite(2001, 2));
        assert_eq!(parse_python("1e1_0"), finite(10_000_000_000, 1));
        for bad in [
            "1__0",
            "_1",
            "1_",
            "1_e5",
            "1._5",
            "+_1",
            "0x10",
            "nan(1)",
            "\u{2212}1",
        ] {
            assert_eq!(parse_python(bad), None, "{bad}");
        }
        assert_eq!(parse_python("-nan"), Some(Text::NaN { negative: true }));
        assert_eq!(
            parse_python(" +Infinity "),
            Some(Text::Infinite { negative: false })
        );
    }

    /// longdouble's grammar: C99 hex floats, nan(...), ASCII only, nothing after the number.
    #[test]
    fn longdouble_reads_hex_and_c_spellings() {
        assert_eq!(parse_longdouble("0x10"), finite(16, 1));
        assert_eq!(parse_longdouble("-0x1.8p1"), finite(-3, 1));
        assert_eq!(parse_longdouble("0X.8"), finite(1, 2));
        assert_eq!(parse_longdouble("0x1P-3"), finite(1, 8));
        assert_eq!(parse_longdouble("\x0b 0x1A"), finite(26, 1));
        assert_eq!(
            parse_longdouble("-nan(abc_1)"),
            Some(Text::NaN { negative: false })
        );
        assert_eq!(
            parse_longdouble("nan("),
            Some(Text::NaN { negative: false })
        );
        assert_eq!(parse_longdouble("-0x0p0"), Some(Text::NegativeZero));
        assert_eq!(
            parse_longdouble("1\0junk"),
            finite(1, 1),
            "C stops at the NUL"
        );
        assert_eq!(
            parse_longdouble(" \t"),
            finite(0, 1),
            "whitespace alone is 0"
        );
        assert_eq!(parse_longdouble(""), None);
        for bad in [
            "0x",
            "0x1p",
            "0x.p1",
            "0xg",
            "7 ",
            "1_0",
            "\u{3000}7",
            "infin",
            "nan )",
        ] {
            assert_eq!(parse_longdouble(bad), None, "{bad}");
        }
        let huge = Some(Text::Beyond {
            negative: false,
            huge: true,
        });
        assert_eq!(parse_longdouble("0x1p99999999999999999999"), huge);
        assert_eq!(
            parse_longdouble("-0x1p-20010"),
            Some(Text::Beyond {
                negative: true,
                huge: false
            })
        );
    }

    /// Exponents past ±20000 are numbers past every range, not refusals.
    #[test]
    fn exponents_past_every_range() {
        let beyond = |negative, huge| Some(Text::Beyond { negative, huge });
        assert_eq!(parse_text("1e20001"), beyond(false, true));
        assert_eq!(parse_text("-1e-20001"), beyond(true, false));
        assert_eq!(
            parse_text("1e-99999999999999999999999"),
            beyond(false, false)
        );
        assert_eq!(parse_text("0e99999999"), finite(0, 1));
        let r = |t: &str| {
            round_text(
                &FloatFormat::DOUBLE,
                &parse_text(t).unwrap_or_else(|| panic!("{t}")),
            )
        };
        assert_eq!(r("1e20001"), Value::Infinite { negative: false });
        assert_eq!(r("-1e-20001"), FloatFormat::DOUBLE.zero(true));
        // A megabyte of digits is one number, read in time linear in its length.
        assert_eq!(parse_text(&"9".repeat(1 << 20)), beyond(false, true));
        let tiny = format!("0.{}1", "0".repeat(1 << 20));
        assert_eq!(parse_text(&tiny), beyond(false, false));
    }

    #[test]
    fn python_repr_quotes_as_python_does() {
        assert_eq!(python_repr("0x10"), "'0x10'");
        assert_eq!(python_repr("a'b"), "\"a'b\"");
        assert_eq!(python_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(
            python_repr("\t1\n\u{a0}\u{3000}\u{200b}\x1c"),
            "'\\t1\\n\\xa0\\u3000\\u200b\\x1c'"
        );
        assert_eq!(python_repr("\u{661}"), "'\u{661}'");
    }
}
