//! `npmem estimate`: how much memory these arrays take, and whether they fit with room left for
//! intermediate results.

pub mod plan;
pub mod report;
pub mod view;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::Zero;

use npmem::Error;
use npmem::dtype::{self, Platform};
use npmem::files::{self, Argument, ElementType, Format};
use npmem::memory::{Allowance, MemoryInfo, Status};
use npmem::shape::{self, Dim, Spec};
use npmem::units::{Budget, Bytes, Exact};

use plan::{ArrayInput, PlanArgs};
use report::{
    ArrayReport, Arrays, BudgetSource, EstimateReport, FileSummary, MemoryReport, Part, Source,
};

#[derive(Debug, Clone)]
pub struct EstimateArgs {
    /// The arrays: shape specs and files, the dtype for specs that name none, and `--as DTYPE`
    /// (what the files' arrays would take in another dtype).
    pub specs: Vec<String>,
    pub dtype: String,
    pub as_dtype: Option<String>,
    /// `--chunks`, `--workers` and their friends: Dask chunk plans and memory per worker.
    pub plan: PlanArgs,
    /// The memory they are checked against (`--ram`, `--budget`), and `--temporaries`: how
    /// many more arrays the size of the largest must fit beside them.
    pub memory: Allowance,
    pub temporaries: u64,
}

struct Resolved {
    spec: Spec,
    dtype_text: String,
    dtype: dtype::DType,
    /// Where a file's array came from.
    source: Option<Source>,
    /// Bytes for an array whose type npmem does not know (its bytes on disk).
    unknown_type: Option<(String, Bytes)>,
    /// For a chunked store: its grid and what is stored.
    chunk_note: Option<String>,
    /// With `--as`: the type the file stores.
    stored_as: Option<String>,
    /// A Zarr array's storage chunk shape (`z.chunks`), and its shards when sharded.
    storage_chunks: Option<Vec<u64>>,
    shards: Option<Vec<u64>>,
    /// How a dtype spelling that is not numpy's (or means more elsewhere) was read.
    dtype_note: Option<String>,
    /// A spec in a quantised type (`7e9:q4_k`): how its bytes were counted.
    block_note: Option<String>,
}

fn chunk_note(c: &files::ChunkInfo, a: &files::ArrayRef<'_>) -> String {
    let dims: Vec<String> = c.shape.iter().map(u64::to_string).collect();
    let per_chunk = match a.element() {
        ElementType::Known(dt) => shape::array_size(&c.shape, dt).nbytes().to_string(),
        ElementType::Unknown(_) => "?".to_string(),
    };
    match &c.shards {
        None => format!(
            "chunks ({}) of {per_chunk} bytes: {} in the grid, {} stored in {} bytes on disk",
            dims.join(", "),
            c.count,
            c.stored_files,
            a.disk_bytes()
        ),
        Some(shards) => format!(
            "chunks ({}) of {per_chunk} bytes in shards ({}): {} chunks in the grid, {} shard files stored in {} bytes on disk",
            dims.join(", "),
            shards
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            c.count,
            c.stored_files,
            a.disk_bytes()
        ),
    }
}

/// The arrays of a checkpoint at a URL npmem reads (`https://`, `http://`, `hf://`), from its
/// headers; `None` for any other argument.
#[cfg(feature = "remote")]
pub fn remote_arrays(arg: &str, platform: Platform) -> Result<Option<files::ArrayList>, Error> {
    if !files::remote::is_remote(arg) {
        return Ok(None);
    }
    let source = files::remote::open(arg)?;
    Ok(Some(files::read_checkpoint(&*source, platform, false)?.0))
}

#[cfg(not(feature = "remote"))]
pub fn remote_arrays(_: &str, _: Platform) -> Result<Option<files::ArrayList>, Error> {
    Ok(None)
}

