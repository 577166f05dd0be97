//! numpy's dtypes written as Python literals: the `descr` of an `.npy` header (and of Zarr v2
//! metadata, and Dask's literals) as numpy's `descr_to_dtype` reads it, and the list and dict
//! forms a user hands to `np.dtype` (`[('x', '<f8'), ('y', '<i4', (2,))]`,
//! `{'names': [...], 'formats': [...], 'offsets': [...], 'itemsize': N}`), from the literal
//! [`super::pylit`] reads to a catalogue dtype.

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive};

use super::pylit::Lit;
use super::subarray::{Repeats, subarray};
use super::{Body, ByteOrder, DType, Field, Fields, Platform};
use crate::number::text::python_int;

/// Which reader a list of fields goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `numpy.lib.format.descr_to_dtype`: unnamed void entries are padding (skipped, their
    /// bytes kept), as `np.save` writes an aligned or offset structure.
    Descr,
    /// `np.dtype(obj)`: an unnamed field is `f{index}`; a dict of names and formats is taken.
    Dtype,
}

/// numpy's `descr_to_dtype`: a type string, a `(descr, shape)` tuple, or a list of
/// `(name, descr[, shape])` fields.
pub fn descr_to_dtype(descr: &Lit, platform: Platform) -> Result<DType, String> {
    convert(descr, platform, Form::Descr)
}

/// `np.dtype(obj)` for a Python literal `obj`: a type string, a `(type, shape)` tuple, a list
/// of fields, or a dict with `names`, `formats` and optionally `offsets`, `titles`, `itemsize`
/// and `aligned`.
pub fn literal_to_dtype(obj: &Lit, platform: Platform) -> Result<DType, String> {
    convert(obj, platform, Form::Dtype)
}

fn convert(obj: &Lit, platform: Platform, form: Form) -> Result<DType, String> {
    match obj {
        Lit::Str(s) => super::parse::parse(s, platform).map_err(|e| e.to_string()),
        Lit::Tuple(parts) if parts.len() == 2 => {
            let base = convert(&parts[0], platform, form)?;
            shaped(base, &parts[1])
        }
        Lit::List(fields) => fields_list(fields, platform, form),
        Lit::Dict(entries) if form == Form::Dtype => fields_dict(entries, platform),
        _ if form == Form::Descr => {
            Err("descr is neither a type string, a (type, shape) tuple nor a list of fields".into())
        }
        _ => Err(format!("data type {} not understood", excerpt(obj))),
    }
}

/// A short, printable rendering of a literal for messages.
fn excerpt(obj: &Lit) -> String {
    super::excerpt(&format!("{obj:?}"))
}

/// `np.dtype((base, shape))`: `shape` an int or a tuple of ints.
fn shaped(base: DType, shape: &Lit) -> Result<DType, String> {
    let dim = |d: &Lit| match d {
        Lit::Int(n) if n.sign() == num_bigint::Sign::Minus => {
            Err("invalid shape in fixed-type tuple: dimension smaller then zero.".to_string())
        }
        Lit::Int(n) => n.to_u128().ok_or_else(|| {
            "invalid shape in fixed-type tuple: dimension does not fit into a C int".to_string()
        }),
        _ => Err("invalid shape in fixed-type tuple".to_string()),
    };
    let repeats = match shape {
        Lit::Int(_) => Repeats::Int(dim(shape)?),
        Lit::Tuple(dims) | Lit::List(dims) => {
            Repeats::Tuple(dims.iter().map(dim).collect::<Result<_, _>>()?)
        }
        _ => return Err("invalid shape in fixed-type tuple".to_string()),
    };
    let name = base.name();
    subarray(&name, base, repeats).map_err(|e| e.to_string())
}

fn is_padding(name: &str, dt: &DType) -> bool {
    name.is_empty() && dt.body == Body::Void
}

/// A field's name and title: a string, or a `(title, name)` tuple.
fn field_name(obj: &Lit) -> Result<(String, Option<Lit>), String> {
    match obj {
        Lit::Str(n) => Ok((n.clone(), None)),
        Lit::Tuple(t) if t.len() == 2 => match &t[1] {
            Lit::Str(n) => Ok((n.clone(), Some(t[0].clone()))),
            _ => Err("Field name must be a str".to_string()),
        },
        Lit::Tuple(t) => Err(format!(
            "If a tuple, the first element of a field tuple must have two elements, not {}",
            t.len()
        )),
        _ => Err("First element of field tuple is neither a tuple nor str".to_string()),
    }
}

/// Whether `key` already names a field or is a field's (string) title: numpy keeps both in
/// one `fields` dict.
fn taken(fields: &[Field], key: &str) -> bool {
    fields
        .iter()
        .any(|f| f.name == key || matches!(&f.title, Some(Lit::Str(t)) if t == key))
}

