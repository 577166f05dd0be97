//! Abstract values: what a name or an expression holds, as far as memory is concerned.

use std::cell::RefCell;
use std::rc::Rc;

use super::timeline::Buffer;
use crate::dtype::{Body, DType, FloatType, Platform};

/// The element count of a shape, saturating at `u64::MAX`.
pub fn elements(shape: &[u64]) -> u64 {
    shape.iter().fold(1u64, |n, &d| n.saturating_mul(d))
}

/// The largest array numpy creates: its byte size must fit `npy_intp` (`i64` on 64-bit
/// platforms), or numpy raises `ValueError: array is too big`.
pub const MAX_NBYTES: u64 = i64::MAX as u64;

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
    /// The element count; saturates at `u64::MAX`, which is past numpy's limit anyway.
    pub fn size(&self) -> u64 {
        elements(&self.shape)
    }
    pub fn nbytes(&self) -> u64 {
        self.size().saturating_mul(self.dtype.itemsize)
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
