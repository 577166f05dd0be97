//! Paths and files: paths evaluated as Python evaluates them (`os.path`, `pathlib.Path`,
//! f-strings, `tempfile` directories), arrays the script saves remembered for the loads that
//! follow, and sizes read from the files on disk through npmem's own readers: `np.load` of
//! `.npy` (`mmap_mode=` maps, no numpy memory) and `.npz` (a lazy `NpzFile`: each `f['x']`
//! reads the member into a new array), `np.fromfile`, `safetensors.numpy.load_file`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::eval::Interp;
use super::numpy::{arg, int_of, kw};
use super::timeline::Buffer;
use super::value::{Array, Member, Order, Value, fresh_strides};
use crate::dtype::Platform;

type Kwargs = Vec<(String, Value)>;

/// The path a value spells (`str` or `pathlib.Path`).
pub fn path_of(v: &Value) -> Option<PathBuf> {
    match v {
        Value::Str(s) | Value::Path(s) => Some(PathBuf::from(s)),
        _ => None,
    }
}

fn text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// numpy's `np.save`/`np.savez` add their suffix when the name lacks it.
fn with_suffix(p: PathBuf, suffix: &str) -> PathBuf {
    if p.extension().is_some_and(|e| e == suffix) {
        p
    } else {
        PathBuf::from(format!("{}.{suffix}", text(&p)))
    }
}

fn member_of(a: &Array, name: String) -> Member {
    Member {
        name,
        shape: a.shape.clone(),
        dtype: a.dtype.clone(),
        order: if a.keep_order() == Order::F {
            Order::F
        } else {
            Order::C
        },
    }
}

