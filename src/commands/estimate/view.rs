//! How an estimate reads: a table of arrays, then the budget in words (sizes in one unit per
//! column), or one `key=value` line per result (plain). JSON is the report itself.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use npmem::memory::Status;
use npmem::units::{grouped, human_bytes};

use super::report::{ArrayReport, BudgetSource, ChunkReport, EstimateReport, Part, WorkersReport};
use crate::output::{
    Output, escape, fitted_table, line, paint, shape_tuple, streamed_table, wrapped,
};

/// A file with more arrays than this reads as a summary in the table (its tensors grouped by
/// layer, the largest named); `--tensors` lists every one. Plain and JSON list every array.
pub const SUMMARY_ABOVE: u64 = 20;
/// The most groups a file's summary shows; the rest are one row.
const SUMMARY_GROUPS: usize = 20;

pub fn table(
    r: &EstimateReport,
    output: &Output,
    list_tensors: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let summarised: Vec<&str> = if list_tensors {
        Vec::new()
    } else {
        r.files
            .iter()
            .filter(|f| f.arrays > SUMMARY_ABOVE)
            .map(|f| f.path.as_str())
            .collect()
    };
    let of_summary = |a: &ArrayReport| {
        a.source
            .as_ref()
            .and_then(|s| summarised.iter().position(|p| **p == s.origin))
    };
    // One pass over the arrays: how many are listed, the groups of each summarised file, and a
    // summarised file's notes, each said once with how many arrays it concerns.
    let mut listed = 0usize;
    let mut listed_notes = false;
    let mut summaries: Vec<Summary> = summarised.iter().map(|_| Summary::default()).collect();
    let mut shared: Vec<(String, usize, usize)> = Vec::new();
    let mut shared_at: HashMap<(String, usize), usize> = HashMap::new();
    for a in r.arrays.iter() {
        let Some(k) = of_summary(&a) else {
            listed += 1;
            listed_notes |= !a.notes.is_empty();
            continue;
        };
        for note in &a.notes {
            match shared_at.get(&(note.clone(), k)) {
                Some(&i) => shared[i].2 += 1,
                None => {
                    shared_at.insert((note.clone(), k), shared.len());
                    shared.push((note.clone(), k, 1));
                }
            }
        }
        summaries[k].add(&a);
    }
    drop(shared_at);
    let mut wrote = false;
    if listed > 0 {
        let total = (r.arrays.len() > 1 && summarised.is_empty()).then(|| {
            let mut total = vec![String::new(); 6];
            total[0] = "total".to_string();
            total[5] = output.size(&r.total_bytes.0);
            total
        });
        // Made again as written: a table of a million rows is never held.
        let rows = |row: &mut dyn FnMut(&[String])| {
            for a in r.arrays.iter().filter(|a| of_summary(a).is_none()) {
                row(&array_row(&a, output));
            }
            if let Some(total) = &total {
                row(total);
            }
        };
        streamed_table(
            &["spec", "shape", "dtype", "itemsize", "elements", "bytes"],
            &rows,
            &[3, 4, 5],
            &[3, 4],
            output,
            w,
        )?;
        wrote = true;
    }
    for (path, summary) in summarised.iter().zip(summaries) {
        if wrote {
            w.write_all(b"\n")?;
        }
        w.write_all(summary.render(path, output).as_bytes())?;
        wrote = true;
    }
    if listed_notes || !shared.is_empty() {
        w.write_all(b"\n")?;
    }
    if listed_notes {
        let mut s = String::new();
        for a in r.arrays.iter().filter(|a| of_summary(a).is_none()) {
            for note in &a.notes {
                s.push_str(&wrapped("note: ", &format!("{}: {note}", a.spec), output));
            }
            w.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    let mut s = String::new();
    for (note, k, count) in shared {
        let path = summarised[k];
        let note = if count == 1 {
            format!("{path} (1 array): {note}")
        } else {
            format!("{path} ({count} arrays): {note}")
        };
        s.push_str(&wrapped("note: ", &note, output));
    }
    for part in &r.arrays.0 {
        if let Part::One(a) = part
            && let Some(c) = &a.chunks
        {
            table_chunk_plan(&mut s, &a.spec, c, output);
        }
    }
    for f in &r.files {
        let by_dtype: Vec<String> = f
            .bytes_by_dtype
            .iter()
            .map(|(d, b)| format!("{d} {}", human_bytes(&b.0, output.units)))
            .collect();
        let ratio = f
            .memory_per_disk_hundredths
            .as_ref()
            .map_or_else(String::new, |r| {
                format!(" (memory/disk {}.{:02}×)", r / 100u32, r % 100u32)
            });
        line(
            &mut s,
            &format!(
                "file: {} ({}): {} arrays, {} parameters, {} in memory, {} on disk{ratio}; {}{}",
                f.path,
                f.format,
                f.arrays,
                grouped(&f.parameters.0),
                human_bytes(&f.memory_bytes.0, output.units),
                human_bytes(&f.disk_bytes.0, output.units),
                by_dtype.join(", "),
                f.bits_per_weight
                    .as_ref()
                    .map_or_else(String::new, |b| format!("; {b} bits per weight on disk"))
            ),
        );
    }
    s.push('\n');

    let h = |n: &BigInt| human_bytes(n, output.units);
    let m = &r.memory;
    let memory = match m.source {
        npmem::memory::MemorySource::Override => {
            format!(
                "{} (given with {})",
                output.given_size(&m.usable_bytes.0),
                output.ram_given_with
            )
        }
        npmem::memory::MemorySource::Detected => {
            let cgroup = m
                .cgroup_limit_bytes
                .as_ref()
                .map_or_else(String::new, |c| format!(", cgroup limit {}", h(&c.0)));
            format!(
                "{} usable ({} available of {}{cgroup})",
                h(&m.usable_bytes.0),
                h(&m.available_bytes.0),
                h(&m.total_bytes.0)
            )
        }
    };
    let rows: Vec<(&str, String)> = vec![
        ("memory", memory),
        (
            "budget",
            format!(
                "{} ({})",
                if r.budget_source == BudgetSource::Given {
                    output.given_size(&r.budget_bytes.0)
                } else {
                    h(&r.budget_bytes.0)
                },
                match r.budget_source {
                    BudgetSource::Usable => "usable memory",
                    BudgetSource::Given => "--budget",
                    BudgetSource::Share => "a share of usable memory (--budget %)",
                }
            ),
        ),
        (
            "required",
            if r.temporaries == 0 {
                format!(
                    "{} (the arrays; no temporaries reserved)",
                    h(&r.required_bytes.0)
                )
            } else {
                format!(
                    "{} (the arrays + {} temporaries of {})",
                    h(&r.required_bytes.0),
                    r.temporaries,
                    h(&r.largest_bytes.0)
                )
            },
        ),
        ("headroom", headroom(r, output)),
        ("status", status_line(r, output)),
    ];
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<9} {value}");
    }
    if let Some(workers_report) = &r.workers {
        workers(&mut s, workers_report, output);
    }
    w.write_all(s.as_bytes())
}