/// A file's arrays as the argument named them, kept as read: each array's report is made when
/// it is needed (counted, then written), so a file of a million tensors is never held as a
/// million reports.
#[derive(Debug, Clone)]
pub struct FileArrays {
    list: files::ArrayList,
    /// The argument the file came from.
    origin: String,
    /// With `--as`: the type every array is counted in.
    as_dtype: Option<(String, dtype::spelling::Read)>,
    /// What an array of a type npmem does not know is counted as (`V0`, plus its bytes on disk).
    void: dtype::DType,
}

impl FileArrays {
    fn read(
        arg: &str,
        platform: Platform,
        as_dtype: Option<&(String, dtype::spelling::Read)>,
    ) -> Result<Self, Error> {
        let list = files::read_list(std::path::Path::new(arg), platform)?;
        FileArrays::new(list, arg, platform, as_dtype)
    }

    fn new(
        list: files::ArrayList,
        arg: &str,
        platform: Platform,
        as_dtype: Option<&(String, dtype::spelling::Read)>,
    ) -> Result<Self, Error> {
        Ok(FileArrays {
            list,
            origin: arg.to_string(),
            as_dtype: as_dtype.cloned(),
            void: dtype::parse("V0", platform).map_err(Error::DType)?,
        })
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The dtype an array is counted in.
    fn dtype_of<'a>(&'a self, a: &files::ArrayRef<'a>) -> &'a dtype::DType {
        match (a.element(), &self.as_dtype) {
            (_, Some((_, read))) => &read.dtype,
            (ElementType::Known(dt), None) => dt,
            (ElementType::Unknown(_), None) => &self.void,
        }
    }

    /// One array as an estimate entry.
    fn resolve(&self, a: &files::ArrayRef<'_>) -> Resolved {
        let path = a.path().display().to_string();
        let label = match a.name() {
            Some(name) => format!("{path}:{name}"),
            None => path.clone(),
        };
        let unknown_type = match (a.element(), &self.as_dtype) {
            (ElementType::Unknown(name), None) => Some((name.clone(), Bytes::from(a.disk_bytes()))),
            _ => None,
        };
        let name = a.name().map(str::to_string);
        let (member, tensor) = match a.format() {
            Format::Npy => (None, None),
            Format::Npz => (name, None),
            Format::ZarrV2 | Format::ZarrV3 => (None, None),
            Format::Safetensors | Format::SafetensorsIndex | Format::Gguf => (None, name),
        };
        let as_dtype = self.as_dtype.as_ref();
        Resolved {
            spec: Spec {
                shape_text: label,
                dims: a.shape().iter().map(|&d| Dim::Known(d)).collect(),
                dtype: None,
            },
            dtype_text: as_dtype.map_or_else(|| a.type_name().to_string(), |(t, _)| t.clone()),
            dtype: self.dtype_of(a).clone(),
            source: Some(Source {
                path,
                origin: self.origin.clone(),
                format: a.format().name(),
                member,
                tensor,
                disk_bytes: a.disk_bytes().into(),
            }),
            unknown_type,
            chunk_note: a.chunks().map(|c| chunk_note(c, a)),
            stored_as: as_dtype.map(|_| a.type_name().to_string()),
            storage_chunks: a.chunks().map(|c| c.shape.clone()),
            shards: a.chunks().and_then(|c| c.shards.clone()),
            dtype_note: as_dtype.and_then(|(_, read)| read.note.clone()),
            block_note: None,
        }
    }

    /// Every array's report, made one at a time.
    pub fn reports(&self) -> impl Iterator<Item = ArrayReport> + '_ {
        self.list
            .iter()
            .map(|a| array_report(&self.resolve(&a), None).0)
    }
}

/// What an argument yields: one spec's array, or a file's arrays.
enum Entries {
    Spec(Box<Resolved>),
    File(FileArrays),
}

