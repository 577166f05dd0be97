//! The text a user types for `--chunks`, `--chunk-size` and `--previous-chunks`, read into what
//! Dask would be called with. Byte sizes follow `dask.utils.parse_bytes` exactly (a float times
//! the unit, truncated), so `8.2MB` is 8199999 bytes in npmem as in Dask.

use num_bigint::BigInt;

use super::{Chunks, DaskError, Entry, Previous};
use crate::dtype::pylit::{self, Lit};

/// `dask.utils.parse_bytes(text)`.
pub fn parse_bytes(text: &str) -> Result<BigInt, DaskError> {
    let mut s: String = text.chars().filter(|&c| c != ' ').collect();
    if !s.chars().any(|c| c.is_ascii_digit()) {
        s.insert(0, '1');
    }
    let split = s
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let (prefix, suffix) = s.split_at(split);
    let n = python_float(prefix)
        .ok_or_else(|| DaskError::value(format!("Could not interpret '{prefix}' as a number")))?;
    let multiplier: f64 = match suffix.to_lowercase().as_str() {
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "pb" | "p" => 1e15,
        "kib" | "ki" => 1024.0,
        "mib" | "mi" => 1_048_576.0,
        "gib" | "gi" => 1_073_741_824.0,
        "tib" | "ti" => 1_099_511_627_776.0,
        "pib" | "pi" => 1_125_899_906_842_624.0,
        "b" | "" => 1.0,
        _ => {
            return Err(DaskError::value(format!(
                "Could not interpret '{suffix}' as a byte unit"
            )));
        }
    };
    super::pynum::float_to_int(n * multiplier)
}

/// Python's `float(text)` for the prefixes `parse_bytes` meets (digits, sign, point, exponent,
/// underscores between digits).
fn python_float(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let digit =
                |j: Option<usize>| j.and_then(|j| bytes.get(j)).is_some_and(u8::is_ascii_digit);
            if !digit(i.checked_sub(1)) || !digit(Some(i + 1)) {
                return None;
            }
        }
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if body.starts_with("inf") || body.starts_with("nan") || body.is_empty() {
        return None;
    }
    clean.parse::<f64>().ok()
}

/// `--chunk-size`: an integer (exactly, as Dask takes `limit=` an int) or a byte size.
pub fn parse_limit(text: &str) -> Result<BigInt, DaskError> {
    let t = text.trim();
    if let Some(i) = integer(t) {
        return Ok(i);
    }
    parse_bytes(t)
}

/// A Python integer literal: digits, optional sign, `_` between digits.
fn integer(t: &str) -> Option<BigInt> {
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    if body.is_empty()
        || !body.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
    {
        return None;
    }
    t.replace('_', "").parse().ok()
}

/// `--chunks`: `auto`, a size for every dimension (`1000`, `64MiB`), one entry per dimension
/// (`auto,-1,1000` or `1000x1000`), or a Python literal (`((2, 2, 1), (3, 3))`, `{0: 100}`).
pub fn parse_chunks(text: &str) -> Result<Chunks, String> {
    let t = text.trim();
    if t.starts_with('{') {
        let Lit::Dict(items) =
            pylit::parse(t).map_err(|e| format!("not a Python literal ({e})"))?
        else {
            return Err("not a dict from axis to chunks".to_string());
        };
        return items
            .iter()
            .map(|(k, v)| match k {
                Lit::Int(axis) => Ok((axis.clone(), literal_entry(v)?)),
                _ => Err(
                    "a dict of chunks has integer axes as keys: {0: 100, 1: 'auto'}".to_string(),
                ),
            })
            .collect::<Result<_, _>>()
            .map(Chunks::ByAxis);
    }
    if t.starts_with(['(', '[']) {
        // `(auto, -1)` typed without quotes: a flat list of entries in brackets.
        let inner = &t[1..t.len().saturating_sub(1).max(1)];
        if pylit::parse(t).is_err()
            && t.ends_with([')', ']'])
            && !inner.contains(['(', '[', ')', ']', '\'', '"'])
        {
            let inner = inner.trim();
            return match inner.strip_suffix(',') {
                // `(auto,)`: a 1-tuple, not a value for every dimension.
                Some(one) => text_entry(one.trim()).map(|e| Chunks::PerDim(vec![e])),
                None => parse_chunks(inner),
            };
        }
        let lit = pylit::parse(t).map_err(|e| format!("not a Python literal ({e})"))?;
        let items = match lit {
            Lit::Tuple(v) | Lit::List(v) => v,
            _ => return Err("not a tuple of chunk sizes".to_string()),
        };
        // `(10)` is the number 10 to Python, not a 1-tuple.
        if items.len() == 1 && !t.contains(',') {
            return Ok(Chunks::Scalar(literal_entry(&items[0])?));
        }
        return items
            .iter()
            .map(literal_entry)
            .collect::<Result<_, _>>()
            .map(Chunks::PerDim);
    }
    let parts: Vec<&str> = t.split([',', 'x']).map(str::trim).collect();
    let mut entries = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        entries.push(text_entry(p).map_err(|e| {
            if parts.len() == 1 {
                e
            } else {
                format!("entry {} ('{p}'): {e}", i + 1)
            }
        })?);
    }
    Ok(if entries.len() == 1 {
        Chunks::Scalar(entries.remove(0))
    } else {
        Chunks::PerDim(entries)
    })
}

