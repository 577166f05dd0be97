//! `--format repr` and `--format str`: exactly what Python prints for `repr(np.finfo(T))` and
//! `str(np.finfo(T))` (or `iinfo`, or ml_dtypes' own), one dtype after another.

use crate::report::{FinfoEntry, FinfoReport};

pub fn render(r: &FinfoReport, repr: bool) -> String {
    let texts: Vec<&str> = r
        .dtypes
        .iter()
        .map(|e| match (e, repr) {
            (FinfoEntry::Float(f), true) => f.repr.as_str(),
            (FinfoEntry::Float(f), false) => f.str_.as_str(),
            (FinfoEntry::Int(i), true) => i.repr.as_str(),
            (FinfoEntry::Int(i), false) => i.str_.as_str(),
        })
        .collect();
    let mut out = String::new();
    for (i, text) in texts.iter().enumerate() {
        if i > 0 && !repr {
            out.push('\n');
        }
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
