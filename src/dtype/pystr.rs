//! numpy's `str(dtype)`: `[('f0', '<i8'), ('f1', '<f8')]` for a packed structure,
//! `{'names': [...], 'formats': [...], 'offsets': [...], 'itemsize': N}` for one with padding,
//! titles or numpy's aligned flag, `('<f4', (2,))` for a subarray (numpy's `_dtype.py`:
//! `__str__`, `_struct_str`, `_construction_repr`). These spell a structured dtype completely,
//! where its `name` (`void128`) does not.

use crate::number::text::python_repr;
use std::fmt::Write as _;

use super::{Body, ByteOrder, DType, Fields};

impl DType {
    /// numpy's `str(dtype)`: the list or dict form of a structured dtype, `(base, shape)` for a
    /// subarray, the type string for flexible or non-native types, else the name.
    pub fn numpy_str(&self) -> String {
        match &self.body {
            Body::Structured(fields) => struct_str(self, fields, true),
            Body::Subarray { base, shape } => subarray_str(base, shape),
            Body::Bytes | Body::Str | Body::Void => self.typestr(),
            Body::VString => "StringDType()".to_string(),
            _ if self.byteorder == ByteOrder::Big => self.typestr(),
            _ => self.name(),
        }
    }

    /// How npmem names a dtype in reports: numpy's `name`, except for a structured or subarray
    /// dtype, whose name (`void96`) says nothing of its fields: numpy's `str()` for those.
    pub fn label(&self) -> String {
        match &self.body {
            Body::Structured(_) | Body::Subarray { .. } => self.numpy_str(),
            _ => self.name(),
        }
    }

    /// numpy's `_construction_repr(dtype, short=True)`: how a field's dtype is written inside a
    /// structure's list or dict form.
    fn short_repr(&self) -> String {
        let order = match self.byteorder {
            ByteOrder::Big => ">",
            ByteOrder::NotApplicable => "",
            ByteOrder::Native | ByteOrder::Little => "<",
        };
        match &self.body {
            Body::Structured(fields) => struct_str(self, fields, false),
            Body::Subarray { base, shape } => subarray_str(base, shape),
            Body::Bool => "'?'".to_string(),
            Body::Object => "'O'".to_string(),
            Body::Bytes | Body::Void if self.itemsize == 0 => format!("'{}'", self.kind()),
            Body::Bytes | Body::Void => format!("'{}{}'", self.kind(), self.itemsize),
            Body::Str if self.itemsize == 0 => format!("'{order}U'"),
            Body::Str => format!("'{order}U{}'", self.itemsize / 4),
            Body::VString => "'T'".to_string(),
            Body::DateTime(meta) => format!("'{order}M8{}'", meta.brackets()),
            Body::TimeDelta(meta) => format!("'{order}m8{}'", meta.brackets()),
            // A user dtype (ml_dtypes') prints its scalar type's name, unquoted.
            Body::Ml(ml) => ml.name.to_string(),
            _ => format!("'{order}{}{}'", self.kind(), self.itemsize),
        }
    }
}

fn py_shape(shape: &[u64]) -> String {
    match shape {
        [one] => format!("({one},)"),
        dims => {
            let dims: Vec<String> = dims.iter().map(u64::to_string).collect();
            format!("({})", dims.join(", "))
        }
    }
}

fn subarray_str(base: &DType, shape: &[u64]) -> String {
    format!("({}, {})", base.short_repr(), py_shape(shape))
}

/// numpy's `_is_packed`: the fields in order, each right after the last (after alignment
/// padding when numpy flags the structure aligned), nothing after the last.
fn is_packed(dt: &DType, fields: &Fields) -> bool {
    let mut max_align = 1;
    let mut total: u64 = 0;
    for f in fields {
        if fields.aligned {
            let a = f.dtype.alignment.max(1);
            total = total.div_ceil(a).saturating_mul(a);
            max_align = max_align.max(a);
        }
        if f.offset != total {
            return false;
        }
        total = total.saturating_add(f.dtype.itemsize);
    }
    if fields.aligned {
        total = total.div_ceil(max_align).saturating_mul(max_align);
    }
    total == dt.itemsize
}

fn struct_str(dt: &DType, fields: &Fields, include_align: bool) -> String {
    if !(include_align && fields.aligned) && is_packed(dt, fields) {
        let items: Vec<String> = fields
            .iter()
            .map(|f| {
                let name = match &f.title {
                    Some(title) => format!("({}, {})", title.repr(), python_repr(&f.name)),
                    None => python_repr(&f.name),
                };
                match &f.dtype.body {
                    Body::Subarray { base, shape } => {
                        format!("({name}, {}, {})", base.short_repr(), py_shape(shape))
                    }
                    _ => format!("({name}, {})", f.dtype.short_repr()),
                }
            })
            .collect();
        return format!("[{}]", items.join(", "));
    }
    let list = |items: Vec<String>| items.join(", ");
    let mut s = format!(
        "{{'names': [{}], 'formats': [{}], 'offsets': [{}]",
        list(fields.iter().map(|f| python_repr(&f.name)).collect()),
        list(fields.iter().map(|f| f.dtype.short_repr()).collect()),
        list(fields.iter().map(|f| f.offset.to_string()).collect()),
    );
    if fields.iter().any(|f| f.title.is_some()) {
        let titles = fields
            .iter()
            .map(|f| f.title.as_ref().map_or("None".to_string(), |t| t.repr()))
            .collect();
        let _ = write!(s, ", 'titles': [{}]", list(titles));
    }
    let _ = write!(s, ", 'itemsize': {}", dt.itemsize);
    if include_align && fields.aligned {
        s.push_str(", 'aligned': True");
    }
    s.push('}');
    s
}
