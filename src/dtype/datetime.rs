//! datetime64 / timedelta64 metadata: `[ns]`, `[25s]`, `[s/2]` (a divisor, turned into a multiple
//! of a smaller unit the way numpy does it).

/// numpy's datetime units, in numpy's order (the removed business-day unit is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateTimeUnit {
    Y,
    M,
    W,
    D,
    H,
    Min,
    S,
    Ms,
    Us,
    Ns,
    Ps,
    Fs,
    As,
    Generic,
}

use DateTimeUnit as U;

const FINE_UNITS: [DateTimeUnit; 7] = [U::S, U::Ms, U::Us, U::Ns, U::Ps, U::Fs, U::As];

impl DateTimeUnit {
    pub fn symbol(self) -> &'static str {
        match self {
            U::Y => "Y",
            U::M => "M",
            U::W => "W",
            U::D => "D",
            U::H => "h",
            U::Min => "m",
            U::S => "s",
            U::Ms => "ms",
            U::Us => "us",
            U::Ns => "ns",
            U::Ps => "ps",
            U::Fs => "fs",
            U::As => "as",
            U::Generic => "generic",
        }
    }

    /// numpy's `parse_datetime_unit_from_string`, on the bytes between `[` and `]`.
    fn from_bytes(b: &[u8]) -> Option<DateTimeUnit> {
        Some(match b {
            b"Y" => U::Y,
            b"M" => U::M,
            b"W" => U::W,
            b"D" => U::D,
            b"h" => U::H,
            b"m" => U::Min,
            b"s" => U::S,
            b"ms" => U::Ms,
            // "us", or "μs" with the Greek small letter mu (UTF-8 CE BC), as numpy takes it.
            b"us" | [0xce, 0xbc, b's'] => U::Us,
            b"ns" => U::Ns,
            b"ps" => U::Ps,
            b"fs" => U::Fs,
            b"as" => U::As,
            b"generic" => U::Generic,
            _ => return None,
        })
    }

    /// The next finer unit (for `[s/1000]`-style divisors below a second).
    fn finer(self, steps: usize) -> Option<DateTimeUnit> {
        let i = FINE_UNITS.iter().position(|u| *u == self)?;
        FINE_UNITS.get(i + steps).copied()
    }
}

/// A datetime dtype's unit and multiplier. numpy keeps the multiplier as a C `int`, and so
/// does npmem, including the odd values numpy's divisor arithmetic can produce (`[W/11]` is
/// `[0Y]` in numpy 2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeMeta {
    pub unit: DateTimeUnit,
    pub num: i32,
}

impl DateTimeMeta {
    pub const GENERIC: DateTimeMeta = DateTimeMeta {
        unit: U::Generic,
        num: 1,
    };

    /// `[ns]`, `[25s]`, or nothing for generic units, as numpy prints them.
    pub fn brackets(&self) -> String {
        match (self.unit, self.num) {
            (U::Generic, _) => String::new(),
            (unit, 1) => format!("[{}]", unit.symbol()),
            (unit, n) => format!("[{n}{}]", unit.symbol()),
        }
    }
}

/// Why a datetime type string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaError {
    /// Malformed brackets or multiplier.
    Syntax,
    /// A unit numpy does not know.
    Unit,
    /// A divisor that no smaller unit divides evenly.
    Divisor(i64),
    /// A divisor on generic units.
    GenericDivisor,
    /// A zero divisor: numpy 2.5 divides by it and the process dies (SIGFPE).
    ZeroDivisor,
}

/// C `strtol` in base 10 on a byte slice: leading whitespace, an optional sign, digits.
/// Returns the value (saturated to the i64 range, like `long` on LP64) and the bytes used;
/// `None` when no digits were found.
pub(crate) fn strtol(b: &[u8]) -> Option<(i64, usize)> {
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        i += 1;
    }
    let mut negative = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        negative = b[i] == b'-';
        i += 1;
    }
    let start = i;
    let mut value: i128 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        value = (value * 10 + i128::from(b[i] - b'0')).min(i128::from(i64::MAX) + 1);
        i += 1;
    }
    if i == start {
        return None;
    }
    let value = if negative { -value } else { value };
    let value = i64::try_from(value).unwrap_or(if negative { i64::MIN } else { i64::MAX });
    Some((value, i))
}

/// Parse what follows `M8` / `datetime64`: empty (generic units) or `[...]`, exactly as numpy's
/// `parse_datetime_metadata_from_metastr` does.
pub fn parse_meta(meta: &[u8]) -> Result<DateTimeMeta, MetaError> {
    if meta.is_empty() {
        return Ok(DateTimeMeta::GENERIC);
    }
    if meta.len() < 3 || meta[0] != b'[' {
        return Err(MetaError::Syntax);
    }
    let close = meta
        .iter()
        .position(|&c| c == b']')
        .ok_or(MetaError::Syntax)?;
    if close == 1 || close + 1 != meta.len() {
        return Err(MetaError::Syntax);
    }
    parse_extended_unit(&meta[1..close])
}