/// A listed array's row in the table.
fn array_row(a: &ArrayReport, output: &Output) -> Vec<String> {
    let mut shape = shape_tuple(&a.shape);
    if let Some(axis) = a.solved_axis {
        let _ = write!(shape, "  (axis {axis} solved)");
    }
    vec![
        escape(&a.spec).into_owned(),
        shape,
        escape(&a.dtype).into_owned(),
        a.itemsize
            .map_or_else(|| "—".to_string(), |i| i.to_string()),
        grouped(&a.size.0),
        output.size(&a.nbytes.0),
    ]
}

/// A tensor name with its numbered parts (`model.layers.3.mlp`: `3`) taken out: the template
/// (`model.layers.{}.mlp`) and the numbers.
fn template(name: &str) -> (String, Vec<u64>) {
    let mut out = String::with_capacity(name.len());
    let mut numbers = Vec::new();
    for part in name.split_inclusive(['.', '/', '_', '-']) {
        let (body, sep) = match part.char_indices().last() {
            Some((at, '.' | '/' | '_' | '-')) => (&part[..at], &part[at..]),
            _ => (part, ""),
        };
        match body.parse::<u64>() {
            Ok(n) if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) => {
                numbers.push(n);
                out.push_str("{}");
            }
            _ => out.push_str(body),
        }
        out.push_str(sep);
    }
    (out, numbers)
}

