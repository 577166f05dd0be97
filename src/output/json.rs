//! `--json`: the documented contract, one document per run, pretty-printed, never coloured.

use serde::Serialize;

/// The whole document, ending in a newline.
pub fn render<T: Serialize>(report: &T) -> Result<String, serde_json::Error> {
    let mut out = serde_json::to_string_pretty(report)?;
    out.push('\n');
    Ok(out)
}

/// JSON lines: one compact object per item and line (`cast-check --each`).
pub fn lines<T: Serialize>(items: &[T]) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    for item in items {
        out.push_str(&serde_json::to_string(item)?);
        out.push('\n');
    }
    Ok(out)
}
