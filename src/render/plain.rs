//! `--format plain`: one line per result, `key=value` pairs, exact integers; for grep and awk.

use std::fmt::Write as _;

use crate::casting::Casting;
use crate::number::limits::FLOAT_ATTRIBUTES;
use crate::report::{CastReport, EstimateReport, FinfoEntry, FinfoReport, Report, ValuesReport};
use crate::settings::Output;

use super::paint;

pub fn render(report: &Report, output: &Output) -> String {
    match report {
        Report::Estimate(r) => estimate(r, output),
        Report::Finfo(r) => finfo(r),
        Report::Cast(r) => cast(r),
        Report::Values(r) => values(r),
        Report::Scan(r) => scan_plain(r),
    }
}

fn scan_plain(r: &crate::report::ScanReport) -> String {
    format!(
        "scan file={} array={} from={} to={} elements={} min={} max={} nan={} inf={} changed={} overflow={} max_abs_error={} max_rel_error={} smallest_lossless_dtype={} memory_saved_bytes={} lossless={}\n",
        r.file,
        r.array.as_deref().unwrap_or("-"),
        r.from,
        r.to,
        r.elements,
        r.min.as_deref().unwrap_or("-"),
        r.max.as_deref().unwrap_or("-"),
        r.nan_count,
        r.inf_count,
        r.changed,
        r.overflow,
        r.max_abs_error,
        r.max_rel_error,
        r.smallest_lossless_dtype.as_deref().unwrap_or("none"),
        r.memory_saved_bytes.0,
        r.lossless
    )
}

fn values(r: &ValuesReport) -> String {
    let mut s = String::new();
    for v in &r.values {
        let _ = write!(s, "value input={} to={} via={}", v.input, r.to, r.via);
        match (&v.numpy.value, &v.numpy.error) {
            (Some(value), _) => {
                let _ = write!(
                    s,
                    " numpy={value} exact={}",
                    v.numpy.exact.as_deref().unwrap_or("")
                );
            }
            (None, Some(e)) => {
                let _ = write!(s, " error={e:?}");
                if let Some(a) = &v.numpy.astype {
                    let _ = write!(s, " astype={}", a.value.as_deref().unwrap_or(""));
                }
            }
            (None, None) => {}
        }
        if let Some(c) = &v.correctly_rounded {
            let _ = write!(s, " correctly_rounded={}", c.value);
        }
        let _ = writeln!(
            s,
            " is_exact={} overflow={} underflow={} subnormal={}",
            v.exact, v.overflow, v.underflow, v.subnormal
        );
    }
    if let Some(sum) = &r.sum {
        let _ = writeln!(
            s,
            "sum numpy={} numpy_exact={} exact={}",
            sum.numpy.value, sum.numpy.exact, sum.exact
        );
    }
    let _ = writeln!(s, "lossless={}", r.lossless);
    let _ = writeln!(
        s,
        "smallest_lossless_dtype={}",
        r.smallest_lossless_dtype.as_deref().unwrap_or("none")
    );
    s
}

fn cast(r: &CastReport) -> String {
    let mut s = String::new();
    let _ = write!(s, "cast from={} to={}", r.from, r.to);
    for rule in Casting::ALL {
        let _ = write!(s, " {}={}", rule.name(), r.can_cast.get(rule));
    }
    s.push('\n');
    match (&r.result_type, &r.promotion_error) {
        (Some(t), _) => {
            let _ = writeln!(s, "result_type={t}");
        }
        (None, Some(e)) => {
            let _ = writeln!(s, "result_type=none promotion_error={e}");
        }
        (None, None) => {}
    }
    let _ = writeln!(s, "lossless={}", r.lossless);
    for l in &r.losses {
        let kind = serde_json::to_value(l.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "loss kind={kind} witness={} becomes={} message={}",
            l.witness, l.becomes, l.message
        );
    }
    let _ = writeln!(s, "verdict rule={} allowed={}", r.rule, r.allowed);
    s
}