/// A group's name (its names' numbers a column per numbered part): each numbered part as its one value, a range `{0..31}` when the values run
/// without a gap, else how many there are.
fn group_name(template: &str, columns: &[Vec<u64>]) -> String {
    let mut parts = template.split("{}");
    let mut out = parts.next().unwrap_or_default().to_string();
    for (i, rest) in parts.enumerate() {
        let mut values: Vec<u64> = columns.get(i).cloned().unwrap_or_default();
        values.sort_unstable();
        values.dedup();
        match values.as_slice() {
            [one] => {
                let _ = write!(out, "{one}");
            }
            [first, .., last] if last - first + 1 == values.len() as u64 => {
                let _ = write!(out, "{{{first}..{last}}}");
            }
            many => {
                let _ = write!(out, "{{{} values}}", many.len());
            }
        }
        out.push_str(rest);
    }
    out
}

/// An exact sum, kept without a heap allocation while it fits in a `u128`.
#[derive(Debug, Default, Clone)]
struct Sum {
    small: u128,
    big: Option<Box<BigInt>>,
}

impl Sum {
    fn add(&mut self, n: &BigInt) {
        if let Some(v) = n.to_u128()
            && let Some(sum) = self.small.checked_add(v)
        {
            self.small = sum;
            return;
        }
        **self.big.get_or_insert_with(Box::default) += n;
    }

    fn value(&self) -> BigInt {
        BigInt::from(self.small) + self.big.as_deref().cloned().unwrap_or_default()
    }
}

impl PartialEq for Sum {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Sum {}

impl PartialOrd for Sum {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Sum {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (&self.big, &other.big) {
            (None, None) => self.small.cmp(&other.small),
            _ => self.value().cmp(&other.value()),
        }
    }
}

/// One summarised file's arrays, added up one at a time: grouped by layer (same name but for
/// its numbers, same shape and dtype), largest groups first, and its largest arrays.
#[derive(Default)]
struct Summary {
    /// Each group's key (`{template length}.{shape length}.{template}{shape}{dtype}`) and its
    /// place in `groups`.
    index: HashMap<Box<str>, usize>,
    groups: Vec<Group>,
    arrays: usize,
    total: BigInt,
    /// The three largest arrays so far (name and bytes): largest first, earlier first among
    /// equals.
    largest: Vec<(String, BigInt)>,
}

/// Arrays of one layer: the numbers of their names, one column per numbered part.
struct Group {
    columns: Vec<Vec<u64>>,
    count: usize,
    bytes: Sum,
}

impl Summary {
    fn add(&mut self, a: &ArrayReport) {
        let name = a
            .source
            .as_ref()
            .and_then(|s| s.tensor.clone().or_else(|| s.member.clone()))
            .unwrap_or_else(|| a.spec.clone());
        let (template, numbers) = template(&name);
        let shape = shape_tuple(&a.shape);
        let key = format!(
            "{}.{}.{template}{shape}{}",
            template.len(),
            shape.len(),
            a.dtype
        );
        let i = match self.index.get(key.as_str()) {
            Some(&i) => i,
            None => {
                self.index.insert(key.into_boxed_str(), self.groups.len());
                self.groups.push(Group {
                    columns: vec![Vec::new(); numbers.len()],
                    count: 0,
                    bytes: Sum::default(),
                });
                self.groups.len() - 1
            }
        };
        let g = &mut self.groups[i];
        for (column, n) in g.columns.iter_mut().zip(&numbers) {
            column.push(*n);
        }
        g.count += 1;
        g.bytes.add(&a.nbytes.0);
        self.arrays += 1;
        self.total += &a.nbytes.0;
        match self.largest.iter().position(|(_, b)| a.nbytes.0 > *b) {
            Some(at) => {
                self.largest.insert(at, (name, a.nbytes.0.clone()));
                self.largest.truncate(3);
            }
            None if self.largest.len() < 3 => self.largest.push((name, a.nbytes.0.clone())),
            None => {}
        }
    }

