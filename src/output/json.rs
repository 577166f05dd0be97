//! `--json`: the documented contract, one document per run, never coloured. Objects are
//! indented as `serde_json`'s pretty printer does; a list of numbers or strings (a shape, a
//! chunk tuple of 200,000 sizes) is written on one line, so a long list stays one line of
//! output. The JSON value is the same either way.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// The whole document, ending in a newline.
pub fn render<T: Serialize>(report: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(1024);
    write(report, &mut out)?;
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// The whole document, ending in a newline, written to `w` as it is made (no text of the whole
/// document is held).
pub fn write<T: Serialize>(report: &T, w: &mut dyn io::Write) -> Result<(), serde_json::Error> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, ListsOnOneLine::default());
    report.serialize(&mut ser)?;
    w.write_all(b"\n").map_err(serde_json::Error::io)
}

/// Whether the document can be made, keeping none of it: run before [`write`] to standard
/// output, so that a report JSON refuses (a chunk tuple too long) leaves nothing half-written.
pub fn check<T: Serialize>(report: &T) -> Result<(), serde_json::Error> {
    write(report, &mut io::sink())
}

/// How an open list is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    /// No element yet: its first says whether the list is of scalars.
    Undecided,
    /// Elements on one line (`[1, 2, 3]`), and everything inside it.
    OneLine,
    /// One element a line, indented.
    Indented,
}

/// serde_json's pretty printer, but lists of scalars (and anything inside a one-line list) on
/// one line. The separator before a list element is held back until the element starts, when
/// it is known whether the list holds scalars.
#[derive(Default)]
struct ListsOnOneLine {
    /// Open lists and objects; objects as `None`.
    open: Vec<Option<List>>,
    /// Indentation depth of the pretty parts.
    depth: usize,
    /// A list element is about to start: whether it is the first.
    pending: Option<bool>,
    /// Whether the object being written has any member yet.
    members: Vec<bool>,
    /// Inside an object key (a string that is not a value).
    in_key: bool,
}

impl ListsOnOneLine {
    fn one_line(&self) -> bool {
        self.open.contains(&Some(List::OneLine))
    }

    fn indent<W: ?Sized + io::Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Called as any value starts: writes a held-back list separator, deciding the list's form
    /// from its first element.
    fn value<W: ?Sized + io::Write>(&mut self, w: &mut W, scalar: bool) -> io::Result<()> {
        if self.in_key {
            return Ok(());
        }
        let Some(first) = self.pending.take() else {
            return Ok(());
        };
        let inherited = self.one_line_outside();
        if let Some(Some(list)) = self.open.last_mut()
            && *list == List::Undecided
        {
            *list = if scalar || inherited {
                List::OneLine
            } else {
                List::Indented
            };
        }
        if self.open.last() == Some(&Some(List::OneLine)) {
            if !first {
                w.write_all(b", ")?;
            }
        } else {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            self.indent(w)?;
        }
        Ok(())
    }

    /// A list's or an object's closing bracket, on a line of its own when its members were.
    fn close<W: ?Sized + io::Write>(
        &self,
        w: &mut W,
        own_line: bool,
        bracket: &[u8],
    ) -> io::Result<()> {
        if own_line {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    /// Whether a list enclosing the innermost one is on one line.
    fn one_line_outside(&self) -> bool {
        let n = self.open.len().saturating_sub(1);
        self.open[..n].contains(&Some(List::OneLine))
    }
}

macro_rules! scalar {
    ($($name:ident($t:ty)),*) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W, v: $t) -> io::Result<()> {
            self.value(w, true)?;
            CompactFormatter.$name(w, v)
        }
    )*};
}

impl Formatter for ListsOnOneLine {
    fn write_null<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.value(w, true)?;
        CompactFormatter.write_null(w)
    }

    scalar!(
        write_bool(bool),
        write_i8(i8),
        write_i16(i16),
        write_i32(i32),
        write_i64(i64),
        write_i128(i128),
        write_u8(u8),
        write_u16(u16),
        write_u32(u32),
        write_u64(u64),
        write_u128(u128),
        write_f32(f32),
        write_f64(f64),
        write_number_str(&str)
    );

    fn begin_string<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.value(w, true)?;
        CompactFormatter.begin_string(w)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.value(w, false)?;
        let form = if self.one_line() {
            List::OneLine
        } else {
            List::Undecided
        };
        self.open.push(Some(form));
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        // Still undecided: the list is empty.
        let indented = self.open.pop().flatten() == Some(List::Indented);
        self.close(w, indented, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        _w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pending = Some(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.value(w, false)?;
        let one_line = self.one_line();
        self.open.push(None);
        self.members.push(false);
        if !one_line {
            self.depth += 1;
        }
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open.pop();
        let had_members = self.members.pop().unwrap_or(false);
        let spread = !self.one_line();
        if spread {
            self.depth = self.depth.saturating_sub(1);
        }
        self.close(w, spread && had_members, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if let Some(m) = self.members.last_mut() {
            *m = true;
        }
        self.in_key = true;
        if self.one_line() {
            CompactFormatter.begin_object_key(w, first)?;
            if !first {
                w.write_all(b" ")?;
            }
            Ok(())
        } else {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            self.indent(w)
        }
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        PrettyFormatter::new().begin_object_value(w)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_of_scalars_take_one_line_and_the_value_is_unchanged() -> Result<(), serde_json::Error>
    {
        let value = json!({
            "shape": [1000, 1000],
            "chunks": [[500, 500], [1000]],
            "empty": [],
            "none": {},
            "names": ["a", "b"],
            "arrays": [{"spec": "x", "shape": []}, {"spec": "y", "notes": ["n"]}],
            "nested": {"deep": {"list": [1.5, null, true]}},
            "mixed": [1, {"a": [2]}],
        });
        let text = render(&value)?;
        let back: serde_json::Value = serde_json::from_str(&text)?;
        assert_eq!(back, value);
        assert!(text.contains("\"shape\": [1000, 1000]"), "{text}");
        assert!(text.contains("\"chunks\": [\n"), "{text}");
        assert!(text.contains("    [500, 500],\n    [1000]\n  ]"), "{text}");
        assert!(text.contains("\"empty\": []"), "{text}");
        assert!(text.contains("\"none\": {}"), "{text}");
        assert!(text.contains("\"list\": [1.5, null, true]"), "{text}");
        assert!(text.contains("\"mixed\": [1, {\"a\": [2]}]"), "{text}");
        assert!(text.ends_with("}\n"));
        for line in text.lines() {
            assert_eq!(line, line.trim_end(), "trailing space in {line:?}");
        }
        Ok(())
    }

    #[test]
    fn objects_read_as_serde_json_pretty_prints_them() -> Result<(), serde_json::Error> {
        let value = json!({"a": 1, "b": {"c": "d"}, "e": [{"f": 2}]});
        let ours = render(&value)?;
        let theirs = serde_json::to_string_pretty(&value)? + "\n";
        assert_eq!(ours, theirs);
        Ok(())
    }

    #[test]
    fn a_long_list_is_one_line() -> Result<(), serde_json::Error> {
        let sizes: Vec<u64> = vec![1; 200_000];
        let text = render(&json!({ "chunks": [sizes] }))?;
        assert_eq!(text.lines().count(), 5, "{}", &text[..200]);
        Ok(())
    }
}
