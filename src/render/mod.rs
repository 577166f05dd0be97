//! One renderer per output format, each taking any report. No renderer computes.

mod json;
mod plain;
mod python;
mod table;

use crate::report::Report;
use crate::settings::{Format, Output};

/// The whole of stdout for a report, ending in a newline.
pub fn render(report: &Report, output: &Output) -> Result<String, serde_json::Error> {
    Ok(match output.format {
        Format::Json => json::render(report)?,
        Format::Table => table::render(report, output),
        Format::Plain => plain::render(report, output),
        Format::Bytes => match report {
            Report::Estimate(r) => format!("{}\n", r.total_bytes.0),
            Report::Finfo(_) | Report::Cast(_) | Report::Values(_) | Report::Scan(_) => {
                table::render(report, output)
            }
        },
        Format::Repr | Format::Str => match report {
            Report::Finfo(r) => python::render(r, output.format == Format::Repr),
            Report::Estimate(_) | Report::Cast(_) | Report::Values(_) | Report::Scan(_) => {
                table::render(report, output)
            }
        },
    })
}

/// ANSI colour for a status word, when colour is on.
pub(crate) fn paint(text: &str, status: crate::report::Status, color: bool) -> String {
    use crate::report::Status;
    if !color {
        return text.to_string();
    }
    let code = match status {
        Status::Ok => "32",
        Status::Tight => "33",
        Status::Over => "31",
    };
    format!("\x1b[1;{code}m{text}\x1b[0m")
}