    fn render(self, path: &str, output: &Output) -> String {
        let Summary {
            index,
            groups,
            arrays,
            total,
            largest,
        } = self;
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| groups[b].bytes.cmp(&groups[a].bytes));
        let shown = &order[..order.len().min(SUMMARY_GROUPS)];
        let mut keys: Vec<&str> = vec![""; shown.len()];
        for (key, i) in &index {
            if let Some(at) = shown.iter().position(|s| s == i) {
                keys[at] = key;
            }
        }
        let mut rows: Vec<Vec<String>> = shown
            .iter()
            .zip(keys)
            .map(|(&i, key)| {
                let g = &groups[i];
                let (template, shape, dtype) = split_key(key);
                vec![
                    escape(&group_name(template, &g.columns)).into_owned(),
                    grouped(&g.count),
                    shape.to_string(),
                    escape(dtype).into_owned(),
                    output.size(&g.bytes.value()),
                ]
            })
            .collect();
        if groups.len() > SUMMARY_GROUPS {
            let rest = &order[SUMMARY_GROUPS..];
            let count: usize = rest.iter().map(|&i| groups[i].count).sum();
            let mut bytes = Sum::default();
            for &i in rest {
                bytes.add(&groups[i].bytes.value());
            }
            rows.push(vec![
                format!("… {} more groups", rest.len()),
                grouped(&count),
                String::new(),
                String::new(),
                output.size(&bytes.value()),
            ]);
        }
        rows.push(vec![
            "total".to_string(),
            grouped(&arrays),
            String::new(),
            String::new(),
            output.size(&total),
        ]);
        let mut s = format!(
            "{}: {} arrays in {} groups (every array: --tensors)\n",
            escape(path),
            grouped(&arrays),
            grouped(&groups.len())
        );
        s.push_str(&fitted_table(
            &["arrays", "count", "shape", "dtype", "bytes"],
            &rows,
            &[1, 4],
            &[1, 2],
            output,
        ));
        let named: Vec<String> = largest
            .iter()
            .map(|(name, bytes)| format!("{} {}", escape(name), output.size(bytes)))
            .collect();
        let _ = writeln!(s, "largest: {}", named.join(", "));
        s
    }
}

/// A group's key as its template, shape and dtype.
fn split_key(key: &str) -> (&str, &str, &str) {
    let mut parts = key.splitn(3, '.');
    let mut length = || parts.next().and_then(|n| n.parse::<usize>().ok());
    let (Some(t), Some(s)) = (length(), length()) else {
        return ("", "", "");
    };
    let rest = parts.next().unwrap_or_default();
    let template = rest.get(..t).unwrap_or_default();
    let shape = rest.get(t..t + s).unwrap_or_default();
    let dtype = rest.get(t + s..).unwrap_or_default();
    (template, shape, dtype)
}

/// Chunk sizes along one axis as runs: `5792 ×17, 1536`, summarised past a few runs.
pub(crate) fn runs_text(d: &npmem::dask::Runs) -> String {
    const SHOWN: usize = 6;
    let mut parts: Vec<String> =
        d.0.iter()
            .take(SHOWN)
            .map(|&(size, n)| {
                if n == 1 {
                    size.to_string()
                } else {
                    format!("{size} ×{n}")
                }
            })
            .collect();
    if d.0.len() > SHOWN {
        parts.push(format!("… ({} chunks in all)", d.len()));
    }
    parts.join(", ")
}

