//! Byte sizes in and out: `8GB`, `4GiB`, `50%` parsed exactly; byte counts printed in SI or IEC
//! units. The one place that decides how a size is written.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::Zero;

use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::number::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitSystem {
    /// Powers of 1000 (kB, MB, GB): how the source material and disk vendors count.
    #[default]
    Si,
    /// Powers of 1024 (KiB, MiB, GiB): how operating systems count RAM.
    Iec,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("'{0}' is not a size: write a number and a unit, like 8GB, 512MiB or 1.5e9")]
    Malformed(String),
    #[error(
        "unknown unit '{unit}' in '{text}': use B, kB, MB, GB, TB, PB, EB or KiB, MiB, GiB, TiB, PiB, EiB{hint}"
    )]
    Unit {
        text: String,
        unit: String,
        hint: String,
    },
    #[error("'{0}' is negative: a size must be 0 or more")]
    Negative(String),
    #[error("'{0}' is larger than 2^64 bytes")]
    TooLarge(String),
    /// A one-letter unit (`8g`): the text, and the two spellings it may mean (`8GB`, `8GiB`).
    #[error("'{0}' is ambiguous: {1}")]
    Ambiguous(String, String),
    #[error(
        "'{0}' has no unit, so it is {0} bytes: write the unit joined to it, as {0}GB or {0}GiB (a size without one must be 0 or at least 1048576 bytes)"
    )]
    Bare(String),
    #[error(
        "'{0}' is over 100%, more than all of usable memory: a share is at most 100%; for more than there is, write a size such as 64GB"
    )]
    OverShare(String),
}

/// The smallest size written without a unit that npmem takes as bytes (1 MiB): below it a bare
/// number (`--ram 8`) is surely a size whose unit was forgotten.
pub const MIN_BARE_BYTES: u64 = 1 << 20;

const UNITS: &[(&str, u64, u32)] = &[
    // name, base, power
    ("b", 1000, 0),
    ("kb", 1000, 1),
    ("mb", 1000, 2),
    ("gb", 1000, 3),
    ("tb", 1000, 4),
    ("pb", 1000, 5),
    ("eb", 1000, 6),
    ("ki", 1024, 1),
    ("kib", 1024, 1),
    ("mi", 1024, 2),
    ("mib", 1024, 2),
    ("gi", 1024, 3),
    ("gib", 1024, 3),
    ("ti", 1024, 4),
    ("tib", 1024, 4),
    ("pi", 1024, 5),
    ("pib", 1024, 5),
    ("ei", 1024, 6),
    ("eib", 1024, 6),
];

fn unit_factor(unit: &str) -> Option<BigUint> {
    let lower = unit.to_ascii_lowercase();
    UNITS
        .iter()
        .find(|(name, _, _)| *name == lower)
        .map(|&(_, base, power)| BigUint::from(base).pow(power))
}

/// Whether `text` is a unit alone (`GB`, `GiB`, `%`): a size split from its number.
pub fn is_unit(text: &str) -> bool {
    let t = text.trim();
    t == "%" || (t.len() > 1 && unit_factor(t).is_some())
}

/// Whether `text` names its size in IEC units (`16GiB`, `512Mi`): a size the user gave so is
/// shown back in them.
pub fn is_iec(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    UNITS
        .iter()
        .any(|(name, base, power)| *base == 1024 && *power > 0 && t.ends_with(name))
}

/// Parse a byte size: a non-negative decimal number (`8`, `1.5`, `1e9`, `1_000`) and an
/// optional unit (`B`, `GB`, `GiB`, case-insensitive). Fractions of a byte round down.
pub fn parse_size(text: &str) -> Result<Bytes, SizeError> {
    let t = text.trim();
    let split = t
        .char_indices()
        .find(|&(i, c)| c.is_ascii_alphabetic() && !(matches!(c, 'e' | 'E') && is_exponent(t, i)))
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(split);
    let number = number.trim();
    let unit = unit.trim();
    if number.starts_with('-') {
        return Err(SizeError::Negative(text.to_string()));
    }
    let value = Decimal::parse(number).ok_or_else(|| SizeError::Malformed(text.to_string()))?;
    let factor = if unit.is_empty() {
        let small = value
            .times_floor(&BigUint::from(1u8))
            .is_some_and(|b| b < BigUint::from(MIN_BARE_BYTES));
        if small && !value.is_zero() {
            return Err(SizeError::Bare(number.to_string()));
        }
        BigUint::from(1u8)
    } else if unit.len() == 1 && unit != "b" && unit != "B" {
        let prefix = unit.to_ascii_uppercase();
        let si = if prefix == "K" {
            "kB".to_string()
        } else {
            format!("{prefix}B")
        };
        return Err(SizeError::Ambiguous(
            text.to_string(),
            format!(
                "Docker and Java read '{unit}' as {prefix}iB, others as {si}; write {number}{si} or {number}{prefix}iB"
            ),
        ));
    } else {
        unit_factor(unit).ok_or_else(|| SizeError::Unit {
            text: text.to_string(),
            unit: unit.to_string(),
            hint: suggest_unit(unit),
        })?
    };
    value
        .times_floor(&factor)
        .map(Bytes::from)
        .ok_or_else(|| SizeError::TooLarge(text.to_string()))
}

