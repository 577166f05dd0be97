//! One file per subcommand. Each computes a report; none prints.

pub mod cast_check;
pub mod estimate;
pub mod finfo;
pub mod plan;