fn table_chunk_plan(s: &mut String, spec: &str, c: &ChunkReport, output: &Output) {
    let h = |n: &BigInt| human_bytes(n, output.units);
    let per_dim: Vec<String> = c.count_per_dim.iter().map(u64::to_string).collect();
    let count = if per_dim.len() > 1 {
        format!("{} = {}", per_dim.join(" × "), grouped(&c.count.0))
    } else {
        grouped(&c.count.0)
    };
    line(
        s,
        &format!(
            "chunks: {spec}: {} chunks of up to {}, {count} in all ({}, limit {})",
            shape_tuple(&c.chunk_shape),
            h(&c.max_chunk_bytes.0),
            c.requested,
            output.given_size(&c.limit_bytes.0)
        ),
    );
    for (axis, d) in c.chunks.0.iter().enumerate() {
        let _ = writeln!(s, "  axis {axis}: {}", runs_text(d));
    }
    if let (Some(reads), Some(aligned)) = (&c.storage_chunks_per_chunk, c.aligned) {
        let _ = writeln!(
            s,
            "  previous chunks: each chunk reads at most {} of them{}",
            grouped(&reads.0),
            if aligned {
                " (aligned: every boundary is one of theirs)"
            } else {
                " (not aligned)"
            }
        );
    }
    for w in &c.warnings {
        line(s, &format!("warning: {spec}: {w}"));
    }
}

fn workers(s: &mut String, w: &WorkersReport, output: &Output) {
    let h = |n: &BigInt| human_bytes(n, output.units);
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    s.push('\n');
    let mut rows: Vec<(&str, String)> = vec![
        (
            "workers",
            format!(
                "{} × {}, {} each ({}); {} in all for {} of arrays",
                w.count,
                plural(w.threads_per_worker, "thread", "threads"),
                output.given_size(&w.worker_memory_bytes.0),
                w.worker_memory_source,
                h(&w.cluster_memory_bytes.0),
                h(&w.array_bytes.0)
            ),
        ),
        (
            "needs",
            format!(
                "{} a worker: {} × {} in flight × {} (the largest chunk) + {} reserve",
                h(&w.per_worker_required_bytes.0),
                plural(w.threads_per_worker, "thread", "threads"),
                plural(w.chunks_in_flight, "chunk", "chunks"),
                h(&w.chunk_bytes.0),
                output.given_size(&w.reserve_bytes.0)
            ),
        ),
    ];
    let fit = &w.would_fit;
    let mut fits = Vec::new();
    if let Some(m) = &fit.max_chunk_bytes_that_fit {
        let mut t = format!("chunks up to {}", h(&m.0));
        if let Some(l) = &fit.chunk_size_that_fits {
            let _ = write!(t, " (--chunk-size {})", l.0);
        }
        fits.push(t);
    }
    if let Some(t) = &fit.max_threads_that_fit {
        fits.push(format!("{} threads per worker", grouped(&t.0)));
    }
    if !fits.is_empty() {
        rows.push(("would fit", fits.join(", or ")));
    }
    rows.push((
        "persist",
        match &w.workers_to_persist {
            Some(n) => format!(
                "held in memory, the arrays need {} worker{} of this size",
                grouped(&n.0),
                if n.0 == BigInt::from(1) { "" } else { "s" }
            ),
            None => "a worker has no room beyond its reserve".to_string(),
        },
    ));
    let word = paint(w.status.as_str(), w.status, output.color);
    let why = match w.status {
        Status::Ok => {
            "each worker fits its chunks in flight, with room for at least one chunk more (the exit code follows this status)"
        }
        Status::Tight => {
            "each worker fits its chunks in flight, but not one chunk more (the exit code follows this status)"
        }
        Status::Over => "a worker needs more memory than it has (exit code 1)",
    };
    rows.push(("workers status", format!("{word}: {why}")));
    for (key, value) in rows {
        let _ = writeln!(s, "{key:<14} {value}");
    }
}