/// An `e` that is an exponent: digits (or a point) before it and a digit or sign after it.
fn is_exponent(t: &str, i: usize) -> bool {
    let before = t[..i]
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || c == '.');
    let after = t[i + 1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-');
    before && after
}

fn suggest_unit(unit: &str) -> String {
    let lower = unit.to_ascii_lowercase();
    UNITS
        .iter()
        .filter(|(name, _, _)| name.len() > 1)
        .map(|(name, _, _)| (strsim::levenshtein(&lower, name), *name))
        .filter(|(d, _)| *d <= 1)
        .min()
        .map(|(_, name)| format!(" (did you mean {}?)", pretty_unit(name)))
        .unwrap_or_default()
}

fn pretty_unit(name: &str) -> String {
    match name {
        "kb" => "kB".into(),
        n if n.ends_with("ib") => {
            let mut s = n[..1].to_ascii_uppercase();
            s.push_str("iB");
            s
        }
        n => n.to_ascii_uppercase(),
    }
}

/// A budget: an absolute size, or a share of usable memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Budget {
    Bytes(Bytes),
    /// A percentage, exactly (`12.5%` is 25/2), from 0 to 100: only [`parse_budget`] makes one.
    Percent(num_rational::BigRational),
}

impl Budget {
    /// What `budget` allows out of `usable` bytes; all of them when no budget is given.
    pub fn or_all(budget: Option<&Budget>, usable: &Bytes) -> Bytes {
        budget.map_or_else(|| usable.clone(), |b| b.of(usable))
    }

    /// The bytes this budget allows out of `usable` bytes (a share rounded down), exactly.
    pub fn of(&self, usable: &Bytes) -> Bytes {
        match self {
            Budget::Bytes(b) => b.clone(),
            Budget::Percent(p) => {
                let share = &usable.0 * p.numer();
                Bytes(share.div_floor(&(p.denom() * BigInt::from(100u8))))
            }
        }
    }
}

/// The most decimal places a percentage may have (`1e-10000%` is the smallest non-zero one).
const MAX_PERCENT_EXPONENT: i64 = 10_000;

pub fn parse_budget(text: &str) -> Result<Budget, SizeError> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        let p = p.trim();
        if p.starts_with('-') {
            return Err(SizeError::Negative(text.to_string()));
        }
        let decimal = Decimal::parse(p).ok_or_else(|| SizeError::Malformed(text.to_string()))?;
        // Over 100 is refused before the exact value is built: `1e20%` costs nothing.
        let whole = decimal.times_floor(&BigUint::from(1u8));
        let over = match whole {
            None => true,
            Some(w) if w > BigUint::from(100u8) => true,
            Some(w) if w == BigUint::from(100u8) => decimal.to_integer(8) != Ok(Some(w)),
            Some(_) => false,
        };
        if over {
            return Err(SizeError::OverShare(text.to_string()));
        }
        return decimal
            .to_rational(MAX_PERCENT_EXPONENT)
            .map(Budget::Percent)
            .ok_or_else(|| SizeError::Malformed(text.to_string()));
    }
    parse_size(t).map(Budget::Bytes)
}

/// The prefixes sizes are shown with, in order of power (`""` for bytes).
const PREFIXES: [&str; 7] = ["", "k", "M", "G", "T", "P", "E"];

/// The units sizes are shown in, smallest first: powers of 1000 (`kB`…) or 1024 (`KiB`…).
fn display_units(system: UnitSystem) -> [(u64, String); 7] {
    let (base, suffix): (u64, &str) = match system {
        UnitSystem::Si => (1000, "B"),
        UnitSystem::Iec => (1024, "iB"),
    };
    std::array::from_fn(|power| {
        let name = match (power, system) {
            (0, _) => "B".to_string(),
            // IEC writes the kilo prefix as a capital K.
            (1, UnitSystem::Iec) => format!("K{suffix}"),
            (p, _) => format!("{}{suffix}", PREFIXES[p]),
        };
        // 1024^6 < 2^64: every factor fits.
        (base.pow(u32::try_from(power).unwrap_or(0)), name)
    })
}

