//! `npmem cast-check FROM TO`: numpy's verdict on a cast under each rule, numpy's promotion,
//! and npmem's own: what the cast really loses, with the smallest witness of each loss.

use npmem::Error;
use npmem::cast::CastNames;
use npmem::cast::losses as lossless;
use npmem::cast::rules::{self as casting, Casting};
use npmem::dtype::{self, DType, Platform};

use super::Rule;
use super::report::{CastReport, CastVerdicts};

/// `str(np.dtype(s))`-style name for reports.
fn display(dt: &DType) -> String {
    match dt.byteorder {
        dtype::ByteOrder::Big => dt.typestr(),
        _ => dt.label(),
    }
}

pub fn run(from: &str, to: &str, rule: Rule, platform: Platform) -> Result<CastReport, Error> {
    let from = dtype::parse(from, platform).map_err(|e| Error::Usage(format!("FROM: {e}")))?;
    let to = dtype::parse(to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
    let level = casting::cast_level(&from, &to);
    let allows = |rule: Casting| level.is_some_and(|l| l <= rule);
    let can_cast = CastVerdicts {
        no: allows(Casting::No),
        equiv: allows(Casting::Equiv),
        safe: allows(Casting::Safe),
        same_kind: allows(Casting::SameKind),
        unsafe_: allows(Casting::Unsafe),
    };
    let (result_type, promotion_error) =
        match npmem::cast::result_type(&from, &to, platform.long_double) {
            Ok(dt) => (Some(dt.name()), None),
            Err(message) => (None, Some(message)),
        };
    let losses = if level.is_some() {
        lossless::losses(&from, &to, platform)
    } else {
        Vec::new()
    };
    let lossless = level.is_some() && losses.is_empty();
    let allowed = match rule {
        Rule::Numpy(rule) => level.is_some_and(|l| l <= rule),
        Rule::Lossless => lossless,
    };
    Ok(CastReport {
        kind: "dtypes",
        cast: CastNames {
            from: display(&from),
            to: display(&to),
        },
        can_cast,
        result_type,
        promotion_error,
        lossless,
        losses,
        rule: rule.name(),
        allowed,
    })
}