fn headroom(r: &EstimateReport, output: &Output) -> String {
    let h = |n: &BigInt| human_bytes(n, output.units);
    match (&r.temporaries_that_fit, r.status) {
        (_, Status::Over) => format!(
            "{} (short by {})",
            h(&r.headroom_bytes.0),
            h(&(-r.headroom_bytes.0.clone()))
        ),
        (None, _) => format!("{} (the arrays are empty)", h(&r.headroom_bytes.0)),
        (Some(n), _) => format!(
            "{}: room for {} more array{} the size of the largest",
            h(&r.headroom_bytes.0),
            grouped(&n.0),
            if n.0 == BigInt::from(1) { "" } else { "s" }
        ),
    }
}

fn status_line(r: &EstimateReport, output: &Output) -> String {
    let word = paint(r.status.as_str(), r.status, output.color);
    let t = r.temporaries;
    let reserved = match t {
        0 => String::new(),
        1 => " with the 1 temporary reserved".to_string(),
        n => format!(" with the {n} temporaries reserved"),
    };
    let why = match r.status {
        Status::Ok if t == 0 => "the arrays fit, with room for at least one more array the size of the largest (a temporary such as a + b)".to_string(),
        Status::Ok => format!("the arrays fit{reserved}, and room is left for at least one more array the size of the largest"),
        Status::Tight if t == 0 => "the arrays fit, but less than one more array the size of the largest: an operation making a temporary that size (a + b) would not fit".to_string(),
        Status::Tight => format!("the arrays fit{reserved}, but not one temporary more"),
        Status::Over => {
            let what = if t > 0 && r.total_bytes.0 <= r.budget_bytes.0 {
                format!("the arrays fit the budget, but not{reserved}")
            } else {
                "the arrays do not fit the budget".to_string()
            };
            if r.workers.is_some() {
                format!("on one machine, {what} (with --workers, the exit code follows the workers status below)")
            } else {
                format!("{what} (exit code 1)")
            }
        }
    };
    format!("{word}: {why}")
}

