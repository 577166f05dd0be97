//! Abstract values: what a name or an expression holds, as far as memory is concerned.

use std::cell::RefCell;
use std::rc::Rc;

use super::timeline::Buffer;
use crate::dtype::{Body, DType, FloatType, Platform};

/// An ndarray: shape, dtype and the buffer it owns or views.
#[derive(Debug, Clone)]
pub struct Array {
    pub shape: Vec<u64>,
    pub dtype: DType,
    pub buf: Rc<Buffer>,
    /// Owns its data (not a view).
    pub owns: bool,
    /// C-contiguous.
    pub contiguous: bool,
    /// A memory map (`np.load(..., mmap_mode=...)`): no numpy memory, never elided.
    pub memmap: bool,
}

impl Array {
    pub fn size(&self) -> u64 {
        self.shape.iter().product()
    }
    pub fn nbytes(&self) -> u64 {
        self.size() * self.dtype.itemsize
    }
    /// A view of this array with another shape.
    pub fn view(&self, shape: Vec<u64>, contiguous: bool) -> Array {
        Array {
            shape,
            dtype: self.dtype.clone(),
            buf: self.buf.clone(),
            owns: false,
            contiguous,
            memmap: self.memmap,
        }
    }
}

/// A Python value.
#[derive(Debug, Clone)]
pub enum Value {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex,
    Str(String),
    Tuple(Vec<Value>),
    List(Rc<RefCell<Vec<Value>>>),
    Array(Array),
    /// A numpy scalar (strong type under NEP 50).
    Scalar(DType),
    DType(DType),
    /// A module or namespace (`np`, `np.random`, `os.path`, `contextlib`).
    Module(String),
    /// A user function, by name.
    Function(String),
    /// A callable looked up on a value (`x.mean`, `rng.normal`).
    Method(Box<Value>, String),
    /// A numpy random Generator.
    Generator,
    /// A slice object.
    Slice(Option<i128>, Option<i128>, Option<i128>),
    Ellipsis,
    /// Something the planner does not model.
    Unknown,
}

pub fn dtype(name: &str) -> DType {
    crate::dtype::parse(name, Platform::LINUX_X86_64).unwrap_or(DType {
        body: Body::Float(FloatType::Double),
        itemsize: 8,
        alignment: 8,
        byteorder: crate::dtype::ByteOrder::Native,
        char: 'd',
    })
}

pub fn is_numeric(d: &DType) -> bool {
    matches!(d.kind(), 'b' | 'i' | 'u' | 'f' | 'c')
}