/// numpy's `_reject_unsupported_field_dtype`: a DType that finalizes its descriptors
/// (StringDType) cannot be a field of the list form. numpy 2.5 does not ask in the dict form
/// nor in a comma string (`T,i4`), and takes a structure nested in a list (`[('a', 'i4,T')]`).
fn reject_unsupported(dt: &DType) -> Result<(), String> {
    if dt.body == Body::VString {
        return Err("StringDType is not currently supported for structured dtype fields.".into());
    }
    Ok(())
}

const TITLE_USED: &str = "title already used as a name or title.";

fn occurs_twice(name: &str) -> String {
    format!("field '{}' occurs more than once", super::excerpt(name))
}

fn fields_list(items: &[Lit], platform: Platform, form: Form) -> Result<DType, String> {
    let mut fields: Vec<Field> = Vec::new();
    let mut offset = 0u64;
    for (i, item) in items.iter().enumerate() {
        let Lit::Tuple(parts) = item else {
            return Err(format!(
                "Field elements must be 2- or 3-tuples, got '{}'",
                excerpt(item)
            ));
        };
        match parts.len() {
            0 | 1 => {
                return Err(format!(
                    "Field elements must be 2- or 3-tuples, got '{}'",
                    excerpt(item)
                ));
            }
            2 | 3 => {}
            _ => {
                return Err(format!(
                    "Field elements must be tuples with at most 3 elements, got '{}'",
                    excerpt(item)
                ));
            }
        }
        let (mut name, title) = field_name(&parts[0])?;
        let mut dt = convert(&parts[1], platform, form)?;
        if let Some(shape) = parts.get(2) {
            dt = shaped(dt, shape)?;
        }
        reject_unsupported(&dt)?;
        let size = dt.itemsize;
        let start = offset;
        offset = offset
            .checked_add(size)
            .filter(|&o| o <= DType::MAX_ITEMSIZE)
            .ok_or("the fields add up to 2^31 bytes or more, past numpy's C int itemsize")?;
        match (form, &title) {
            (Form::Descr, None) if is_padding(&name, &dt) => continue,
            (Form::Dtype, None) if name.is_empty() => name = format!("f{i}"),
            (_, Some(Lit::Str(t))) if name.is_empty() && !t.is_empty() => name.clone_from(t),
            (_, Some(_)) if name.is_empty() => {
                return Err("Field titles must be non-empty strings".to_string());
            }
            _ => {}
        }
        let string_title = match &title {
            Some(Lit::Str(t)) => Some(t.as_str()),
            _ => None,
        };
        if taken(&fields, &name) || string_title.is_some_and(|t| taken(&fields, t)) {
            return Err(occurs_twice(&name));
        }
        if string_title == Some(name.as_str()) {
            return Err(TITLE_USED.to_string());
        }
        fields.push(Field {
            name,
            title,
            dtype: dt,
            offset: start,
        });
    }
    Ok(structure(Fields::packed(fields), offset, 1))
}

fn structure(fields: Fields, itemsize: u64, alignment: u64) -> DType {
    DType {
        body: Body::Structured(fields),
        itemsize,
        alignment,
        byteorder: ByteOrder::NotApplicable,
        char: 'V',
    }
}

/// numpy's older dict form, `{name: (format, offset[, title]), …}` (`_usefields`): the fields
/// in the order of their offsets, an entry that repeats a field under its title left out.
fn fields_by_name(entries: &[(Lit, Lit)], platform: Platform) -> Result<DType, String> {
    // A dict literal keeps a repeated key where it first stood, with its last value.
    let mut dict: Vec<(&Lit, &Lit)> = Vec::new();
    for (k, v) in entries {
        match dict.iter_mut().find(|(key, _)| *key == k) {
            Some(slot) => slot.1 = v,
            None => dict.push((k, v)),
        }
    }
    let mut fields = Vec::new();
    for (name, entry) in dict {
        let Lit::Tuple(parts) = entry else {
            return Err("entry not a 2- or 3- tuple".to_string());
        };
        let (format, offset, title) = match &parts[..] {
            [format, offset] => (format, offset, &Lit::None),
            [format, offset, title] => (format, offset, title),
            _ => return Err("entry not a 2- or 3- tuple".to_string()),
        };
        if parts.len() == 3 && title == name {
            continue;
        }
        // numpy takes `int(offset)`: a float is cut toward zero, text read as Python reads it.
        let offset = match offset {
            Lit::Int(n) => n.clone(),
            Lit::Bool(b) => u8::from(*b).into(),
            Lit::Float(f) if f.0.is_finite() => BigInt::from_f64(f.0.trunc()).unwrap_or_default(),
            Lit::Str(text) => python_int(text)?,
            // `int()` of bytes reads ASCII only, and names the bytes in its error.
            Lit::Bytes(b) => b
                .is_ascii()
                .then(|| python_int(&String::from_utf8_lossy(b)).ok())
                .flatten()
                .ok_or_else(|| {
                    format!(
                        "invalid literal for int() with base 10: {}",
                        super::excerpt(&offset.repr())
                    )
                })?,
            _ => {
                let repr = super::excerpt(&offset.repr());
                return Err(format!("offset {repr} is not an integer"));
            }
        };
        if offset.sign() == num_bigint::Sign::Minus {
            return Err("invalid offset.".to_string());
        }
        fields.push((name.clone(), format.clone(), offset, title.clone()));
    }
    // Python's sort: stable.
    fields.sort_by(|a, b| a.2.cmp(&b.2));
    let column =
        |pick: fn(&(Lit, Lit, BigInt, Lit)) -> Lit| Lit::List(fields.iter().map(pick).collect());
    let as_names = [
        ("names", column(|f| f.0.clone())),
        ("formats", column(|f| f.1.clone())),
        ("offsets", column(|f| Lit::Int(f.2.clone()))),
        ("titles", column(|f| f.3.clone())),
    ];
    let entries: Vec<(Lit, Lit)> = as_names
        .into_iter()
        .map(|(k, v)| (Lit::Str(k.to_string()), v))
        .collect();
    fields_dict(&entries, platform)
}