/// One unit for a whole column of sizes, chosen from its largest value.
#[derive(Debug, Clone)]
pub struct ColumnUnit {
    bytes: u64,
    label: String,
}

/// The largest unit not exceeding `max` (bytes below 1 kB stay in bytes).
pub fn column_unit(max: &BigInt, system: UnitSystem) -> ColumnUnit {
    let magnitude = max.magnitude();
    let (bytes, label) = display_units(system)
        .into_iter()
        .rev()
        .find(|(unit, _)| magnitude >= &BigUint::from(*unit))
        .unwrap_or((1, "B".to_string()));
    ColumnUnit { bytes, label }
}

impl ColumnUnit {
    /// `n` in this unit: whole bytes, or one decimal (rounded half up) in larger units.
    pub fn format(&self, n: &BigInt) -> String {
        let sign = if n.sign() == num_bigint::Sign::Minus {
            "-"
        } else {
            ""
        };
        let magnitude = n.magnitude();
        if self.bytes == 1 {
            return format!("{sign}{magnitude} B");
        }
        let unit = BigUint::from(self.bytes);
        let tenths = (magnitude * 10u8 + &unit / 2u8) / &unit;
        format!("{sign}{}.{} {}", &tenths / 10u8, &tenths % 10u8, self.label)
    }
}

/// A byte count for people: `800.0 MB` (SI) or `762.9 MiB` (IEC), in the largest unit that fits.
/// A size that rounds up to the next unit shows in it: 999,999,964 bytes is `1.0 GB`, not
/// `1000.0 MB`.
pub fn human_bytes(bytes: &BigInt, units: UnitSystem) -> String {
    let unit = column_unit(bytes, units);
    if unit.bytes == 1 {
        return unit.format(bytes);
    }
    // In tenths of `unit`, rounded half up as `format` rounds: does it reach the next unit?
    let shown_tenths = bytes.magnitude() * 10u8 + unit.bytes / 2;
    display_units(units)
        .into_iter()
        .find(|(next, _)| *next > unit.bytes)
        .filter(|(next, _)| shown_tenths >= BigUint::from(*next) * 10u8)
        .map_or(unit, |(bytes, label)| ColumnUnit { bytes, label })
        .format(bytes)
}

/// The units to show a size the user gave (or a default such as Dask's 128MiB) in: IEC when it
/// is a whole number of KiB, MiB, GiB… and not of kB, MB, GB… (`16GiB`, `128MiB`), else
/// `default`. A size shows in the units it was written in.
pub fn units_of_given(bytes: &BigInt, default: UnitSystem) -> UnitSystem {
    let whole_in = |system: UnitSystem| {
        let unit = column_unit(bytes, system);
        unit.bytes > 1 && (bytes.magnitude() % BigUint::from(unit.bytes)).is_zero()
    };
    if whole_in(UnitSystem::Iec) && !whole_in(UnitSystem::Si) {
        UnitSystem::Iec
    } else {
        default
    }
}

/// An integer with digit grouping for tables: `100_000_000` → `100,000,000`.
pub fn grouped(n: &impl ToString) -> String {
    let s = n.to_string();
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// An exact count that serialises as a JSON number of any size (never a float, never wrapped):
/// elements, chunks, parameters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exact(pub BigInt);

impl<T: Into<BigInt>> From<T> for Exact {
    fn from(v: T) -> Self {
        Exact(v.into())
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        exact_number(&self.0, serializer)
    }
}

/// A number of bytes: the one type every byte count in npmem has. Exact and never wrapping
/// (arbitrary precision: an array can take more than 2^64 bytes); negative only for a
/// difference (headroom, memory saved). Serialises as a JSON integer of any size.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bytes(pub BigInt);

impl<T: Into<BigInt>> From<T> for Bytes {
    fn from(v: T) -> Self {
        Bytes(v.into())
    }
}

impl Bytes {
    /// The count as a `u64`, when it is one.
    pub fn to_u64(&self) -> Option<u64> {
        num_traits::ToPrimitive::to_u64(&self.0)
    }
}

impl std::fmt::Display for Bytes {
    /// The exact count, as digits.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        exact_number(&self.0, serializer)
    }
}