pub fn run(args: &EstimateArgs, platform: Platform) -> Result<EstimateReport, Error> {
    // Everything the user typed is checked before memory is looked at.
    let as_dtype = match &args.as_dtype {
        Some(text) => Some((
            text.clone(),
            dtype::spelling::read(text, platform)
                .map_err(|e| Error::Usage(format!("--as: {e}")))?,
        )),
        None => None,
    };
    let mut entries = Vec::with_capacity(args.specs.len());
    for text in &args.specs {
        if let Some(list) = remote_arrays(text, platform)? {
            entries.push(Entries::File(FileArrays::new(
                list,
                text,
                platform,
                as_dtype.as_ref(),
            )?));
            continue;
        }
        let argument = files::classify(text, platform);
        match &argument {
            Argument::File { member: None, .. } => {
                entries.push(Entries::File(FileArrays::read(
                    text,
                    platform,
                    as_dtype.as_ref(),
                )?));
                continue;
            }
            Argument::Missing(problem) => return Err(Error::Usage(problem.clone())),
            // `FILE:NAME` is for cast-check; here it is read as a spec (and refused as one).
            Argument::File {
                member: Some(_), ..
            }
            | Argument::Other => {}
        }
        let spec = shape::parse_spec(text).map_err(|e| match mistaken(text, &argument) {
            Some(what) => Error::Usage(what),
            None => Error::Shape(e),
        })?;
        let dtype_text = spec.dtype.clone().unwrap_or_else(|| args.dtype.clone());
        let (read, unknown_type, block_note) = match dtype::spelling::read(&dtype_text, platform) {
            Ok(read) => (read, None, None),
            // A quantised weight type (`7e9:q4_k`): its bytes by its blocks.
            Err(e) => match dtype::blocks::find(&dtype_text) {
                Some(b) => {
                    let (dtype, unknown, note) = quantised_spec(&spec, text, b, platform)?;
                    (dtype::spelling::Read { dtype, note: None }, unknown, note)
                }
                None => {
                    return Err(Error::InSpec {
                        spec: text.clone(),
                        message: e.to_string(),
                    });
                }
            },
        };
        entries.push(Entries::Spec(Box::new(Resolved {
            spec,
            dtype_text,
            dtype: read.dtype,
            source: None,
            unknown_type,
            chunk_note: None,
            stored_as: None,
            storage_chunks: None,
            shards: None,
            dtype_note: read.note,
            block_note,
        })));
    }
    let unknowns = entries
        .iter()
        .filter(|e| matches!(e, Entries::Spec(r) if r.spec.unknown_axis().is_some()))
        .count();
    if unknowns > 1 {
        return Err(Error::Usage(
            "more than one spec has an unknown dimension (-1 or ?): npmem can solve for one"
                .to_string(),
        ));
    }

    let memory = args.memory.ram.resolve()?;
    let budget = args.memory.budget_of(&memory.usable_bytes).0;
    let budget_source = match &args.memory.budget {
        None => BudgetSource::Usable,
        Some(Budget::Bytes(_)) => BudgetSource::Given,
        Some(Budget::Percent(_)) => BudgetSource::Share,
    };
    let temporaries = BigInt::from(args.temporaries);

    // Solve the unknown dimension, if any: the largest value whose required memory fits.
    let mut solved: Option<(usize, usize, u64)> = None;
    if let Some((index, r)) = entries.iter().enumerate().find_map(|(i, e)| match e {
        Entries::Spec(r) if r.spec.unknown_axis().is_some() => Some((i, r)),
        _ => None,
    }) {
        // Sizes of the fully known arrays.
        let mut others = BigInt::zero();
        let mut largest_other = BigInt::zero();
        let mut count = |bytes: BigInt| {
            if bytes > largest_other {
                largest_other = bytes.clone();
            }
            others += bytes;
        };
        for e in &entries {
            match e {
                Entries::Spec(r) => {
                    if let Some(dims) = shape::known(&r.spec.dims) {
                        count(shape::array_size(&dims, &r.dtype).nbytes().0);
                    }
                }
                Entries::File(f) => {
                    for a in f.list.iter() {
                        count(shape::array_size(a.shape(), f.dtype_of(&a)).nbytes().0);
                    }
                }
            }
        }
        let fits = |bytes: &BigInt| {
            let largest = bytes.max(&largest_other);
            &others + bytes + &temporaries * largest <= budget
                && *bytes <= BigInt::from(shape::MAX_ARRAY_BYTES)
        };
        let axis = r.spec.unknown_axis().unwrap_or_default();
        let value = shape::solve_unknown(&r.spec.dims, &r.dtype, fits).ok_or_else(|| {
            Error::InSpec {
                spec: args.specs[index].clone(),
                message: "cannot solve the unknown dimension: the array takes no memory whatever its value"
                    .to_string(),
            }
        })?;
        solved = Some((index, axis, value));
    }

    let mut arrays = Arrays::default();
    // What each planned array was (to re-plan with another --chunk-size).
    let mut inputs: Vec<ArrayInput> = Vec::new();
    let mut totals = Totals::default();
    // Each entry is consumed as its report is made: never both held for a file of many arrays.
    for (i, e) in entries.into_iter().enumerate() {
        let solved_here = solved
            .filter(|(idx, _, _)| *idx == i)
            .map(|(_, axis, v)| (axis, v));
        match e {
            Entries::Spec(r) => {
                let report = planned_report(&r, solved_here, args, &mut inputs)?;
                totals.add(&report);
                arrays.0.push(Part::One(Box::new(report)));
            }
            // Chunk plans are made once each, and kept: every array is reported in full.
            Entries::File(f) if args.plan.wanted() => {
                for a in f.list.iter() {
                    let report = planned_report(&f.resolve(&a), None, args, &mut inputs)?;
                    totals.add(&report);
                    arrays.0.push(Part::One(Box::new(report)));
                }
            }
            // Counted here and reported again as written, one array at a time.
            Entries::File(f) => {
                for a in f.list.iter() {
                    let (report, refused) = array_report(&f.resolve(&a), None);
                    if let Some(e) = refused {
                        return Err(e);
                    }
                    totals.add(&report);
                }
                arrays.0.push(Part::File(f));
            }
        }
    }
    let Totals {
        total,
        largest,
        files,
    } = totals;

    let required = &total + &temporaries * &largest;
    let headroom = &budget - &required;
    let status = Status::judge(&headroom, &largest);
    let temporaries_that_fit = if largest.is_zero() {
        None
    } else if headroom < BigInt::zero() {
        Some(Exact(BigInt::zero()))
    } else {
        Some(Exact(headroom.div_floor(&largest)))
    };

    let workers = args.plan.workers.as_ref().map(|w| {
        let plans: Vec<&report::ChunkReport> = arrays
            .0
            .iter()
            .filter_map(|p| match p {
                Part::One(a) => a.chunks.as_deref(),
                Part::File(_) => None,
            })
            .collect();
        let replan = |limit: BigInt| -> Option<BigInt> {
            let mut worst = BigInt::zero();
            for input in &inputs {
                let p = plan::plan_with_limit(&args.plan, input, Some(limit.clone())).ok()?;
                worst = worst.max(p.max_chunk_bytes.0);
            }
            Some(worst)
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
        plan::workers(
            w,
            &plans,
            &total,
            &memory.usable_bytes,
            cores,
            &replan,
            args.plan
                .plans_auto(inputs.iter().all(|i| i.storage_chunks.is_some())),
        )
    });
    Ok(EstimateReport {
        files: files.finish(),
        arrays,
        total_bytes: Bytes(total),
        memory: memory_report(&memory),
        budget_bytes: Bytes(budget),
        temporaries: args.temporaries,
        required_bytes: Bytes(required),
        headroom_bytes: Bytes(headroom),
        temporaries_that_fit,
        status,
        budget_source,
        largest_bytes: Bytes(largest),
        workers,
    })
}

/// What the arrays add up to, as their reports are made.
#[derive(Default)]
struct Totals {
    total: BigInt,
    largest: BigInt,
    files: Summaries,
}

impl Totals {
    fn add(&mut self, a: &ArrayReport) {
        self.total += &a.nbytes.0;
        if a.nbytes.0 > self.largest {
            self.largest = a.nbytes.0.clone();
        }
        self.files.add(a);
    }
}

/// An array's report with its chunk plan (`--chunks`, `--workers`), the plan's input kept for
/// re-planning; refused as numpy refuses it.
fn planned_report(
    r: &Resolved,
    solved: Option<(usize, u64)>,
    args: &EstimateArgs,
    inputs: &mut Vec<ArrayInput>,
) -> Result<ArrayReport, Error> {
    let (mut report, refused) = array_report(r, solved);
    if let Some(e) = refused {
        return Err(e);
    }
    if !args.plan.wanted() {
        return Ok(report);
    }
    if r.unknown_type.is_some() {
        report
            .notes
            .push("no chunk plan: npmem does not know this type's size per element".to_string());
        return Ok(report);
    }
    let input = ArrayInput {
        label: report.spec.clone(),
        shape: report.shape.clone(),
        itemsize: r.dtype.itemsize,
        hasobject: r.dtype.holds_references(),
        storage_chunks: r.storage_chunks.clone(),
        shards: r.shards.clone(),
    };
    report.chunks = Some(Box::new(plan::plan_array(&args.plan, &input)?));
    inputs.push(input);
    Ok(report)
}

/// One array's report (no chunk plan), and the error when numpy could not even describe it
/// (more than 64 dimensions). `solved`: the axis solved for and its value.
fn array_report(r: &Resolved, solved: Option<(usize, u64)>) -> (ArrayReport, Option<Error>) {
    let dims: Vec<u64> = r
        .spec
        .dims
        .iter()
        .map(|d| match d {
            Dim::Known(n) => *n,
            Dim::Unknown => solved.map_or(0, |(_, v)| v),
        })
        .collect();
    let counted = shape::array_size(&dims, &r.dtype);
    let nbytes = match &r.unknown_type {
        Some((_, disk)) => disk.0.clone(),
        None => counted.nbytes().0.clone(),
    };
    let mut notes = Vec::new();
    if let Some(note) = &r.dtype_note {
        notes.push(note.clone());
    }
    if r.source.is_none()
        && let Some(note) = dtype::foreign::packed_note(&r.dtype, &nbytes)
    {
        notes.push(note);
    }
    if let Some(note) = &r.chunk_note {
        notes.push(note.clone());
    }
    if let Some(stored) = &r.stored_as {
        notes.push(format!("as {} (the file stores {stored})", r.dtype_text));
    }
    if let Some(note) = &r.block_note {
        notes.push(note.clone());
    } else if let Some((name, _)) = &r.unknown_type {
        let what = if r.source.as_ref().is_some_and(|s| s.format == "gguf") {
            format!(
                "{name} is a quantised ggml type: counted as its blocks, as llama.cpp holds them"
            )
        } else {
            format!("npmem does not know the type '{name}': counted as its bytes on disk")
        };
        notes.push(what);
    }
    if let Some(adjustment) = &counted.adjustment {
        notes.push(adjustment.clone());
    }
    notes.extend(
        npmem::dtype::numpy_warnings(&r.dtype_text)
            .into_iter()
            .map(|w| format!("numpy warns: DeprecationWarning: {w}")),
    );
    if r.dtype.holds_references() {
        notes.push(reference_note(&r.dtype).to_string());
    }
    if counted.size_wraps_in_numpy() {
        notes.push(
            "numpy keeps .size in an int64, which wraps around for this many (zero-byte) elements; the count here is exact"
                .to_string(),
        );
    }
    let refused = match counted.refusal {
        // numpy cannot even describe such an array: refused, as numpy refuses it.
        Some(shape::Refusal::TooManyDims(count)) => Some(Error::InSpec {
            spec: npmem::dtype::excerpt(&args_label(r)),
            message: shape::too_many_dims(count),
        }),
        Some(refusal) => {
            notes.push(refusal.numpy_message());
            None
        }
        None => None,
    };
    // The contract describes the spec as typed: numpy's `np.dtype(s)` and the shape given
    // (or solved); `nbytes` is what numpy's array takes. Where numpy's array differs (a
    // subarray dtype, an unsized string), a note says how.
    let size: BigUint = dims.iter().map(|&d| BigUint::from(d)).product();
    let (dtype_name, dtype_str) = match &r.unknown_type {
        Some((name, _)) => (name.clone(), name.clone()),
        None => (r.dtype.name(), r.dtype.typestr()),
    };
    let label = if r.source.is_some() {
        r.spec.shape_text.clone()
    } else {
        format!("{}:{}", r.spec.shape_text, r.dtype_text)
    };
    let report = ArrayReport {
        spec: label,
        shape: dims,
        dtype: dtype_name,
        dtype_str,
        itemsize: r.unknown_type.is_none().then_some(r.dtype.itemsize),
        size: Exact(BigInt::from(size)),
        nbytes: Bytes(nbytes),
        solved_axis: solved.map(|(axis, _)| axis),
        notes,
        source: r.source.clone(),
        chunks: None,
    };
    (report, refused)
}

/// How an array is named in a message: the spec as typed, or the file and its member.
fn args_label(r: &Resolved) -> String {
    match &r.spec.dtype {
        Some(dtype) => format!("{}:{dtype}", r.spec.shape_text),
        None if r.source.is_some() => r.spec.shape_text.clone(),
        None => format!("{}:{}", r.spec.shape_text, r.dtype_text),
    }
}

/// What an argument that is not a spec most likely is: a URL, one array of a file, an option
/// after `--`, a unit split from its number, a misspelled file name.
fn mistaken(text: &str, argument: &Argument) -> Option<String> {
    if let Argument::File {
        path,
        member: Some(name),
    } = argument
    {
        return Some(format!(
            "'{text}' names the array '{name}' of {path}: estimate reads the whole file (npmem estimate {path}); FILE:NAME is for cast-check"
        ));
    }
    let t = text.trim();
    if files::url_scheme(t).is_some() {
        let reads = if cfg!(feature = "remote") {
            "npmem reads https://, http:// and hf:// URLs and local files"
        } else {
            "this npmem was built without the remote feature and reads local files only"
        };
        return Some(files::url_refusal(t, reads));
    }
    if t.starts_with('-')
        && t.chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
    {
        return Some(format!(
            "'{t}' is an option after --, where every argument is a spec: put options before --"
        ));
    }
    if npmem::units::is_unit(t) {
        return Some(format!(
            "'{t}' is a unit, not an array: write it joined to its number, as --ram 8{t}"
        ));
    }
    let near = files::near_names(t);
    if !near.is_empty() {
        return Some(format!(
            "no such file or directory: '{}'{}",
            dtype::excerpt(t),
            files::did_you_mean(&near)
        ));
    }
    None
}

/// A spec in a block type: a placeholder dtype, its bytes as blocks, and the note saying so.
#[allow(clippy::type_complexity)]
fn quantised_spec(
    spec: &Spec,
    text: &str,
    b: &dtype::blocks::BlockType,
    platform: Platform,
) -> Result<(dtype::DType, Option<(String, Bytes)>, Option<String>), Error> {
    let dims = shape::known(&spec.dims).ok_or_else(|| Error::InSpec {
        spec: text.to_string(),
        message: format!(
            "{} is a block type: give the whole shape (no ? to solve)",
            b.name
        ),
    })?;
    let elements: BigInt = dims.iter().map(|&d| BigInt::from(d)).product();
    let bytes = b.bytes(&elements);
    let note = format!(
        "{} is a quantised type: {} values a block in {} bytes{}, counted as whole blocks",
        b.name,
        b.block,
        b.block_bytes,
        b.outer.map_or_else(String::new, |(n, x)| format!(
            ", and {x} bytes every {n} values"
        ))
    );
    Ok((
        dtype::parse("V0", platform).map_err(Error::DType)?,
        Some((b.name.to_string(), Bytes(bytes))),
        Some(note),
    ))
}

pub(crate) fn memory_report(m: &MemoryInfo) -> MemoryReport {
    MemoryReport {
        total_bytes: m.total_bytes.clone(),
        available_bytes: m.available_bytes.clone(),
        cgroup_limit_bytes: m.cgroup.limit.map(Bytes::from),
        usable_bytes: m.usable_bytes.clone(),
        source: m.source,
    }
}

/// What an array of references leaves out.
fn reference_note(dtype: &dtype::DType) -> &'static str {
    match &dtype.body {
        dtype::Body::VString => {
            "counts StringDType's 16-byte slots only: the string data they point to is not counted"
        }
        dtype::Body::Object => {
            "counts 8-byte object pointers only: the Python objects they point to are not counted"
        }
        _ => {
            "counts the object pointers and StringDType slots in its fields only: what they point to is not counted"
        }
    }
}

