//! numpy's `finfo` and `iinfo` of a dtype, exact: every limit as a value of the format, printed
//! as numpy (or ml_dtypes) prints it, with Python's `repr()` and `str()` of the info object.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::numeric::{Library, Numeric, numeric, show};
use super::{Body, DType, Platform};
use crate::number::Value;
use crate::number::limits::{Convention, FLOAT_ATTRIBUTES, FloatLimits, IntLimits};
use crate::number::print::{self, NumpyScalar};
use crate::units::{Bytes, Exact};

/// `finfo` of a float (or complex) dtype: exact limits, as numpy prints them.
#[derive(Debug, Clone)]
pub struct FloatInfo {
    /// The dtype as asked for.
    pub query: String,
    /// `finfo(T).dtype`: the real component for complex types.
    pub dtype: String,
    pub limits: FloatLimits,
    /// Each float attribute as numpy's (or ml_dtypes') `str()` prints it.
    pub printed: BTreeMap<&'static str, String>,
    /// Each float attribute as a reduced fraction.
    pub fractions: BTreeMap<&'static str, String>,
    /// Each float attribute's exact decimal expansion (with `--exact`).
    pub decimals: BTreeMap<&'static str, String>,
    pub repr: String,
    pub str_: String,
    /// Bytes per value of the dtype asked for.
    pub itemsize: u64,
    /// `--shape`: bytes of an array of that shape.
    pub nbytes: Option<Bytes>,
    pub library: Library,
}

/// `iinfo` of an integer dtype.
#[derive(Debug, Clone)]
pub struct IntInfo {
    pub query: String,
    pub dtype: String,
    pub kind: char,
    pub bits: u32,
    pub min: Exact,
    pub max: Exact,
    pub itemsize: u64,
    pub nbytes: Option<Bytes>,
    pub library: Library,
    pub repr: String,
    pub str_: String,
}

#[derive(Debug, Clone)]
pub enum FinfoEntry {
    Float(Box<FloatInfo>),
    Int(IntInfo),
}

impl Serialize for FinfoEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            FinfoEntry::Float(f) => {
                let l = &f.limits;
                identity(&mut map, &f.dtype, &f.query, f.library, "f", l.bits)?;
                for name in FLOAT_ATTRIBUTES {
                    map.serialize_entry(name, &f.printed.get(name))?;
                }
                map.serialize_entry("precision", &l.precision)?;
                map.serialize_entry("machep", &l.machep)?;
                map.serialize_entry("negep", &l.negep)?;
                map.serialize_entry("minexp", &l.minexp)?;
                map.serialize_entry("maxexp", &l.maxexp)?;
                map.serialize_entry("nexp", &l.nexp)?;
                map.serialize_entry("nmant", &l.nmant)?;
                map.serialize_entry("iexp", &l.iexp)?;
                sizes(&mut map, f.itemsize, f.nbytes.as_ref())?;
                map.serialize_entry("exact", &Ordered(&f.fractions))?;
                if !f.decimals.is_empty() {
                    map.serialize_entry("exact_decimal", &Ordered(&f.decimals))?;
                }
            }
            FinfoEntry::Int(i) => {
                identity(
                    &mut map,
                    &i.dtype,
                    &i.query,
                    i.library,
                    &i.kind.to_string(),
                    i.bits,
                )?;
                map.serialize_entry("min", &i.min)?;
                map.serialize_entry("max", &i.max)?;
                sizes(&mut map, i.itemsize, i.nbytes.as_ref())?;
            }
        }
        map.end()
    }
}

/// The keys every entry starts with: what it is and which library answers for it.
fn identity<M: SerializeMap>(
    map: &mut M,
    dtype: &str,
    query: &str,
    library: Library,
    kind: &str,
    bits: u32,
) -> Result<(), M::Error> {
    map.serialize_entry("dtype", dtype)?;
    map.serialize_entry("query", query)?;
    map.serialize_entry("library", &library)?;
    map.serialize_entry("kind", kind)?;
    map.serialize_entry("bits", &bits)
}

/// The bytes per value, and with `--shape` the bytes of the array.
fn sizes<M: SerializeMap>(
    map: &mut M,
    itemsize: u64,
    nbytes: Option<&Bytes>,
) -> Result<(), M::Error> {
    map.serialize_entry("itemsize", &itemsize)?;
    if let Some(n) = nbytes {
        map.serialize_entry("nbytes", n)?;
    }
    Ok(())
}

/// Float attributes in numpy's order rather than alphabetical.
struct Ordered<'a>(&'a BTreeMap<&'static str, String>);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for name in FLOAT_ATTRIBUTES {
            if let Some(v) = self.0.get(name) {
                map.serialize_entry(name, v)?;
            }
        }
        map.end()
    }
}

/// `finfo`/`iinfo` of `dt` (asked for as `query`), with each value's exact decimal expansion
/// when `exact`; the error says what the dtype is when it is not a number type.
pub fn info(
    query: &str,
    dt: &DType,
    platform: Platform,
    exact: bool,
) -> Result<FinfoEntry, String> {
    let itemsize = dt.itemsize;
    Ok(match numeric(dt) {
        None => return Err(describe_non_numeric(dt)),
        Some(Numeric::Float { limits, dtype }) => FinfoEntry::Float(Box::new(float_info(
            query, &dtype, *limits, platform, itemsize, None, exact,
        ))),
        Some(Numeric::Int {
            limits,
            dtype,
            library,
        }) => {
            let (repr, str_) = iinfo_texts(&limits, &dtype, library);
            FinfoEntry::Int(IntInfo {
                query: query.to_string(),
                dtype,
                kind: if limits.signed { 'i' } else { 'u' },
                bits: limits.bits,
                min: Exact(limits.min),
                max: Exact(limits.max),
                itemsize,
                nbytes: None,
                library,
                repr,
                str_,
            })
        }
    })
}

