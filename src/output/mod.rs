//! What every view shares: the output settings, JSON writing, colour for a status, Python's
//! shape tuples, and the progress bar. Each command's own view (`commands/<name>/view.rs`)
//! turns its report into words with these; nothing here computes an answer.

pub mod json;
pub mod progress;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use npmem::memory::Status;
use npmem::units::UnitSystem;

/// The forms every command prints in; a command with more wraps this in its own enum
/// (`estimate --bytes`, `finfo --format repr`), so a form no command has cannot be asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Plain,
    Json,
}

/// How views write: colour (never in JSON) and units for sizes people read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub color: bool,
    pub units: UnitSystem,
    /// The width tables are laid out in (the terminal's, or `COLUMNS`); `None`: as wide as
    /// their content (output to a pipe or file).
    pub width: Option<u16>,
    /// Whether `--units` was given: then every size is shown in it, even one the user wrote
    /// in the other system.
    pub units_given: bool,
}

impl Output {
    /// A byte count for people, in the largest unit that fits it.
    pub fn size(&self, bytes: &num_bigint::BigInt) -> String {
        npmem::units::human_bytes(bytes, self.units)
    }

    /// A size the user gave (or a default written in IEC, as Dask's 128MiB): in the units it
    /// was written in, unless `--units` says otherwise.
    pub fn given_size(&self, bytes: &num_bigint::BigInt) -> String {
        let units = if self.units_given {
            self.units
        } else {
            npmem::units::units_of_given(bytes, self.units)
        };
        npmem::units::human_bytes(bytes, units)
    }
}

/// The narrowest width a table is squeezed into.
const MIN_WIDTH: u16 = 20;

/// Lay a table out for the terminal: wrapped into [`Output::width`] columns when there is one,
/// else as wide as its content (so piped output is never wrapped).
pub fn arrange<'t>(table: &'t mut Table, output: &Output) -> &'t mut Table {
    match output.width {
        Some(w) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w.max(MIN_WIDTH)),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    }
}

/// A table's text, no line ending in spaces, ending in a newline.
pub fn render(table: &Table) -> String {
    let mut s = String::new();
    for line in table.to_string().lines() {
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// ANSI colour for a status word, when colour is on.
pub fn paint(text: &str, status: Status, color: bool) -> String {
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

/// A shape as Python prints the tuple: `(3,)`, `(2, 3)`, `()`.
pub fn shape_tuple(shape: &[u64]) -> String {
    match shape {
        [one] => format!("({one},)"),
        dims => {
            let parts: Vec<String> = dims.iter().map(u64::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// Text from a file (a member, tensor or field name, a Zarr path, a file name) made safe to
/// print on a terminal or in a log: control characters (C0, DEL, C1) and the bidirectional
/// overrides are written as escapes (`\n`, `\x1b`, `\u{202e}`), so a name cannot forge a line,
/// move the cursor or recolour the screen. Other text, non-ASCII letters included, is kept.
/// JSON needs none of this: serde escapes what JSON must.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) && (c as u32) < 0x80 => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\x{:02x}", c as u32));
            }
            c if unsafe_char(c) => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Append one line of text to `s`, escaped as [`escape`] escapes it: whatever names it holds,
/// it stays one line.
pub fn line(s: &mut String, text: &str) {
    s.push_str(&escape(text));
    s.push('\n');
}

/// `text` after `first` (a label, `note: `), broken at spaces into lines of at most the
/// output's width when it has one, each line after the first indented as far as the text
/// starts; a word longer than a line stays whole. Text from files is escaped as [`escape`]
/// escapes it. Ends in a newline; no line ends in spaces.
pub fn wrapped(first: &str, text: &str, output: &Output) -> String {
    let mut s = wrap(first, &escape(text), output.width);
    s.push('\n');
    s
}

/// [`wrapped`] without the last newline, for text painted afterwards.
pub fn wrap(first: &str, text: &str, width: Option<u16>) -> String {
    let indent = first.chars().count();
    let Some(width) = width.map(|w| usize::from(w.max(MIN_WIDTH))) else {
        return format!("{first}{text}").trim_end().to_string();
    };
    let mut out = first.to_string();
    let mut used = indent;
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let n = word.chars().count();
        if !empty && used + 1 + n > width {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            used = indent;
            empty = true;
        }
        if !empty {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += n;
        empty = false;
    }
    out.trim_end().to_string()
}

/// A table with `header` and `rows`, fitted to the output's width: when it is wider, the
/// columns in `droppable` go first (in that order), then cells wrap.
pub fn fitted_table(
    header: &[&str],
    rows: &[Vec<String>],
    right: &[usize],
    droppable: &[usize],
    output: &Output,
) -> String {
    fitted(
        header,
        rows,
        Columns {
            right,
            droppable,
            row_lines: true,
        },
        output,
    )
}

/// How a fitted table lays out its columns.
pub struct Columns<'a> {
    /// Columns aligned right.
    pub right: &'a [usize],
    /// Columns dropped, in this order, while the table is wider than the output.
    pub droppable: &'a [usize],
    /// A rule between rows.
    pub row_lines: bool,
}

/// [`fitted_table`], with or without rules between rows.
pub fn fitted(header: &[&str], rows: &[Vec<String>], columns: Columns, output: &Output) -> String {
    let Columns {
        right,
        droppable,
        row_lines,
    } = columns;
    let build = |dropped: &[usize]| {
        let keep: Vec<usize> = (0..header.len()).filter(|i| !dropped.contains(i)).collect();
        let mut table = Table::new();
        let style = if row_lines {
            presets::UTF8_HORIZONTAL_ONLY
        } else {
            presets::UTF8_HORIZONTAL_ONLY.row_separator(comfy_table::LineStyle::none())
        };
        table
            .load_style(style)
            .set_header(keep.iter().map(|&i| header[i]).collect::<Vec<_>>());
        for row in rows {
            table.add_row(keep.iter().map(|&i| row[i].clone()).collect::<Vec<_>>());
        }
        for (to, from) in keep.iter().enumerate() {
            if right.contains(from)
                && let Some(col) = table.column_mut(to)
            {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        table
    };
    let widest = |t: &Table| t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut dropped: Vec<usize> = Vec::new();
    let mut table = build(&dropped);
    if let Some(width) = output.width {
        for &column in droppable {
            if widest(&table) <= usize::from(width) {
                break;
            }
            dropped.push(column);
            table = build(&dropped);
        }
    }
    arrange(&mut table, output);
    render(&table)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn control_characters_are_escaped_and_letters_kept() {
        assert_eq!(escape("w\neight"), "w\\neight");
        assert_eq!(escape("a\x1b[31mred\x07"), "a\\x1b[31mred\\x07");
        assert_eq!(escape("cr\rdel\x7f"), "cr\\rdel\\x7f");
        assert_eq!(escape("c1\u{85}bidi\u{202e}"), "c1\\u{85}bidi\\u{202e}");
        assert_eq!(escape("poids_épais_重み"), "poids_épais_重み");
        assert!(matches!(escape("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