pub fn plain(r: &EstimateReport, output: &Output, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    for a in r.arrays.iter() {
        let mut array = String::new();
        let _ = write!(
            array,
            "array spec={} shape={} dtype={} dtype_str={} itemsize={} size={} nbytes={}",
            a.spec,
            shape_tuple(&a.shape).replace(' ', ""),
            a.dtype,
            a.dtype_str,
            a.itemsize
                .map_or_else(|| "-".to_string(), |i| i.to_string()),
            a.size.0,
            a.nbytes.0
        );
        if let Some(axis) = a.solved_axis {
            let _ = write!(array, " solved_axis={axis}");
        }
        line(&mut s, &array);
        for note in &a.notes {
            line(&mut s, &format!("note spec={} {note}", a.spec));
        }
        if let Some(c) = &a.chunks {
            plain_chunk_plan(&mut s, &a.spec, c);
        }
        w.write_all(s.as_bytes())?;
        s.clear();
    }
    for f in &r.files {
        let by_dtype: Vec<String> = f
            .bytes_by_dtype
            .iter()
            .map(|(d, b)| format!("{d}:{}", b.0))
            .collect();
        line(
            &mut s,
            &format!(
                "file path={} format={} arrays={} parameters={} memory_bytes={} disk_bytes={} bytes_by_dtype={} bits_per_weight={}",
                f.path,
                f.format,
                f.arrays,
                f.parameters.0,
                f.memory_bytes.0,
                f.disk_bytes,
                by_dtype.join(","),
                f.bits_per_weight
                    .map_or_else(|| "none".to_string(), |b| b.to_string())
            ),
        );
    }
    let m = &r.memory;
    let _ = writeln!(s, "total_bytes={}", r.total_bytes.0);
    let _ = writeln!(
        s,
        "memory source={} total_bytes={} available_bytes={} cgroup_limit_bytes={} usable_bytes={}",
        match m.source {
            npmem::memory::MemorySource::Detected => "detected",
            npmem::memory::MemorySource::Override => "override",
        },
        m.total_bytes.0,
        m.available_bytes.0,
        m.cgroup_limit_bytes
            .as_ref()
            .map_or_else(|| "none".to_string(), |c| c.0.to_string()),
        m.usable_bytes.0
    );
    let _ = writeln!(s, "budget_bytes={}", r.budget_bytes.0);
    let _ = writeln!(s, "temporaries={}", r.temporaries);
    let _ = writeln!(s, "required_bytes={}", r.required_bytes.0);
    let _ = writeln!(s, "headroom_bytes={}", r.headroom_bytes.0);
    let _ = writeln!(
        s,
        "temporaries_that_fit={}",
        r.temporaries_that_fit
            .as_ref()
            .map_or_else(|| "unlimited".to_string(), |t| t.0.to_string())
    );
    let _ = writeln!(
        s,
        "status={}",
        paint(r.status.as_str(), r.status, output.color)
    );
    if let Some(w) = &r.workers {
        let opt = |v: Option<&BigInt>| v.map_or_else(|| "none".to_string(), ToString::to_string);
        let _ = writeln!(
            s,
            "workers count={} threads_per_worker={} worker_memory_bytes={} per_worker_required_bytes={} status={} chunks_in_flight={} reserve_bytes={} chunk_bytes={} cluster_memory_bytes={} array_bytes={} workers_to_persist={} max_chunk_bytes_that_fit={} max_threads_that_fit={} chunk_size_that_fits={}",
            w.count,
            w.threads_per_worker,
            w.worker_memory_bytes.0,
            w.per_worker_required_bytes.0,
            paint(w.status.as_str(), w.status, output.color),
            w.chunks_in_flight,
            w.reserve_bytes.0,
            w.chunk_bytes.0,
            w.cluster_memory_bytes.0,
            w.array_bytes.0,
            opt(w.workers_to_persist.as_ref().map(|x| &x.0)),
            opt(w.would_fit.max_chunk_bytes_that_fit.as_ref().map(|x| &x.0)),
            opt(w.would_fit.max_threads_that_fit.as_ref().map(|x| &x.0)),
            opt(w.would_fit.chunk_size_that_fits.as_ref().map(|x| &x.0)),
        );
    }
    w.write_all(s.as_bytes())
}

fn plain_chunk_plan(s: &mut String, spec: &str, c: &ChunkReport) {
    let join = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    line(
        s,
        &format!(
            "chunks spec={spec} chunk_shape={} count={} count_per_dim={} max_chunk_bytes={} limit_bytes={} previous_chunks={} storage_chunks_per_chunk={} aligned={}",
            shape_tuple(&c.chunk_shape).replace(' ', ""),
            c.count.0,
            join(&c.count_per_dim),
            c.max_chunk_bytes.0,
            c.limit_bytes.0,
            c.previous_chunks.as_ref().map_or_else(
                || "none".to_string(),
                |p| serde_json::Value::Array(p.clone()).to_string()
            ),
            c.storage_chunks_per_chunk
                .as_ref()
                .map_or_else(|| "none".to_string(), |x| x.0.to_string()),
            c.aligned
                .map_or("none", |a| if a { "true" } else { "false" }),
        ),
    );
    for (axis, d) in c.chunks.0.iter().enumerate() {
        let runs: Vec<String> = d.0.iter().map(|&(size, n)| format!("{size}*{n}")).collect();
        line(
            s,
            &format!(
                "chunks_axis spec={spec} axis={axis} runs={}",
                runs.join(",")
            ),
        );
    }
    for w in &c.warnings {
        line(s, &format!("warning spec={spec} {w}"));
    }
}