fn fields_dict(entries: &[(Lit, Lit)], platform: Platform) -> Result<DType, String> {
    let get = |key: &str| {
        entries
            .iter()
            .rev()
            .find(|(k, _)| matches!(k, Lit::Str(s) if s == key))
            .map(|(_, v)| v)
    };
    let seq = |v: Option<&Lit>| -> Option<Vec<Lit>> {
        match v? {
            Lit::List(x) | Lit::Tuple(x) => Some(x.clone()),
            _ => None,
        }
    };
    if get("names").is_none() || get("formats").is_none() {
        return fields_by_name(entries, platform);
    }
    let (Some(names), Some(formats)) = (seq(get("names")), seq(get("formats"))) else {
        return Err("a dict dtype needs 'names' and 'formats' lists".to_string());
    };
    let offsets = match get("offsets") {
        None => None,
        Some(v) => Some(seq(Some(v)).ok_or("'offsets' is not a list")?),
    };
    let titles = seq(get("titles"));
    let aligned = matches!(get("aligned"), Some(Lit::Bool(true)));
    if formats.len() < names.len() || offsets.as_ref().is_some_and(|o| o.len() < names.len()) {
        return Err("'names', 'formats' and 'offsets' must have the same length".to_string());
    }
    let mut fields: Vec<Field> = Vec::new();
    let mut end = 0u64;
    let mut max_align = 1u64;
    for (i, name) in names.iter().enumerate() {
        let Lit::Str(name) = name else {
            return Err("field names must be strings".to_string());
        };
        if taken(&fields, name) {
            return Err("name already used as a name or title".to_string());
        }
        let title = titles
            .as_ref()
            .and_then(|t| t.get(i))
            .filter(|t| **t != Lit::None)
            .cloned();
        if matches!(&title, Some(Lit::Str(t)) if t == name || taken(&fields, t)) {
            return Err(TITLE_USED.to_string());
        }
        let dt = convert(&formats[i], platform, Form::Dtype)?;
        let align = if aligned { dt.alignment.max(1) } else { 1 };
        max_align = max_align.max(align);
        let offset = match offsets.as_ref().map(|o| &o[i]) {
            Some(Lit::Int(n)) => n
                .to_u64()
                .filter(|&o| o <= DType::MAX_ITEMSIZE)
                .ok_or("a field offset must be a non-negative C int")?,
            Some(_) => return Err("a field offset must be an integer".to_string()),
            None => end.div_ceil(align).saturating_mul(align),
        };
        let field_end = offset
            .checked_add(dt.itemsize)
            .filter(|&e| e <= DType::MAX_ITEMSIZE)
            .ok_or("the fields add up to 2^31 bytes or more, past numpy's C int itemsize")?;
        end = if offsets.is_some() {
            end.max(field_end)
        } else {
            field_end
        };
        fields.push(Field {
            name: name.clone(),
            title,
            dtype: dt,
            offset,
        });
    }
    let needed = end.div_ceil(max_align).saturating_mul(max_align);
    let itemsize = match get("itemsize") {
        None => needed,
        Some(Lit::Int(n)) => {
            let n = n
                .to_u64()
                .filter(|&n| n <= DType::MAX_ITEMSIZE)
                .ok_or("'itemsize' must be a non-negative C int")?;
            if n < needed {
                return Err(format!(
                    "NumPy dtype descriptor requires {needed} bytes, cannot override to smaller itemsize of {n}"
                ));
            }
            n
        }
        Some(_) => return Err("'itemsize' must be an integer".to_string()),
    };
    Ok(structure(
        Fields {
            list: fields,
            aligned,
        },
        itemsize,
        if aligned { max_align } else { 1 },
    ))
}