/// Per file: its arrays' memory against its bytes on disk, parameters, bytes per dtype; added
/// up one array at a time.
#[derive(Default)]
struct Summaries {
    files: Vec<FileSummary>,
    /// Where each file's dtypes are in its `bytes_by_dtype` (a file may hold many types).
    dtypes: Vec<std::collections::HashMap<String, usize>>,
}

impl Summaries {
    fn add(&mut self, a: &ArrayReport) {
        let Some(source) = &a.source else { return };
        let i = match self.files.iter().position(|f| f.path == source.origin) {
            Some(i) => i,
            None => {
                self.files.push(FileSummary {
                    path: source.origin.clone(),
                    format: source.format,
                    arrays: 0,
                    parameters: Exact(BigInt::zero()),
                    memory_bytes: Bytes(BigInt::zero()),
                    disk_bytes: Bytes(BigInt::zero()),
                    bytes_by_dtype: Vec::new(),
                    bits_per_weight: None,
                    memory_per_disk_hundredths: None,
                });
                self.dtypes.push(std::collections::HashMap::new());
                self.files.len() - 1
            }
        };
        let f = &mut self.files[i];
        f.arrays += 1;
        f.parameters.0 += &a.size.0;
        f.memory_bytes.0 += &a.nbytes.0;
        f.disk_bytes.0 += &source.disk_bytes.0;
        match self.dtypes[i].get(&a.dtype) {
            Some(&j) => f.bytes_by_dtype[j].1.0 += &a.nbytes.0,
            None => {
                self.dtypes[i].insert(a.dtype.clone(), f.bytes_by_dtype.len());
                f.bytes_by_dtype
                    .push((a.dtype.clone(), Bytes(a.nbytes.0.clone())));
            }
        }
    }

    fn finish(self) -> Vec<FileSummary> {
        let mut out = self.files;
        for f in &mut out {
            if !f.disk_bytes.0.is_zero() {
                f.memory_per_disk_hundredths = Some(&f.memory_bytes.0 * 100u32 / &f.disk_bytes.0);
            }
            if !f.parameters.0.is_zero() {
                let bits = &f.disk_bytes.0 * 8u8 * 1000u32 / &f.parameters.0;
                let bits = u64::try_from(bits).unwrap_or(u64::MAX);
                f.bits_per_weight = Some(report::Thousandths(bits));
            }
        }
        out
    }
}
