//! `npmem finfo`: numpy's `finfo` and `iinfo`, exact, for every numeric dtype of the catalogue
//! (including the ml_dtypes formats `np.finfo` rejects), and their comparison.

pub mod view;

use serde::Serialize;

use npmem::Error;
use npmem::dtype::finfo::{FinfoEntry, info};
use npmem::dtype::{self, Platform};
use npmem::shape;

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

#[derive(Debug, Clone, Serialize)]
pub struct FinfoReport {
    pub dtypes: Vec<FinfoEntry>,
    /// How a spelling that is not numpy's (`bf16`), or means more elsewhere (`U8`), was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip)]
    pub shape: Option<Vec<u64>>,
    #[serde(skip)]
    pub exact: bool,
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
            Some(shape::known(&dims).ok_or_else(|| {
                Error::Usage(format!(
                    "--shape {text}: an unknown dimension (? or -1) has nothing to be solved for here"
                ))
            })?)
        }
    };
    let mut entries = Vec::with_capacity(names.len());
    let mut notes = Vec::new();
    for name in &names {
        let read = dtype::spelling::read(name, platform)?;
        notes.extend(read.note);
        let dt = read.dtype;
        let mut entry = info(name, &dt, platform, args.exact).map_err(|what| {
            Error::Usage(format!(
                "finfo takes numeric dtypes — floats (float16, float32, float64, longdouble, bfloat16, float8_e4m3fn, …), complex (their component's limits) and integers (int8…uint64, int4, …); '{name}' is {what}"
            ))
        })?;
        if let Some(dims) = &shape {
            entry.set_nbytes(shape::array_size(dims, &dt).nbytes());
        }
        entries.push(entry);
    }
    Ok(FinfoReport {
        dtypes: entries,
        notes,
        shape,
        exact: args.exact,
    })
}