fn finfo(r: &FinfoReport) -> String {
    let mut s = String::new();
    for entry in &r.dtypes {
        match entry {
            FinfoEntry::Float(f) => {
                let l = &f.limits;
                let _ = write!(
                    s,
                    "finfo dtype={} query={} bits={}",
                    f.dtype, f.query, l.bits
                );
                for name in FLOAT_ATTRIBUTES {
                    let _ = write!(
                        s,
                        " {name}={}",
                        f.printed.get(name).map_or("", String::as_str)
                    );
                }
                let _ = write!(
                    s,
                    " precision={} machep={} negep={} minexp={} maxexp={} nexp={} nmant={} iexp={} itemsize={}",
                    l.precision,
                    l.machep,
                    l.negep,
                    l.minexp,
                    l.maxexp,
                    l.nexp,
                    l.nmant,
                    l.iexp,
                    f.itemsize
                );
                if let Some(n) = &f.nbytes {
                    let _ = write!(s, " nbytes={}", n.0);
                }
                s.push('\n');
                if r.exact {
                    for name in FLOAT_ATTRIBUTES {
                        if let Some(d) = f.decimals.get(name) {
                            let _ = writeln!(s, "exact dtype={} {name}={d}", f.dtype);
                        }
                    }
                }
            }
            FinfoEntry::Int(i) => {
                let _ = write!(
                    s,
                    "iinfo dtype={} query={} kind={} bits={} min={} max={} itemsize={}",
                    i.dtype, i.query, i.kind, i.bits, i.min.0, i.max.0, i.itemsize
                );
                if let Some(n) = &i.nbytes {
                    let _ = write!(s, " nbytes={}", n.0);
                }
                s.push('\n');
            }
        }
    }
    s
}

pub(crate) fn shape_tuple(shape: &[u64]) -> String {
    match shape {
        [one] => format!("({one},)"),
        dims => {
            let parts: Vec<String> = dims.iter().map(u64::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn estimate(r: &EstimateReport, output: &Output) -> String {
    let mut s = String::new();
    for a in &r.arrays {
        let _ = write!(
            s,
            "array spec={} shape={} dtype={} dtype_str={} itemsize={} size={} nbytes={}",
            a.spec,
            shape_tuple(&a.shape).replace(' ', ""),
            a.dtype,
            a.dtype_str,
            a.itemsize,
            a.size.0,
            a.nbytes.0
        );
        if let Some(axis) = a.solved_axis {
            let _ = write!(s, " solved_axis={axis}");
        }
        s.push('\n');
        for note in &a.notes {
            let _ = writeln!(s, "note spec={} {note}", a.spec);
        }
        if let Some(c) = &a.chunks {
            chunk_plan(&mut s, &a.spec, c);
        }
    }
    for f in &r.files {
        let by_dtype: Vec<String> = f
            .bytes_by_dtype
            .iter()
            .map(|(d, b)| format!("{d}:{}", b.0))
            .collect();
        let _ = writeln!(
            s,
            "file path={} format={} arrays={} parameters={} memory_bytes={} disk_bytes={} bytes_by_dtype={} bits_per_weight={}",
            f.path,
            f.format,
            f.arrays,
            f.parameters.0,
            f.memory_bytes.0,
            f.disk_bytes,
            by_dtype.join(","),
            f.bits_per_weight.as_deref().unwrap_or("none")
        );
    }
    let m = &r.memory;
    let _ = writeln!(s, "total_bytes={}", r.total_bytes.0);
    let _ = writeln!(
        s,
        "memory source={} total_bytes={} available_bytes={} cgroup_limit_bytes={} usable_bytes={}",
        match m.source {
            crate::memory::MemorySource::Detected => "detected",
            crate::memory::MemorySource::Override => "override",
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
        let opt = |v: &Option<crate::report::Exact>| {
            v.as_ref()
                .map_or_else(|| "none".to_string(), |x| x.0.to_string())
        };
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
            opt(&w.workers_to_persist),
            opt(&w.max_chunk_bytes_that_fit),
            opt(&w.max_threads_that_fit),
            opt(&w.chunk_size_that_fits),
        );
    }
    s
}

fn chunk_plan(s: &mut String, spec: &str, c: &crate::report::ChunkReport) {
    let join = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let _ = writeln!(
        s,
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
    );
    for (axis, d) in c.chunks.0.iter().enumerate() {
        let runs: Vec<String> = d.0.iter().map(|&(size, n)| format!("{size}*{n}")).collect();
        let _ = writeln!(
            s,
            "chunks_axis spec={spec} axis={axis} runs={}",
            runs.join(",")
        );
    }
    for w in &c.warnings {
        let _ = writeln!(s, "warning spec={spec} {w}");
    }
}