fn exact_number<S: Serializer>(n: &BigInt, serializer: S) -> Result<S::Ok, S::Error> {
    let number = serde_json::Number::from_str(&n.to_string()).map_err(serde::ser::Error::custom)?;
    number.serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(s: &str) -> Option<u64> {
        parse_size(s).ok().and_then(|b| b.to_u64())
    }

    #[test]
    fn a_size_that_rounds_up_shows_in_the_next_unit() {
        let h = |n: u64, u| human_bytes(&BigInt::from(n), u);
        assert_eq!(h(999_999_964, UnitSystem::Si), "1.0 GB");
        assert_eq!(h(999_949_999, UnitSystem::Si), "999.9 MB");
        assert_eq!(h((1 << 20) - 1, UnitSystem::Iec), "1.0 MiB");
        assert_eq!(h(999, UnitSystem::Si), "999 B");
        assert_eq!(h(1_000, UnitSystem::Si), "1.0 kB");
    }

    #[test]
    fn sizes() {
        assert_eq!(size("8GB"), Some(8_000_000_000));
        assert_eq!(size("8 gb"), Some(8_000_000_000));
        assert_eq!(size("4GiB"), Some(4 << 30));
        assert_eq!(size("1.5e9"), Some(1_500_000_000));
        assert_eq!(size("1.5kB"), Some(1500));
        assert_eq!(size("1_000 B"), Some(1000));
        assert_eq!(size("1048576"), Some(1 << 20));
        assert_eq!(size("0"), Some(0));
        assert_eq!(size("8Gi"), Some(8 << 30));
        assert_eq!(size("0.3KiB"), Some(307));
        assert!(matches!(parse_size("12XB"), Err(SizeError::Unit { .. })));
        assert!(matches!(parse_size("-1"), Err(SizeError::Negative(_))));
        assert!(matches!(parse_size(""), Err(SizeError::Malformed(_))));
        assert!(matches!(parse_size("GB"), Err(SizeError::Malformed(_))));
        assert!(matches!(parse_size("20EiB"), Err(SizeError::TooLarge(_))));
    }

    #[test]
    fn forgotten_and_ambiguous_units_are_refused() {
        for bare in ["8", "1000", "1048575", "0.5", "1e3"] {
            assert!(
                matches!(parse_size(bare), Err(SizeError::Bare(_))),
                "{bare}"
            );
        }
        for one_letter in ["8g", "8G", "512m", "1k", "2T"] {
            let Err(e) = parse_size(one_letter) else {
                panic!("{one_letter} accepted")
            };
            assert!(matches!(e, SizeError::Ambiguous(..)), "{one_letter}");
            assert!(e.to_string().contains("iB"), "{e}");
        }
        assert_eq!(
            parse_size("8g").map_err(|e| e.to_string()),
            Err("'8g' is ambiguous: Docker and Java read 'g' as GiB, others as GB; write 8GB or 8GiB".to_string())
        );
    }

    #[test]
    fn budgets() {
        assert!(matches!(parse_budget("50%"), Ok(Budget::Percent(_))));
        assert!(matches!(parse_budget("100%"), Ok(Budget::Percent(_))));
        assert!(matches!(parse_budget("-5%"), Err(SizeError::Negative(_))));
        for over in ["150%", "100.5%", "100.000001%", "1e9%"] {
            assert!(
                matches!(parse_budget(over), Err(SizeError::OverShare(_))),
                "{over}"
            );
        }
    }

    #[test]
    fn a_size_shows_in_the_units_it_was_written_in() {
        let given = |t: &str| {
            let b = parse_size(t).map(|b| b.0).unwrap_or_default();
            human_bytes(&b, units_of_given(&b, UnitSystem::Si))
        };
        assert_eq!(given("16GiB"), "16.0 GiB");
        assert_eq!(given("128MiB"), "128.0 MiB");
        assert_eq!(given("8GB"), "8.0 GB");
        assert_eq!(given("1.5e9"), "1.5 GB");
        assert!(is_unit("GB") && is_unit("GiB") && is_unit("%") && !is_unit("B8"));
    }

    #[test]
    fn human() {
        let b = |n: u64| human_bytes(&BigInt::from(n), UnitSystem::Si);
        assert_eq!(b(800_000_000), "800.0 MB");
        assert_eq!(
            human_bytes(&BigInt::from(1u64 << 30), UnitSystem::Iec),
            "1.0 GiB"
        );
        let huge = BigInt::from(10u8).pow(24) * 8;
        assert_eq!(human_bytes(&huge, UnitSystem::Si), "8000000.0 EB");
        assert_eq!(b(999), "999 B");
        assert_eq!(b(1_250_000), "1.3 MB");
        assert_eq!(
            human_bytes(&BigInt::from(-7_200_000_000i64), UnitSystem::Si),
            "-7.2 GB"
        );
        let mb = column_unit(&BigInt::from(800_000_000u64), UnitSystem::Si);
        assert_eq!(mb.format(&BigInt::from(8_000u64)), "0.0 MB");
        assert_eq!(grouped(&100_000_000u64), "100,000,000");
        assert_eq!(grouped(&-1234i64), "-1,234");
    }
}