fn text_entry(p: &str) -> Result<Entry, String> {
    if p.is_empty() {
        return Err("empty: write auto, -1, a number of elements or a byte size".to_string());
    }
    if p.eq_ignore_ascii_case("auto") {
        return Ok(Entry::Auto);
    }
    if p == "None" || p == "none" {
        return Ok(Entry::Full);
    }
    if let Some(i) = integer(p) {
        return Ok(Entry::Int(i));
    }
    if p.chars().any(char::is_alphabetic) {
        return Ok(Entry::Bytes(p.to_string()));
    }
    Err(format!(
        "'{p}' is not a chunk size: write auto, -1 (the whole dimension), a number of elements (1000) or a byte size (64MiB)"
    ))
}

fn literal_entry(l: &Lit) -> Result<Entry, String> {
    Ok(match l {
        Lit::Int(i) => Entry::Int(i.clone()),
        Lit::None => Entry::Full,
        Lit::Str(s) if s == "auto" => Entry::Auto,
        Lit::Str(s) => Entry::Bytes(s.clone()),
        Lit::Tuple(v) | Lit::List(v) => Entry::Sizes(
            v.iter()
                .map(|x| match x {
                    Lit::Int(i) => Ok(i.clone()),
                    _ => Err("explicit chunk sizes must be integers".to_string()),
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => {
            return Err(
                "a chunk entry is auto, None, an integer, a byte size or a tuple of sizes"
                    .to_string(),
            );
        }
    })
}

/// `--previous-chunks`: a chunk shape (`100x200`, `100,200`) or a literal of sizes per dimension.
pub fn parse_previous(text: &str) -> Result<Vec<Previous>, String> {
    let t = text.trim();
    if t.starts_with(['(', '[']) {
        let lit = pylit::parse(t).map_err(|e| format!("not a Python literal ({e})"))?;
        let (Lit::Tuple(items) | Lit::List(items)) = lit else {
            return Err("not a tuple of chunk sizes".to_string());
        };
        return items
            .iter()
            .map(|l| match literal_entry(l)? {
                Entry::Int(i) => Ok(Previous::Int(i)),
                Entry::Sizes(v) => Ok(Previous::Sizes(v)),
                _ => Err("previous chunks are sizes, not auto or byte sizes".to_string()),
            })
            .collect();
    }
    t.split([',', 'x'])
        .map(str::trim)
        .enumerate()
        .map(|(i, p)| {
            integer(p)
                .or_else(|| {
                    // 1e6 and friends, whole values only.
                    crate::number::Decimal::parse(p)
                        .and_then(|d| d.to_integer(64).ok().flatten())
                        .map(BigInt::from)
                })
                .map(Previous::Int)
                .ok_or_else(|| format!("entry {} ('{p}') is not a chunk size", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_bytes_as_dask() {
        let b = |t: &str| parse_bytes(t).ok().map(|b| b.to_string());
        assert_eq!(b("100"), Some("100".into()));
        assert_eq!(b("100 MB"), Some("100000000".into()));
        assert_eq!(b("5.4 kB"), Some("5400".into()));
        assert_eq!(b("8.2MB"), Some("8199999".into()));
        assert_eq!(b("1kiB"), Some("1024".into()));
        assert_eq!(b("1e6"), Some("1000000".into()));
        assert_eq!(b("1e6 kB"), Some("1000000000".into()));
        assert_eq!(b("MB"), Some("1000000".into()));
        assert_eq!(b("128MiB"), Some("134217728".into()));
        assert!(parse_bytes("5 foos").is_err());
        assert!(parse_bytes("1e400").is_err());
    }

    #[test]
    fn chunk_texts() {
        assert_eq!(parse_chunks("auto"), Ok(Chunks::Scalar(Entry::Auto)));
        assert_eq!(
            parse_chunks("auto,-1,1000"),
            Ok(Chunks::PerDim(vec![
                Entry::Auto,
                Entry::Int((-1).into()),
                Entry::Int(1000.into())
            ]))
        );
        assert_eq!(
            parse_chunks("((2,2,1),(3,3))"),
            Ok(Chunks::PerDim(vec![
                Entry::Sizes(vec![2.into(), 2.into(), 1.into()]),
                Entry::Sizes(vec![3.into(), 3.into()])
            ]))
        );
        assert_eq!(
            parse_chunks("(auto, -1)"),
            Ok(Chunks::PerDim(vec![Entry::Auto, Entry::Int((-1).into())]))
        );
        assert_eq!(
            parse_chunks("[1000, auto]"),
            Ok(Chunks::PerDim(vec![Entry::Int(1000.into()), Entry::Auto]))
        );
        assert!(parse_chunks("auto,,3").is_err());
        assert!(parse_chunks("1.5").is_err());
    }
}
