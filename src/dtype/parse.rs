//! numpy's dtype spelling grammar, followed step by step as numpy 2.5 follows it
//! (`_convert_from_str`, `_commastring`, `_convert_from_tuple`), so that what numpy accepts is
//! accepted, what it rejects is rejected, and both give numpy's answer.

use super::datetime::{self, DateTimeMeta, MetaError, strtol};
use super::error::{DTypeError, EXCERPT, excerpt, invalid};
use super::names::{self, CType, Named};
use super::subarray::{Repeats, subarray};
use super::{Body, ByteOrder, DType, FloatType, Platform};

const INT_MAX: u64 = DType::MAX_ITEMSIZE;

/// Resolve a dtype spelling the way `np.dtype(spelling)` does on `platform` (a string: not
/// the list and dict forms, which [`super::parse`] also reads).
pub fn parse(spelling: &str, platform: Platform) -> Result<DType, DTypeError> {
    Parser { platform }
        .parse_str(spelling)
        .map_err(|e| match e {
            // Errors are reported against what the user typed, with suggestions for typos.
            DTypeError::NotUnderstood { .. } => not_understood(spelling),
            DTypeError::Invalid { reason, .. } => DTypeError::Invalid {
                spelling: excerpt(spelling),
                reason,
            },
            other @ (DTypeError::Removed { .. } | DTypeError::Foreign { .. }) => other,
        })
}

/// The dtype a catalogue entry stands for on `platform`, as `np.dtype(name)` gives it for any
/// of its names (`None` where the platform lacks it: `float128` with an 8-byte `long double`).
pub(super) fn resolve(named: Named, platform: Platform) -> Option<DType> {
    Parser { platform }.named(named)
}

fn not_understood(spelling: &str) -> DTypeError {
    // No name at all: no spelling is near it, so none is suggested; numpy's default is.
    if spelling.trim().is_empty() {
        return invalid(
            spelling,
            "no type is named (numpy reads none from empty text); name one, such as 'float64'",
        );
    }
    if let Some(replacement) = names::removed(spelling.trim()) {
        return DTypeError::Removed {
            spelling: excerpt(spelling),
            replacement: replacement.to_string(),
        };
    }
    if let Some(f) = super::foreign::lookup(spelling) {
        return super::foreign::error(spelling.trim(), &f);
    }
    let long = spelling.chars().count() > EXCERPT;
    DTypeError::NotUnderstood {
        spelling: excerpt(spelling),
        suggestions: if long { Vec::new() } else { suggest(spelling) },
    }
}