impl Interp<'_> {
    /// `os.path.*`, `os.listdir` and the rest of `os` a script uses around its files.
    pub(super) fn os(&mut self, module: &str, name: &str, args: &[Value], line: u32) -> Value {
        match (module, name) {
            ("os.path", _) => os_path(name, args)
                .unwrap_or_else(|| self.unknown(line, &format!("os.path.{name}"), "not evaluated")),
            ("os", "listdir") => match args.first().and_then(path_of) {
                Some(dir) => {
                    let names = self
                        .saved
                        .keys()
                        .filter(|p| p.parent() == Some(dir.as_path()))
                        .filter_map(|p| {
                            p.file_name()
                                .map(|n| Value::Str(n.to_string_lossy().into_owned()))
                        })
                        .collect();
                    Value::List(Rc::new(RefCell::new(names)))
                }
                None => self.unknown(line, "os.listdir", "the directory is not known"),
            },
            ("os", "remove" | "unlink" | "rmdir" | "makedirs" | "mkdir") => {
                if let (Some(p), "remove" | "unlink") = (args.first().and_then(path_of), name) {
                    self.saved.remove(&p);
                }
                Value::None
            }
            ("os", "getcwd") => std::env::current_dir()
                .map(|p| Value::Str(text(&p)))
                .unwrap_or(Value::Unknown),
            _ => self.unknown(line, &format!("{module}.{name}"), "not modelled"),
        }
    }

    /// `tempfile.mkdtemp()`, `gettempdir()`, `TemporaryDirectory()`: a directory of its own
    /// whose files are those the script saves there.
    pub(super) fn tempfile(&mut self, name: &str, line: u32) -> Value {
        match name {
            "mkdtemp" | "TemporaryDirectory" => {
                self.temp_dirs += 1;
                let dir = std::env::temp_dir().join(format!("npmem-plan-{}", self.temp_dirs));
                Value::Str(text(&dir))
            }
            "gettempdir" => Value::Str(text(&std::env::temp_dir())),
            _ => self.unknown(line, &format!("tempfile.{name}"), "not modelled"),
        }
    }

    /// `pathlib.Path(...)` and its methods and properties.
    pub(super) fn pathlib(&mut self, args: &[Value], line: u32) -> Value {
        let mut p = PathBuf::new();
        for a in args {
            match path_of(a) {
                Some(part) => p.push(part),
                None => return self.unknown(line, "pathlib.Path", "the path is not known"),
            }
        }
        Value::Path(text(&p))
    }

    pub(super) fn path_attribute(&mut self, p: &str, attr: &str) -> Value {
        let path = Path::new(p);
        let s = |x: Option<&std::ffi::OsStr>| {
            Value::Str(
                x.map(|x| x.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        };
        match attr {
            "parent" => Value::Path(path.parent().map(text).unwrap_or_else(|| ".".into())),
            "name" => s(path.file_name()),
            "stem" => s(path.file_stem()),
            "suffix" => Value::Str(
                path.extension()
                    .map(|e| format!(".{}", e.to_string_lossy()))
                    .unwrap_or_default(),
            ),
            _ => Value::Method(Box::new(Value::Path(p.to_string())), attr.into()),
        }
    }

    pub(super) fn path_method(&mut self, p: &str, name: &str, args: &[Value], line: u32) -> Value {
        let path = Path::new(p);
        match (name, args) {
            ("with_suffix", [Value::Str(s)]) => {
                Value::Path(text(&path.with_extension(s.trim_start_matches('.'))))
            }
            ("with_name", [Value::Str(s)]) => Value::Path(text(&path.with_file_name(s))),
            ("joinpath", parts) => {
                let mut all = vec![Value::Path(p.to_string())];
                all.extend_from_slice(parts);
                self.pathlib(&all, line)
            }
            ("resolve" | "absolute", _) => std::path::absolute(path)
                .map(|a| Value::Path(text(&a)))
                .unwrap_or(Value::Unknown),
            ("exists" | "is_file", _) => {
                Value::Bool(self.saved.contains_key(path) || path.is_file())
            }
            ("mkdir" | "unlink" | "touch", _) => Value::None,
            _ => self.unknown(line, &format!("Path.{name}()"), "not modelled"),
        }
    }

    /// `np.save(path, a)`, `np.savez(path, *arrays, **named)`: nothing allocated (the data is
    /// written from the array), the file's arrays remembered.
    pub(super) fn save(&mut self, name: &str, args: &[Value], kwargs: &Kwargs, line: u32) -> Value {
        let Some(path) = args.first().and_then(path_of) else {
            return self.unknown(line, &format!("np.{name}"), "the path is not known");
        };
        let mut members = Vec::new();
        if name == "save" {
            match arg(args, kwargs, 1, "arr") {
                Some(Value::Array(a)) => members.push(member_of(a, String::new())),
                _ => return self.unknown(line, "np.save", "only arrays are modelled"),
            }
            self.saved.insert(with_suffix(path, "npy"), members);
            return Value::None;
        }
        for (i, v) in args.iter().skip(1).enumerate() {
            if let Value::Array(a) = v {
                members.push(member_of(a, format!("arr_{i}")));
            }
        }
        for (k, v) in kwargs {
            if let Value::Array(a) = v {
                members.push(member_of(a, k.clone()));
            }
        }
        self.saved.insert(with_suffix(path, "npz"), members);
        Value::None
    }

    /// The arrays of a file: those the script saved there, else what npmem's readers find.
    fn file_members(&mut self, path: &Path, line: u32, what: &str) -> Option<Vec<Member>> {
        if let Some(m) = self.saved.get(path) {
            return Some(m.clone());
        }
        match crate::files::read(path, Platform::LINUX_X86_64) {
            Ok(arrays) => {
                let mut out = Vec::new();
                for fa in arrays {
                    let crate::files::ElementType::Known(dtype) = fa.element else {
                        self.note(line, what, "a dtype npmem does not know is in the file");
                        return None;
                    };
                    out.push(Member {
                        name: fa.name.unwrap_or_default(),
                        shape: fa.shape,
                        dtype,
                        order: if fa.fortran_order { Order::F } else { Order::C },
                    });
                }
                Some(out)
            }
            Err(e) => {
                self.note(line, what, &format!("cannot read {}: {e}", path.display()));
                None
            }
        }
    }

    fn member_array(&mut self, m: &Member) -> Array {
        self.new_array_in(m.shape.clone(), m.dtype.clone(), m.order)
    }

    /// `np.load(path, mmap_mode=...)`.
    pub(super) fn load(&mut self, args: &[Value], kwargs: &Kwargs, line: u32) -> Value {
        let Some(path) = args.first().and_then(path_of) else {
            return self.unknown(line, "np.load", "the path is not known");
        };
        let mmap = !matches!(arg(args, kwargs, 1, "mmap_mode"), None | Some(Value::None));
        let Some(members) = self.file_members(&path, line, "np.load") else {
            return Value::Unknown;
        };
        let npz = path.extension().is_some_and(|e| e == "npz")
            || members.iter().any(|m| !m.name.is_empty());
        if npz {
            // An NpzFile: nothing read until a member is asked for.
            return Value::Npz(Rc::new(members));
        }
        let Some(m) = members.first() else {
            return self.unknown(line, "np.load", "the file holds no array");
        };
        if mmap {
            return Value::Array(Array {
                strides: fresh_strides(&m.shape, m.dtype.itemsize, m.order),
                shape: m.shape.clone(),
                dtype: m.dtype.clone(),
                buf: Buffer::mapped(&self.tl),
                owns: false,
                memmap: true,
            });
        }
        Value::Array(self.member_array(m))
    }

    /// `f['name']` of an NpzFile: the member read into a new array, at every access.
    pub(super) fn npz_member(&mut self, members: &[Member], key: &Value, line: u32) -> Value {
        let Value::Str(k) = key else {
            return self.unknown(line, "NpzFile[...]", "the member name is not known");
        };
        let want = k.trim_end_matches(".npy");
        match members
            .iter()
            .find(|m| m.name.trim_end_matches(".npy") == want)
        {
            Some(m) => Value::Array(self.member_array(&m.clone())),
            None => self.unknown(
                line,
                "NpzFile[...]",
                &format!("no member {k:?} in the archive"),
            ),
        }
    }

    /// `np.fromfile(path, dtype=float, count=-1, sep='', offset=0)`.
    pub(super) fn fromfile(&mut self, args: &[Value], kwargs: &Kwargs, line: u32) -> Value {
        let Some(path) = args.first().and_then(path_of) else {
            return self.unknown(line, "np.fromfile", "the path is not known");
        };
        let dt = match arg(args, kwargs, 1, "dtype") {
            None => super::value::dtype("float64"),
            Some(v) => match super::numpy::dtype_of(Some(v)) {
                Some(d) => d,
                None => return self.unknown(line, "np.fromfile", "the dtype is not known"),
            },
        };
        if !matches!(arg(args, kwargs, 3, "sep"), None | Some(Value::Str(_)))
            || matches!(arg(args, kwargs, 3, "sep"), Some(Value::Str(s)) if !s.is_empty())
        {
            return self.unknown(line, "np.fromfile", "text files (`sep=`) are not modelled");
        }
        let count = arg(args, kwargs, 2, "count").and_then(int_of).unwrap_or(-1);
        let n = if count >= 0 {
            u64::try_from(count).unwrap_or(u64::MAX)
        } else {
            let offset = kw(kwargs, "offset").and_then(int_of).unwrap_or(0);
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {
                    let bytes = m.len().saturating_sub(u64::try_from(offset).unwrap_or(0));
                    bytes / dt.itemsize.max(1)
                }
                _ => {
                    return self.unknown(
                        line,
                        "np.fromfile",
                        &format!(
                            "{} is not a file here and no count= is given",
                            path.display()
                        ),
                    );
                }
            }
        };
        Value::Array(self.new_array(vec![n], dt))
    }

    /// `safetensors.numpy.load_file(path)`: every tensor read into an array, in a dict.
    pub(super) fn safetensors_load(&mut self, args: &[Value], line: u32) -> Value {
        let Some(path) = args.first().and_then(path_of) else {
            return self.unknown(line, "load_file", "the path is not known");
        };
        let Some(members) = self.file_members(&path, line, "load_file") else {
            return Value::Unknown;
        };
        let items = members
            .iter()
            .map(|m| (m.name.clone(), Value::Array(self.member_array(m))))
            .collect();
        Value::Dict(Rc::new(RefCell::new(items)))
    }
}

fn os_path(name: &str, args: &[Value]) -> Option<Value> {
    let strs: Option<Vec<PathBuf>> = args.iter().map(path_of).collect();
    let strs = strs?;
    Some(Value::Str(match name {
        "join" => {
            let mut p = PathBuf::new();
            for s in &strs {
                p.push(s);
            }
            text(&p)
        }
        "dirname" => strs.first()?.parent().map(text).unwrap_or_default(),
        "basename" => strs
            .first()?
            .file_name()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
        "abspath" => text(&std::path::absolute(strs.first()?).ok()?),
        "exists" | "isfile" => return Some(Value::Bool(strs.first()?.is_file())),
        "splitext" => {
            let p = strs.first()?;
            let whole = text(p);
            let ext = p
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_default();
            let stem = whole[..whole.len() - ext.len()].to_string();
            return Some(Value::Tuple(vec![Value::Str(stem), Value::Str(ext)]));
        }
        _ => return None,
    }))
}
