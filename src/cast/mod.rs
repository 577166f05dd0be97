//! Everything about casting: numpy's rules ([`rules`]: `can_cast` under each rule and
//! `result_type`), npmem's own verdict ([`losses`]: what a cast loses, with the smallest
//! witness of each loss), values stored the way numpy stores them ([`store`]), a tolerance as `np.isclose`
//! judges it ([`tolerance`]), and whole files streamed through a cast ([`scan`]).

pub mod bulk;
pub mod losses;
pub mod promote;
pub mod rules;
pub mod scan;
pub mod store;
pub mod tolerance;

use serde::Serialize;

pub use losses::{Loss, LossKind, losses};
pub use promote::pair::result_type;
pub use rules::{Casting, can_cast, cast_level};

/// A cast by its two dtypes' names: `from` and `to` in every cast report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CastNames {
    pub from: String,
    pub to: String,
}

/// NaNs and infinities among a set of values (`nan_count`, `inf_count`): counted before the
/// cast, in a values summary and in a file scan alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct NonFinite {
    pub nan_count: u64,
    pub inf_count: u64,
}