impl FinfoEntry {
    /// Add the bytes an array of some shape takes in this dtype (`--shape`).
    pub fn set_nbytes(&mut self, nbytes: Bytes) {
        match self {
            FinfoEntry::Float(f) => f.nbytes = Some(nbytes),
            FinfoEntry::Int(i) => i.nbytes = Some(nbytes),
        }
    }
}

/// `repr(finfo)`: numpy formats min and max with `%12.5e` (float16), `%15.7e` (float32) or
/// `%24.16e` (float64), and with `str()` for every other type.
fn finfo_repr(limits: &FloatLimits, platform: Platform, dtype: &str) -> String {
    let decimals = match limits.convention {
        Convention::Numpy(NumpyScalar::Half) => Some(5),
        Convention::Numpy(NumpyScalar::Single) => Some(7),
        Convention::Numpy(NumpyScalar::Double) => Some(16),
        _ => None,
    };
    let (min, max) = match decimals {
        Some(d) => (
            print::percent_e(&limits.min, d),
            print::percent_e(&limits.max, d),
        ),
        None => (
            show(limits, platform, &limits.min),
            show(limits, platform, &limits.max),
        ),
    };
    format!(
        "finfo(resolution={}, min={min}, max={max}, dtype={dtype})",
        show(limits, platform, &limits.resolution)
    )
}

/// `str(finfo)`: numpy's "Machine parameters" block.
fn finfo_str(limits: &FloatLimits, platform: Platform, dtype: &str) -> String {
    let s = |v: &Value| show(limits, platform, v);
    let min = if limits.min == limits.max.negated() {
        "-max".to_string()
    } else {
        s(&limits.min)
    };
    let rule = "---------------------------------------------------------------";
    let FloatLimits {
        precision,
        machep,
        negep,
        minexp,
        maxexp,
        nexp,
        ..
    } = limits;
    let (resolution, eps, epsneg) = (s(&limits.resolution), s(&limits.eps), s(&limits.epsneg));
    let (tiny, max) = (s(&limits.tiny), s(&limits.max));
    let (normal, subnormal) = (s(&limits.smallest_normal), s(&limits.smallest_subnormal));
    // numpy's template, each value beside its name.
    format!(
        "Machine parameters for {dtype}\n{rule}\n\
         precision = {precision}   resolution = {resolution}\n\
         machep = {machep}   eps =        {eps}\n\
         negep =  {negep}   epsneg =     {epsneg}\n\
         minexp = {minexp}   tiny =       {tiny}\n\
         maxexp = {maxexp}   max =        {max}\n\
         nexp =   {nexp}   min =        {min}\n\
         smallest_normal = {normal}   smallest_subnormal = {subnormal}\n{rule}\n"
    )
}

fn iinfo_texts(limits: &IntLimits, dtype: &str, library: Library) -> (String, String) {
    let repr = format!(
        "iinfo(min={}, max={}, dtype={dtype})",
        limits.min, limits.max
    );
    let rule = "---------------------------------------------------------------";
    let str_ = match library {
        Library::Numpy => format!(
            "Machine parameters for {dtype}\n{rule}\nmin = {}\nmax = {}\n{rule}\n",
            limits.min, limits.max
        ),
        // ml_dtypes' iinfo prints its repr for str too.
        Library::MlDtypes => repr.clone(),
    };
    (repr, str_)
}

fn describe_non_numeric(dt: &DType) -> String {
    match &dt.body {
        Body::Bool => "bool, which has no finfo or iinfo".to_string(),
        _ => format!(
            "{} ({}), which is not a number type",
            dt.name(),
            dt.typestr()
        ),
    }
}

fn float_info(
    query: &str,
    dtype: &str,
    limits: FloatLimits,
    platform: Platform,
    itemsize: u64,
    nbytes: Option<Bytes>,
    exact: bool,
) -> FloatInfo {
    let mut printed = BTreeMap::new();
    let mut fractions = BTreeMap::new();
    let mut decimals = BTreeMap::new();
    for name in FLOAT_ATTRIBUTES {
        if let Some(v) = limits.value(name) {
            printed.insert(name, show(&limits, platform, v));
            fractions.insert(name, v.fraction().unwrap_or_default());
            if exact {
                decimals.insert(name, print::exact_decimal(v));
            }
        }
    }
    let library = match limits.convention {
        Convention::Numpy(_) => Library::Numpy,
        Convention::MlDtypes { .. } => Library::MlDtypes,
    };
    FloatInfo {
        query: query.to_string(),
        dtype: dtype.to_string(),
        repr: finfo_repr(&limits, platform, dtype),
        str_: finfo_str(&limits, platform, dtype),
        printed,
        fractions,
        decimals,
        itemsize,
        nbytes,
        library,
        limits,
    }
}
