//! `--json`: the documented contract, one document per run, pretty-printed, never coloured.

use crate::report::Report;

pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let mut out = match report {
        Report::Estimate(r) => serde_json::to_string_pretty(r)?,
        Report::Finfo(r) => serde_json::to_string_pretty(r)?,
        Report::Cast(r) => serde_json::to_string_pretty(r)?,
        Report::Values(r) => serde_json::to_string_pretty(r)?,
        Report::Scan(r) => serde_json::to_string_pretty(r)?,
    };
    out.push('\n');
    Ok(out)
}