/// numpy's `parse_datetime_extended_unit_from_string`: `[multiplier]unit[/divisor]`.
fn parse_extended_unit(inner: &[u8]) -> Result<DateTimeMeta, MetaError> {
    let (mut num, mut pos) = match strtol(inner) {
        Some((value, used)) => {
            if !(0..=i64::from(i32::MAX)).contains(&value) {
                return Err(MetaError::Syntax);
            }
            // In range, so the C `(int)` cast keeps it.
            (i32::try_from(value).map_err(|_| MetaError::Syntax)?, used)
        }
        None => (1, 0),
    };
    let unit_end = inner[pos..]
        .iter()
        .position(|&c| c == b'/')
        .map_or(inner.len(), |p| pos + p);
    if unit_end == pos {
        return Err(MetaError::Syntax);
    }
    let unit = DateTimeUnit::from_bytes(&inner[pos..unit_end]).ok_or(MetaError::Unit)?;
    pos = unit_end;
    let mut den: i32 = 1;
    if pos < inner.len() {
        // A '/' must be followed by a number and then the closing bracket.
        let (value, used) = strtol(&inner[pos + 1..]).ok_or(MetaError::Syntax)?;
        if pos + 1 + used != inner.len() {
            return Err(MetaError::Syntax);
        }
        // numpy stores the divisor with a C `(int)` cast: keep its wrap-around.
        den = value as i32;
    }
    if den != 1 {
        let (unit, factor) = divisor_to_multiple(unit, den)?;
        num = num.wrapping_mul(factor);
        return Ok(DateTimeMeta { unit, num });
    }
    Ok(DateTimeMeta { unit, num })
}

/// numpy's `convert_datetime_divisor_to_multiple`: `[s/2]` becomes `[500ms]`.
fn divisor_to_multiple(unit: DateTimeUnit, den: i32) -> Result<(DateTimeUnit, i32), MetaError> {
    if unit == U::Generic {
        return Err(MetaError::GenericDivisor);
    }
    if den == 0 {
        return Err(MetaError::ZeroDivisor);
    }
    // The multiples numpy tries, and the unit each one lands in. For weeks numpy reads one
    // entry past its three (a zero, landing in years): reproduced, since it is numpy's answer.
    let candidates: Vec<(i32, DateTimeUnit)> = match unit {
        U::Y => vec![(12, U::M), (52, U::W), (365, U::D)],
        U::M => vec![(4, U::W), (30, U::D), (720, U::H)],
        U::W => vec![(7, U::D), (168, U::H), (10080, U::Min), (0, U::Y)],
        U::D => vec![(24, U::H), (1440, U::Min), (86400, U::S)],
        U::H => vec![(60, U::Min), (3600, U::S)],
        U::Min => vec![(60, U::S), (60000, U::Ms)],
        _ => [1000, 1_000_000]
            .into_iter()
            .enumerate()
            .filter_map(|(i, m)| unit.finer(i + 1).map(|u| (m, u)))
            .collect(),
    };
    for (multiple, target) in candidates {
        // C int division truncates toward zero, like Rust's.
        if multiple.wrapping_rem(den) == 0 {
            return Ok((target, multiple.wrapping_div(den)));
        }
    }
    Err(MetaError::Divisor(i64::from(den)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(s: &str) -> Result<DateTimeMeta, MetaError> {
        parse_meta(s.as_bytes())
    }

    #[test]
    fn divisors_become_smaller_units() {
        assert_eq!(meta("[s/2]").map(|m| m.brackets()), Ok("[500ms]".into()));
        assert_eq!(meta("[2Y/4]").map(|m| m.brackets()), Ok("[6M]".into()));
        assert_eq!(meta("[fs/2]").map(|m| m.brackets()), Ok("[500as]".into()));
        assert_eq!(meta("[W/7]").map(|m| m.brackets()), Ok("[D]".into()));
        assert_eq!(meta("[as/2]"), Err(MetaError::Divisor(2)));
        assert_eq!(meta("[s/0]"), Err(MetaError::ZeroDivisor));
    }

    #[test]
    fn syntax() {
        assert_eq!(meta(""), Ok(DateTimeMeta::GENERIC));
        assert_eq!(meta("[]"), Err(MetaError::Syntax));
        assert_eq!(meta("[2 s]"), Err(MetaError::Unit));
        assert_eq!(meta("[ 2s]").map(|m| m.num), Ok(2));
        assert_eq!(meta("[2147483648s]"), Err(MetaError::Syntax));
        assert_eq!(meta("[s]x"), Err(MetaError::Syntax));
    }
}
