//! What every view shares: the output settings, JSON writing, colour for a status, Python's
//! shape tuples, and the progress bar. Each command's own view (`commands/<name>/view.rs`)
//! turns its report into words with these; nothing here computes an answer.

pub mod json;
pub mod progress;

use std::io;

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};
use npmem::memory::Status;
use npmem::units::UnitSystem;
use unicode_width::UnicodeWidthStr;

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
    /// Where a memory size was given: `--ram` or `NPMEM_RAM`.
    pub ram_given_with: &'static str,
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

/// The rows of a table written as they are made: a function handing each row, in order, to
/// the callback it is given. It is called twice (once to measure the columns, once to write
/// them), so that no row is held.
pub type Rows<'a> = &'a dyn Fn(&mut dyn FnMut(&[String]));

/// [`fitted_table`] for a table of any number of rows, written to `w` as it is made and laid
/// out as comfy-table lays out [`fitted_table`]'s (columns as wide as their widest cell and a
/// space either side, a space between columns, a line between rows). A table of cells on several lines, or one that
/// does not fit the terminal even without its droppable columns, is left to comfy-table (and
/// held whole).
pub fn streamed_table(
    header: &[&str],
    rows: Rows<'_>,
    right: &[usize],
    droppable: &[usize],
    output: &Output,
    w: &mut dyn io::Write,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    let mut one_line = header.iter().all(|h| !h.contains('\n'));
    rows(&mut |row| {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
            one_line &= !cell.contains('\n');
        }
    });
    // Each column's width with its padding, a junction between columns.
    let total = |keep: &[usize]| -> usize {
        keep.iter().map(|&i| widths[i] + 2).sum::<usize>() + keep.len().saturating_sub(1)
    };
    let mut keep: Vec<usize> = (0..header.len()).collect();
    if let Some(width) = output.width {
        for column in droppable {
            if total(&keep) <= usize::from(width) {
                break;
            }
            keep.retain(|i| i != column);
        }
    }
    let fits = output
        .width
        .is_none_or(|width| total(&keep) <= usize::from(width.max(MIN_WIDTH)));
    if !one_line || !fits {
        let mut all: Vec<Vec<String>> = Vec::new();
        rows(&mut |row| all.push(row.to_vec()));
        return w.write_all(fitted_table(header, &all, right, droppable, output).as_bytes());
    }
    let border = |fill: char| {
        let parts: Vec<String> = keep
            .iter()
            .map(|&i| fill.to_string().repeat(widths[i] + 2))
            .collect();
        let mut line = parts.join(&fill.to_string());
        line.push('\n');
        line
    };
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (n, (&i, cell)) in keep.iter().zip(cells).enumerate() {
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            // The junction between columns, a space.
            if n > 0 {
                s.push(' ');
            }
            s.push(' ');
            if right.contains(&i) {
                s.push_str(&pad);
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&pad);
            }
            s.push(' ');
        }
        let mut s = s.trim_end().to_string();
        s.push('\n');
        s
    };
    let separator = border('─');
    w.write_all(separator.as_bytes())?;
    w.write_all(line(&mut keep.iter().map(|&i| header[i])).as_bytes())?;
    w.write_all(border('═').as_bytes())?;
    let mut result = Ok(());
    let mut first = true;
    rows(&mut |row| {
        if result.is_err() {
            return;
        }
        if !first {
            result = w.write_all(separator.as_bytes());
        }
        first = false;
        if result.is_ok() {
            result = w.write_all(line(&mut keep.iter().map(|&i| row[i].as_str())).as_bytes());
        }
    });
    result?;
    w.write_all(separator.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_letters_kept() {
        for (text, want) in [
            ("w\neight", "w\\neight"),
            ("a\x1b[31mred\x07", "a\\x1b[31mred\\x07"),
            ("cr\rdel\x7f", "cr\\rdel\\x7f"),
            ("c1\u{85}bidi\u{202e}", "c1\\u{85}bidi\\u{202e}"),
            ("poids_épais_重み", "poids_épais_重み"),
        ] {
            assert_eq!(escape(text), want, "escape({text:?})");
        }
        assert!(matches!(escape("plain"), std::borrow::Cow::Borrowed(_)));
    }

    /// The streamed table and comfy-table's agree, character for character.
    #[test]
    fn streamed_tables_read_as_comfy_tables() -> std::io::Result<()> {
        let header = ["spec", "shape", "dtype", "itemsize", "elements", "bytes"];
        let cells = [
            "",
            "a",
            "w.0",
            "model.layers.12.mlp.weight",
            "重み",
            "poids_épais",
            "(1,)",
            "(4096, 11008)",
            "float32",
            "8",
            "1,000,000",
            "12.3 GB",
            "0 B",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for case in 0..60 {
            let count = next() % 6;
            let rows: Vec<Vec<String>> = (0..count)
                .map(|_| {
                    (0..6)
                        .map(|_| cells[next() % cells.len()].to_string())
                        .collect()
                })
                .collect();
            let width = match case % 3 {
                0 => None,
                1 => Some(200),
                _ => Some(u16::try_from(20 + next() % 60).unwrap_or(80)),
            };
            let output = Output {
                color: false,
                units: npmem::units::UnitSystem::Si,
                width,
                units_given: false,
                ram_given_with: "--ram",
            };
            let expected = fitted_table(&header, &rows, &[3, 4, 5], &[3, 4], &output);
            let mut got = Vec::new();
            streamed_table(
                &header,
                &|f| rows.iter().for_each(|r| f(r)),
                &[3, 4, 5],
                &[3, 4],
                &output,
                &mut got,
            )?;
            assert_eq!(String::from_utf8_lossy(&got), expected, "case {case}");
        }
        Ok(())
    }
}
