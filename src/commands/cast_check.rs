//! `npmem cast-check FROM TO`: numpy's verdict on a cast under each rule, numpy's promotion,
//! and npmem's own: what the cast really loses, with the smallest witness of each loss.

use crate::casting::{self, Casting};
use crate::dtype::{self, DType, Platform};
use crate::error::Error;
use crate::lossless;
use crate::report::{CastReport, CastVerdicts};

/// The rule a cast is checked against for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Numpy(Casting),
    /// npmem's own: every value survives.
    Lossless,
}

impl Rule {
    pub fn parse(name: &str) -> Option<Rule> {
        if name == "lossless" {
            return Some(Rule::Lossless);
        }
        Casting::from_name(name).map(Rule::Numpy)
    }

    pub fn name(self) -> &'static str {
        match self {
            Rule::Numpy(c) => c.name(),
            Rule::Lossless => "lossless",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CastArgs {
    pub from: String,
    pub to: String,
    pub rule: Rule,
}

/// `str(np.dtype(s))`-style name for reports.
fn display(dt: &DType) -> String {
    match dt.byteorder {
        dtype::ByteOrder::Big => dt.typestr(),
        _ => dt.name(),
    }
}

pub fn run(args: &CastArgs, platform: Platform) -> Result<CastReport, Error> {
    let from =
        dtype::parse(&args.from, platform).map_err(|e| Error::Usage(format!("FROM: {e}")))?;
    let to = dtype::parse(&args.to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
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
        match casting::result_type(&from, &to, platform.long_double) {
            Ok(dt) => (Some(dt.name()), None),
            Err(message) => (None, Some(message)),
        };
    let losses = if level.is_some() {
        lossless::losses(&from, &to, platform)
    } else {
        Vec::new()
    };
    let lossless = level.is_some() && losses.is_empty();
    let allowed = match args.rule {
        Rule::Numpy(rule) => level.is_some_and(|l| l <= rule),
        Rule::Lossless => lossless,
    };
    Ok(CastReport {
        from: display(&from),
        to: display(&to),
        can_cast,
        level: level.map(Casting::name),
        result_type,
        promotion_error,
        lossless,
        losses,
        rule: args.rule.name(),
        allowed,
    })
}
