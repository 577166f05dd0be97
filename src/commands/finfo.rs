//! `npmem finfo`: numpy's `finfo` and `iinfo`, exact, for every numeric dtype of the catalogue
//! (including the ml_dtypes formats `np.finfo` rejects), and their comparison.

use std::collections::BTreeMap;

use num_bigint::BigInt;

use crate::dtype::{self, Body, DType, Platform};
use crate::error::Error;
use crate::number::Value;
use crate::number::limits::{Convention, FLOAT_ATTRIBUTES, FloatLimits, IntLimits};
use crate::number::print::{self, NumpyScalar};
pub use crate::numeric::{Numeric, long_double_format, numeric, show};
use crate::report::{Exact, FinfoEntry, FinfoReport, FloatInfo, IntInfo, Library};
use crate::shape;

/// The dtypes compared when none are named: the source material's four.
pub const DEFAULT_DTYPES: [&str; 4] = ["float16", "float32", "float64", "longdouble"];

#[derive(Debug, Clone)]
pub struct FinfoArgs {
    pub dtypes: Vec<String>,
    /// `--shape`: add the memory an array of this shape takes in each dtype.
    pub shape: Option<String>,
    /// `--exact`: show each value's exact decimal expansion.
    pub exact: bool,
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
    format!(
        "Machine parameters for {dtype}\n{rule}\n\
         precision = {}   resolution = {}\n\
         machep = {}   eps =        {}\n\
         negep =  {}   epsneg =     {}\n\
         minexp = {}   tiny =       {}\n\
         maxexp = {}   max =        {}\n\
         nexp =   {}   min =        {min}\n\
         smallest_normal = {}   smallest_subnormal = {}\n{rule}\n",
        limits.precision,
        s(&limits.resolution),
        limits.machep,
        s(&limits.eps),
        limits.negep,
        s(&limits.epsneg),
        limits.minexp,
        s(&limits.tiny),
        limits.maxexp,
        s(&limits.max),
        limits.nexp,
        s(&limits.smallest_normal),
        s(&limits.smallest_subnormal),
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

pub fn run(args: &FinfoArgs, platform: Platform) -> Result<FinfoReport, Error> {
    let names: Vec<String> = if args.dtypes.is_empty() {
        DEFAULT_DTYPES.iter().map(ToString::to_string).collect()
    } else {
        args.dtypes.clone()
    };
    let shape = match &args.shape {
        None => None,
        Some(text) => {
            let dims = shape::parse_shape(text, text)?;
            let known: Option<Vec<u64>> = dims
                .iter()
                .map(|d| match d {
                    shape::Dim::Known(n) => Some(*n),
                    shape::Dim::Unknown => None,
                })
                .collect();
            Some(known.ok_or_else(|| {
                Error::Usage(format!(
                    "--shape {text}: an unknown dimension (? or -1) has nothing to be solved for here"
                ))
            })?)
        }
    };
    let mut entries = Vec::with_capacity(names.len());
    for name in &names {
        let dt = dtype::parse(name, platform)?;
        let nbytes = shape
            .as_ref()
            .map(|dims| Exact(BigInt::from(shape::array_size(dims, &dt).nbytes)));
        let itemsize = dt.itemsize;
        let entry = match numeric(&dt) {
            None => {
                return Err(Error::Usage(format!(
                    "finfo takes numeric dtypes — floats (float16, float32, float64, longdouble, bfloat16, float8_e4m3fn, …), complex (their component's limits) and integers (int8…uint64, int4, …); '{name}' is {}",
                    describe_non_numeric(&dt)
                )));
            }
            Some(Numeric::Float { limits, dtype }) => FinfoEntry::Float(Box::new(float_info(
                name, &dtype, *limits, platform, itemsize, nbytes, args.exact,
            ))),
            Some(Numeric::Int {
                limits,
                dtype,
                library,
            }) => {
                let (repr, str_) = iinfo_texts(&limits, &dtype, library);
                FinfoEntry::Int(IntInfo {
                    query: name.clone(),
                    dtype,
                    kind: if limits.signed { 'i' } else { 'u' },
                    bits: limits.bits,
                    min: Exact(limits.min),
                    max: Exact(limits.max),
                    itemsize,
                    nbytes,
                    library,
                    repr,
                    str_,
                })
            }
        };
        entries.push(entry);
    }
    Ok(FinfoReport {
        dtypes: entries,
        shape,
        exact: args.exact,
    })
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
    nbytes: Option<Exact>,
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