/// The nearest known spellings: case and whitespace differences first, then small edit distances.
fn suggest(spelling: &str) -> Vec<String> {
    let typed = spelling.trim();
    let lowered: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let lowered = lowered.to_lowercase();
    if let Some(a) = typed
        .strip_prefix('a')
        .filter(|rest| !rest.is_empty() && rest.bytes().all(|c| c.is_ascii_digit()))
    {
        return vec![format!("S{a}")];
    }
    let mut scored: Vec<(usize, &str)> = names::suggestion_pool()
        .filter_map(|name| {
            let d = if name.eq_ignore_ascii_case(&lowered) {
                0
            } else {
                strsim::damerau_levenshtein(&lowered, &name.to_lowercase())
            };
            let cap = if name.len() <= 3 { 1 } else { 2 };
            (d <= cap && name != typed).then_some((d, name))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let best = scored.first().map_or(0, |s| s.0);
    scored
        .into_iter()
        .filter(|s| s.0 == best)
        .take(3)
        .map(|(_, n)| n.to_string())
        .collect()
}

struct Parser {
    platform: Platform,
}

fn fail(spelling: &str) -> DTypeError {
    DTypeError::NotUnderstood {
        spelling: spelling.to_string(),
        suggestions: Vec::new(),
    }
}

fn is_order(c: u8) -> bool {
    matches!(c, b'<' | b'>' | b'|' | b'=')
}

/// numpy's `_check_for_commastring`: a leading digit, a leading `()`, or a comma outside `[]`.
fn is_commastring(b: &[u8]) -> bool {
    if b[0].is_ascii_digit() || (b.len() > 1 && is_order(b[0]) && b[1].is_ascii_digit()) {
        return true;
    }
    if (b.len() > 1 && b[0] == b'(' && b[1] == b')')
        || (b.len() > 3 && is_order(b[0]) && b[1] == b'(' && b[2] == b')')
    {
        return true;
    }
    let mut depth = 0i64;
    for &c in b {
        match c {
            b',' if depth == 0 => return true,
            b'[' => depth += 1,
            b']' => depth -= 1,
            _ => {}
        }
    }
    false
}

fn is_datetime_typestr(b: &[u8]) -> bool {
    (b.len() >= 2 && b[1] == b'8' && (b[0] == b'M' || b[0] == b'm'))
        || b.starts_with(b"datetime64")
        || b.starts_with(b"timedelta64")
}

struct Item {
    dtype: String,
    repeats: Option<Repeats>,
    /// The repeats were a parenthesized single number, `(2)`: numpy deprecates it.
    parenthesized: bool,
}

/// numpy's DeprecationWarning for a parenthesized single repeat count, word for word.
pub const PARENTHESIZED_REPEATS: &str = "Passing in a parenthesized single number for repeats is deprecated; pass either a single number or indicate a tuple with a comma, like \"(2,)\".";

/// The warnings `np.dtype(spelling)` emits for a spelling it accepts (numpy's words): today
/// the deprecation of a parenthesized single repeat count in a comma list (`(2)f4,i4`).
pub fn numpy_warnings(spelling: &str) -> Vec<String> {
    if !is_commastring(spelling.as_bytes()) {
        return Vec::new();
    }
    match comma_items(spelling) {
        Ok((items, true)) if items.iter().any(|it| it.parenthesized) => {
            vec![PARENTHESIZED_REPEATS.to_string()]
        }
        _ => Vec::new(),
    }
}

impl Parser {
    fn parse_str(&self, s: &str) -> Result<DType, DTypeError> {
        let b = s.as_bytes();
        if b.is_empty() {
            return Err(fail(s));
        }
        if is_commastring(b) {
            return self.commastring(s);
        }
        let (order, rest) = match b[0] {
            b'>' => (ByteOrder::Big, &b[1..]),
            b'<' | b'=' | b'|' => (ByteOrder::Native, &b[1..]),
            _ => (ByteOrder::Native, b),
        };
        if rest.is_empty() {
            return Err(fail(s));
        }
        if is_datetime_typestr(rest) {
            let mut dt = self.datetime(s, rest)?;
            if order == ByteOrder::Big {
                dt.byteorder = ByteOrder::Big;
            }
            return Ok(dt);
        }

        let mut size: Option<u64> = None;
        let found = if rest.len() == 1 {
            names::type_char(rest[0]).and_then(|c| self.ctype(c))
        } else {
            let kind = rest[0];
            let parsed = strtol(&rest[1..]);
            if let Some((v, _)) = parsed
                && !(0..=i64::from(i32::MAX)).contains(&v)
            {
                return Err(fail(s));
            }
            match parsed {
                Some((v, used)) if 1 + used == rest.len() => {
                    let v = u64::try_from(v).map_err(|_| fail(s))?;
                    match kind {
                        b'S' => {
                            size = Some(v);
                            self.ctype(CType::Bytes)
                        }
                        b'a' => {
                            return Err(DTypeError::Removed {
                                spelling: s.to_string(),
                                replacement: format!("S{v}"),
                            });
                        }
                        b'U' => {
                            if v > INT_MAX / 4 {
                                return Err(fail(s));
                            }
                            size = Some(v * 4);
                            self.ctype(CType::Str)
                        }
                        b'V' => {
                            size = Some(v);
                            self.ctype(CType::Void)
                        }
                        _ if v == 0 => None,
                        _ => self.kind_size(kind, v),
                    }
                }
                _ => None,
            }
        };
        let mut dt = match found {
            Some(dt) => dt,
            None => return self.lookup(s, rest),
        };
        if let Some(size) = size {
            dt.itemsize = size;
        }
        if order == ByteOrder::Big && dt.byteorder != ByteOrder::NotApplicable {
            dt.byteorder = ByteOrder::Big;
        }
        Ok(dt)
    }

    /// numpy's type dictionary, looked up by the whole spelling (so `>float64` is not a name).
    fn lookup(&self, s: &str, stripped: &[u8]) -> Result<DType, DTypeError> {
        if let Some(dt) = names::lookup(s).and_then(|named| self.named(named)) {
            return Ok(dt);
        }
        let stripped = String::from_utf8_lossy(stripped);
        if let Some(replacement) = names::removed(&stripped) {
            return Err(DTypeError::Removed {
                spelling: s.to_string(),
                replacement: replacement.to_string(),
            });
        }
        Err(fail(s))
    }

    /// What a name in numpy's type dictionary stands for on this platform (`None` for
    /// `float128` where `long double` is 8 bytes).
    fn named(&self, named: Named) -> Option<DType> {
        match named {
            Named::C(c) => self.ctype(c),
            Named::Sized(kind, bytes) => self.kind_size(kind as u8, u64::from(bytes)),
            Named::Ml(ml) => Some(DType {
                body: Body::Ml(ml),
                itemsize: ml.itemsize,
                alignment: ml.alignment,
                byteorder: ByteOrder::Native,
                char: ml.char,
            }),
        }
    }

    fn datetime(&self, s: &str, b: &[u8]) -> Result<DType, DTypeError> {
        let (timedelta, meta) = if b.starts_with(b"m8") {
            (true, &b[2..])
        } else if b.starts_with(b"M8") {
            (false, &b[2..])
        } else if let Some(m) = b.strip_prefix(b"timedelta64") {
            (true, m)
        } else if let Some(m) = b.strip_prefix(b"datetime64") {
            (false, m)
        } else {
            return Err(fail(s));
        };
        let meta = datetime::parse_meta(meta).map_err(|e| {
            let reason = match e {
                MetaError::Syntax => {
                    "malformed datetime metadata: write units as [ns], [25s] or [s/2]".to_string()
                }
                MetaError::Unit => {
                    "unknown datetime unit: use Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as or generic"
                        .to_string()
                }
                MetaError::Divisor(d) => {
                    format!("divisor ({d}) is not a multiple of a lower unit")
                }
                MetaError::GenericDivisor => "a divisor needs a unit, not generic".to_string(),
                MetaError::ZeroDivisor => {
                    "a zero divisor (numpy 2.5 crashes on this spelling with a floating-point exception)"
                        .to_string()
                }
            };
            invalid(s, reason)
        })?;
        Ok(Self::datetime_dtype(timedelta, meta))
    }

    fn datetime_dtype(timedelta: bool, meta: DateTimeMeta) -> DType {
        DType {
            body: if timedelta {
                Body::TimeDelta(meta)
            } else {
                Body::DateTime(meta)
            },
            itemsize: 8,
            alignment: 8,
            byteorder: ByteOrder::Native,
            char: if timedelta { 'm' } else { 'M' },
        }
    }

    /// numpy's `PyArray_TypestrConvert`: a kind letter and a byte count (`f8`, `c16`, `b1`).
    fn kind_size(&self, kind: u8, bytes: u64) -> Option<DType> {
        let ld = u64::from(self.platform.long_double_bytes());
        let ctype = match (kind, bytes) {
            (b'b', 1) => CType::Bool,
            (b'i', 1) => CType::Byte,
            (b'u', 1) => CType::UByte,
            (b'i', 2) => CType::Short,
            (b'u', 2) => CType::UShort,
            (b'i' | b'u', 4 | 8) => {
                // numpy's NPY_INT32 / NPY_INT64 prefer `long` when it has that width.
                let long = u64::from(self.platform.c_long_bytes) == bytes;
                match (kind == b'i', bytes, long) {
                    (true, _, true) => CType::Long,
                    (false, _, true) => CType::ULong,
                    (true, 4, false) => CType::Int,
                    (false, 4, false) => CType::UInt,
                    (true, _, false) => CType::LongLong,
                    (false, _, false) => CType::ULongLong,
                }
            }
            (b'f', 2) => CType::Half,
            (b'f', 4) => CType::Float,
            (b'f', 8) => CType::Double,
            (b'f', n) if n == 16 && ld == 16 => CType::LongDouble,
            (b'c', 8) => CType::CFloat,
            (b'c', 16) => CType::CDouble,
            (b'c', n) if n == 32 && ld == 16 => CType::CLongDouble,
            (b'O', 4 | 8) => CType::Object,
            (b'M', 8) => CType::DateTime,
            (b'm', 8) => CType::TimeDelta,
            _ => return None,
        };
        self.ctype(ctype)
    }

    fn ctype(&self, c: CType) -> Option<DType> {
        let p = self.platform;
        let long = u64::from(p.c_long_bytes);
        let ld = u64::from(p.long_double_bytes());
        let int = |signed: bool, size: u64, char: char| DType {
            body: Body::Int { signed },
            itemsize: size,
            alignment: size,
            byteorder: if size == 1 {
                ByteOrder::NotApplicable
            } else {
                ByteOrder::Native
            },
            char,
        };
        let float = |ft: FloatType, size: u64, char: char| DType {
            body: Body::Float(ft),
            itemsize: size,
            alignment: size,
            byteorder: ByteOrder::Native,
            char,
        };
        let complex = |ft: FloatType, size: u64, char: char| DType {
            body: Body::Complex(ft),
            itemsize: 2 * size,
            alignment: size,
            byteorder: ByteOrder::Native,
            char,
        };
        let flexible = |body: Body, alignment: u64, byteorder: ByteOrder, char: char| DType {
            body,
            itemsize: 0,
            alignment,
            byteorder,
            char,
        };
        // intp is `long` where long is pointer-sized, else `long long` (numpy's choice).
        let intp_is_long = long == 8;
        Some(match c {
            CType::Bool => DType {
                body: Body::Bool,
                itemsize: 1,
                alignment: 1,
                byteorder: ByteOrder::NotApplicable,
                char: '?',
            },
            CType::Byte => int(true, 1, 'b'),
            CType::UByte => int(false, 1, 'B'),
            CType::Short => int(true, 2, 'h'),
            CType::UShort => int(false, 2, 'H'),
            CType::Int => int(true, 4, 'i'),
            CType::UInt => int(false, 4, 'I'),
            CType::Long => int(true, long, 'l'),
            CType::ULong => int(false, long, 'L'),
            CType::LongLong => int(true, 8, 'q'),
            CType::ULongLong => int(false, 8, 'Q'),
            CType::IntP => int(true, 8, if intp_is_long { 'l' } else { 'q' }),
            CType::UIntP => int(false, 8, if intp_is_long { 'L' } else { 'Q' }),
            CType::Half => float(FloatType::Half, 2, 'e'),
            CType::Float => float(FloatType::Single, 4, 'f'),
            CType::Double => float(FloatType::Double, 8, 'd'),
            CType::LongDouble => float(FloatType::LongDouble(p.long_double), ld, 'g'),
            CType::CFloat => complex(FloatType::Single, 4, 'F'),
            CType::CDouble => complex(FloatType::Double, 8, 'D'),
            CType::CLongDouble => complex(FloatType::LongDouble(p.long_double), ld, 'G'),
            CType::Object => DType {
                body: Body::Object,
                itemsize: 8,
                alignment: 8,
                byteorder: ByteOrder::NotApplicable,
                char: 'O',
            },
            CType::Bytes => flexible(Body::Bytes, 1, ByteOrder::NotApplicable, 'S'),
            CType::Str => flexible(Body::Str, 4, ByteOrder::Native, 'U'),
            CType::Void => flexible(Body::Void, 1, ByteOrder::NotApplicable, 'V'),
            CType::Char => DType {
                body: Body::Bytes,
                itemsize: 1,
                alignment: 1,
                byteorder: ByteOrder::NotApplicable,
                char: 'c',
            },
            CType::VString => DType {
                body: Body::VString,
                itemsize: 16,
                alignment: 8,
                byteorder: ByteOrder::NotApplicable,
                char: 'T',
            },
            CType::DateTime => Self::datetime_dtype(false, DateTimeMeta::GENERIC),
            CType::TimeDelta => Self::datetime_dtype(true, DateTimeMeta::GENERIC),
        })
    }

    /// numpy's comma form: `f8,i4`, `i4,(2,3)f8`, `3i4`, `(2,3)f4`.
    fn commastring(&self, s: &str) -> Result<DType, DTypeError> {
        let (items, is_list) = comma_items(s)?;
        if !is_list {
            // A single item with a repeat count or shape: a subarray (or the type itself).
            // numpy does not understand `(2)f4` alone (it takes `(2)` only in a list).
            let item = items.into_iter().next().ok_or_else(|| fail(s))?;
            if item.parenthesized {
                return Err(fail(s));
            }
            return self.item(s, item);
        }
        let mut items = items;
        // numpy's `_convert_from_list` drops an empty last item, which `_commastring` makes of
        // a trailing byte-order mark (`i4,<`).
        if items
            .last()
            .is_some_and(|it| it.dtype.is_empty() && it.repeats.is_none())
        {
            items.pop();
        }
        if items.is_empty() {
            return Err(invalid(s, "expected at least one field"));
        }
        let members = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Ok((format!("f{i}"), self.item(s, item)?)))
            .collect::<Result<Vec<_>, DTypeError>>()?;
        DType::packed_structure(members).ok_or_else(|| {
            invalid(
                s,
                "its fields add up to 2^31 bytes or more, past numpy's C int itemsize; numpy 2.5 does not check this and wraps the size around (even to a negative itemsize)",
            )
        })
    }

    fn item(&self, s: &str, item: Item) -> Result<DType, DTypeError> {
        let base = self.parse_str(&item.dtype)?;
        match item.repeats {
            None => Ok(base),
            Some(repeats) => subarray(s, base, repeats),
        }
    }
}

/// Python's `str.isspace`, which `\s` follows in numpy's separator regexes.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// numpy's `_commastring`: split into items of `[order][repeats][order]dtype`, separated by commas.
fn comma_items(s: &str) -> Result<(Vec<Item>, bool), DTypeError> {
    let b = s.as_bytes();
    let not_recognized = |n: usize| invalid(s, format!("format number {n} is not recognized"));
    let mut pos = 0;
    let mut items = Vec::new();
    let mut is_list = false;
    while pos < b.len() {
        let take_order = |pos: &mut usize| -> Option<u8> {
            let c = *b.get(*pos)?;
            is_order(c).then(|| {
                *pos += 1;
                c
            })
        };
        let order1 = take_order(&mut pos);
        // repeats: ` *[(]?[ ,0-9]*[)]? *`
        let rstart = pos;
        while b.get(pos) == Some(&b' ') {
            pos += 1;
        }
        if b.get(pos) == Some(&b'(') {
            pos += 1;
        }
        while matches!(b.get(pos), Some(b' ' | b',' | b'0'..=b'9')) {
            pos += 1;
        }
        if b.get(pos) == Some(&b')') {
            pos += 1;
        }
        while b.get(pos) == Some(&b' ') {
            pos += 1;
        }
        let repeats = &s[rstart..pos];
        let order2 = take_order(&mut pos);
        // dtype: `[A-Za-z0-9.?]*(?:\[[a-zA-Z0-9,.]+\])?`
        let dstart = pos;
        while matches!(b.get(pos), Some(c) if c.is_ascii_alphanumeric() || *c == b'.' || *c == b'?')
        {
            pos += 1;
        }
        if b.get(pos) == Some(&b'[') {
            let mut j = pos + 1;
            while matches!(b.get(j), Some(c) if c.is_ascii_alphanumeric() || *c == b',' || *c == b'.')
            {
                j += 1;
            }
            if j > pos + 1 && b.get(j) == Some(&b']') {
                pos = j + 1;
            }
        }
        let dtype = &s[dstart..pos];

        let n = items.len() + 1;
        if pos < b.len() {
            let rest = &s[pos..];
            if rest.chars().all(is_py_space) {
                pos = b.len();
            } else {
                let trimmed = rest.trim_start_matches(is_py_space);
                let Some(after) = trimmed.strip_prefix(',') else {
                    return Err(not_recognized(n));
                };
                let after = after.trim_start_matches(is_py_space);
                pos = b.len() - after.len();
                is_list = true;
            }
        }

        let order = match (order1, order2) {
            (None, None) => None,
            (Some(o), None) | (None, Some(o)) => Some(o),
            (Some(a), Some(b2)) => {
                let native = |c: u8| if c == b'=' { b'<' } else { c };
                if native(a) != native(b2) {
                    return Err(invalid(
                        s,
                        format!(
                            "inconsistent byte-order specification {} and {}",
                            native(a) as char,
                            native(b2) as char
                        ),
                    ));
                }
                Some(a)
            }
        };
        let prefix = match order {
            Some(b'>') => ">",
            _ => "",
        };
        let (repeats, parenthesized) = if repeats.is_empty() {
            (None, false)
        } else {
            let (r, p) = literal_eval(s, repeats)?;
            (Some(r), p)
        };
        items.push(Item {
            dtype: format!("{prefix}{dtype}"),
            repeats,
            parenthesized,
        });
    }
    Ok((items, is_list))
}

/// `ast.literal_eval` on the repeat part: an int, or a tuple of ints; and whether it was a
/// parenthesized single number (`(2)`, an int to Python, deprecated by numpy).
fn literal_eval(s: &str, raw: &str) -> Result<(Repeats, bool), DTypeError> {
    let syntax = || invalid(s, format!("invalid repeat count or shape '{}'", raw.trim()));
    let bytes = raw.as_bytes();
    let t = raw.trim_start_matches([' ', '\t']).trim_end_matches(' ');
    let (inner, parens) = match t.strip_prefix('(') {
        Some(rest) => (rest.strip_suffix(')').ok_or_else(syntax)?, true),
        None => (t, false),
    };
    if inner.contains(['(', ')']) {
        return Err(syntax());
    }
    let parts: Vec<&str> = inner.split(',').map(|p| p.trim_matches(' ')).collect();
    let has_comma = parts.len() > 1;
    let mut values = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            // Only a single trailing comma, or `()`, may leave an empty part.
            let trailing = i == parts.len() - 1 && i > 0;
            let empty_tuple = parens && parts.len() == 1;
            if trailing || empty_tuple {
                continue;
            }
            return Err(syntax());
        }
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(syntax());
        }
        if part.len() > 1 && part.starts_with('0') && part.bytes().any(|c| c != b'0') {
            return Err(syntax()); // Python rejects leading zeros
        }
        let v = part
            .bytes()
            .try_fold(0u128, |acc, c| {
                acc.checked_mul(10)?.checked_add(u128::from(c - b'0'))
            })
            .unwrap_or(u128::MAX);
        values.push(v);
    }
    if has_comma || (parens && values.is_empty()) {
        return Ok((Repeats::Tuple(values), false));
    }
    match values.as_slice() {
        [v] => {
            let parenthesized = bytes.first() == Some(&b'(') && bytes.last() == Some(&b')');
            Ok((Repeats::Int(*v), parenthesized))
        }
        _ => Err(syntax()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<DType, DTypeError> {
        parse(s, Platform::LINUX_X86_64)
    }

    #[test]
    fn literal_eval_forms() {
        assert_eq!(
            literal_eval("x", "3").ok().map(|r| r.0),
            Some(Repeats::Int(3))
        );
        assert_eq!(
            literal_eval("x", "(2,3)").ok().map(|r| r.0),
            Some(Repeats::Tuple(vec![2, 3]))
        );
        assert_eq!(
            literal_eval("x", "(2,)").ok().map(|r| r.0),
            Some(Repeats::Tuple(vec![2]))
        );
        assert_eq!(
            literal_eval("x", "()").ok().map(|r| r.0),
            Some(Repeats::Tuple(vec![]))
        );
        assert_eq!(
            literal_eval("x", "2,3").ok().map(|r| r.0),
            Some(Repeats::Tuple(vec![2, 3]))
        );
        assert_eq!(literal_eval("x", "(2)").ok(), Some((Repeats::Int(2), true)));
        assert_eq!(
            literal_eval("x", " (2)").ok().map(|r| r.0),
            Some(Repeats::Int(2))
        );
        assert!(literal_eval("x", "03").is_err());
        assert!(literal_eval("x", ",").is_err());
        assert!(literal_eval("x", "(,)").is_err());
        assert!(literal_eval("x", "2 3").is_err());
    }

    #[test]
    fn typo_suggestions() {
        let Err(DTypeError::NotUnderstood { suggestions, .. }) = p("flaot64") else {
            panic!("flaot64 should not parse");
        };
        assert_eq!(suggestions, vec!["float64".to_string()]);
        assert!(matches!(p("float_"), Err(DTypeError::Removed { .. })));
        assert!(matches!(p("a5"), Err(DTypeError::Removed { .. })));
    }

    #[test]
    fn platform_differences() {
        let w = |s| parse(s, Platform::WINDOWS_X86_64);
        assert_eq!(w("long").map(|d| d.name()), Ok("int32".into()));
        assert_eq!(w("l").map(|d| d.typestr()), Ok("<i4".into()));
        assert_eq!(w("int").map(|d| d.name()), Ok("int64".into()));
        assert_eq!(w("longdouble").map(|d| d.name()), Ok("float64".into()));
        assert!(w("float128").is_err());
        assert!(w("f16").is_err());
        let a = |s| parse(s, Platform::LINUX_AARCH64);
        assert_eq!(a("g").map(|d| d.itemsize), Ok(16));
        assert_eq!(a("G").map(|d| d.name()), Ok("complex256".into()));
    }
}
