//! The `descr` of an `.npy` header (and of Zarr v2 metadata, and Dask's literals): numpy's
//! `descr_to_dtype`, from the Python literal [`super::pylit`] reads to a catalogue dtype.

use num_traits::ToPrimitive;

use super::pylit::Lit;
use super::{Body, ByteOrder, DType, Field, Platform};

/// numpy's `descr_to_dtype`: a type string, or a list of `(name, descr[, shape])` fields.
pub fn descr_to_dtype(descr: &Lit, platform: Platform) -> Result<DType, String> {
    match descr {
        Lit::Str(s) => super::parse(s, platform).map_err(|e| format!("descr: {e}")),
        Lit::List(fields) => {
            let mut out = Vec::new();
            let mut offset = 0u64;
            for f in fields {
                let Lit::Tuple(parts) = f else {
                    return Err("a structured descr entry is not a tuple".to_string());
                };
                let name = match parts.first() {
                    Some(Lit::Str(n)) => n.clone(),
                    Some(Lit::Tuple(t)) => match t.get(1) {
                        Some(Lit::Str(n)) => n.clone(),
                        _ => return Err("a field title without a name".to_string()),
                    },
                    _ => return Err("a field without a name".to_string()),
                };
                // np.dtype: "field 'x' occurs more than once".
                if out.iter().any(|f: &Field| f.name == name) {
                    return Err(format!(
                        "field '{}' occurs more than once",
                        super::parse::excerpt(&name)
                    ));
                }
                let mut dt =
                    descr_to_dtype(parts.get(1).ok_or("a field without a type")?, platform)?;
                if let Some(Lit::Tuple(dims)) = parts.get(2) {
                    let dims: Vec<u64> = dims
                        .iter()
                        .map(|d| match d {
                            Lit::Int(n) => n.to_u64().ok_or("a bad subarray dimension"),
                            _ => Err("a bad subarray dimension"),
                        })
                        .collect::<Result<_, _>>()?;
                    // numpy: "invalid shape in fixed-type tuple: dtype size in bytes must fit
                    // into a C int."
                    let too_large = || {
                        "a subarray whose size in bytes overflows: numpy's limit is 2^31-1 \
                         (\"dtype size in bytes must fit into a C int\")"
                    };
                    let itemsize = dims
                        .iter()
                        .try_fold(dt.itemsize, |a, &d| a.checked_mul(d))
                        .filter(|&n| n <= i32::MAX as u64)
                        .ok_or_else(too_large)?;
                    let alignment = dt.alignment;
                    dt = DType {
                        body: Body::Subarray {
                            base: Box::new(dt),
                            shape: dims,
                        },
                        itemsize,
                        alignment,
                        byteorder: ByteOrder::NotApplicable,
                        char: 'V',
                    };
                }
                let size = dt.itemsize;
                out.push(Field {
                    name,
                    dtype: dt,
                    offset,
                });
                offset = offset
                    .checked_add(size)
                    .ok_or("a structured dtype whose size in bytes overflows")?;
            }
            Ok(DType {
                body: Body::Structured(out),
                itemsize: offset,
                alignment: 1,
                byteorder: ByteOrder::NotApplicable,
                char: 'V',
            })
        }
        _ => Err("descr is neither a type string nor a list of fields".to_string()),
    }
}
