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

/// A scope's names and what they hold, hashed with FNV-1a: names are short, and the planner
/// looks them up at every step (SipHash's resistance to chosen keys buys nothing here).
pub type Names<V> = std::collections::HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// The FNV-1a hash (64 bits).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// An ndarray: shape, strides, dtype and the buffer it owns or views.
#[derive(Debug, Clone)]
pub struct Array {
    pub shape: Vec<u64>,
    /// Byte strides, one per axis, as numpy keeps them (a broadcast axis has stride 0).
    pub strides: Vec<i128>,
    pub dtype: DType,
    pub buf: Rc<Buffer>,
    /// Owns its data (not a view).
    pub owns: bool,
    /// A memory map (`np.load(..., mmap_mode=...)`): no numpy memory, never elided.
    pub memmap: bool,
}

/// One array of a file (or of a file the script saved): its name in the archive.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub shape: Vec<u64>,
    pub dtype: DType,
    pub order: Order,
}

/// A memory layout for a new array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    C,
    F,
}

/// numpy's strides for a fresh array (`_array_fill_strides`): a zero-length axis does not
/// multiply the stride of the next.
pub fn fresh_strides(shape: &[u64], itemsize: u64, order: Order) -> Vec<i128> {
    let mut strides = vec![0i128; shape.len()];
    let mut sd = i128::from(itemsize);
    let mut fill = |i: usize| {
        strides[i] = sd;
        if shape[i] != 0 {
            sd = sd.saturating_mul(i128::from(shape[i]));
        }
    };
    match order {
        Order::C => (0..shape.len()).rev().for_each(&mut fill),
        Order::F => (0..shape.len()).for_each(&mut fill),
    }
    strides
}

/// numpy's contiguity flags (`_UpdateContiguousFlags`): axes of length 1 are ignored and an
/// empty array is contiguous both ways.
fn contiguous_in(
    shape: &[u64],
    strides: &[i128],
    itemsize: u64,
    axes: &mut dyn Iterator<Item = usize>,
) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let mut sd = i128::from(itemsize);
    for i in axes {
        if shape[i] != 1 {
            if strides[i] != sd {
                return false;
            }
            sd = sd.saturating_mul(i128::from(shape[i]));
        }
    }
    true
}

impl Array {
    /// The element count; saturates at `u64::MAX`, which is past numpy's limit anyway.
    pub fn size(&self) -> u64 {
        elements(&self.shape)
    }
    pub fn nbytes(&self) -> u64 {
        self.size().saturating_mul(self.dtype.itemsize)
    }
    pub fn c_contiguous(&self) -> bool {
        let n = self.shape.len();
        contiguous_in(
            &self.shape,
            &self.strides,
            self.dtype.itemsize,
            &mut (0..n).rev(),
        )
    }
    pub fn f_contiguous(&self) -> bool {
        let n = self.shape.len();
        contiguous_in(&self.shape, &self.strides, self.dtype.itemsize, &mut (0..n))
    }
    /// The order numpy's `order='K'` gives a copy or a ufunc result: Fortran when the array
    /// is Fortran-contiguous and not C-contiguous, else C.
    pub fn keep_order(&self) -> Order {
        if self.f_contiguous() && !self.c_contiguous() {
            Order::F
        } else {
            Order::C
        }
    }
    /// A view of this array's buffer with another shape and strides.
    pub fn view(&self, shape: Vec<u64>, strides: Vec<i128>) -> Array {
        Array {
            shape,
            strides,
            dtype: self.dtype.clone(),
            buf: self.buf.clone(),
            owns: false,
            memmap: self.memmap,
        }
    }
    /// A view with the same shape and strides (`x.view()`, `x[...]`, `np.asarray(x)`).
    pub fn same_view(&self) -> Array {
        self.view(self.shape.clone(), self.strides.clone())
    }
    /// The view of the axes in `order` (`transpose`, `.T`, `swapaxes`).
    pub fn permuted(&self, axes: &[usize]) -> Array {
        self.view(
            axes.iter().map(|&i| self.shape[i]).collect(),
            axes.iter().map(|&i| self.strides[i]).collect(),
        )
    }
    /// `reshape` without a copy, as numpy's `_attempt_nocopy_reshape` tries it: the new
    /// strides, or `None` when the data must be copied.
    pub fn nocopy_reshape(&self, newdims: &[u64], order: Order) -> Option<Vec<i128>> {
        let (olddims, oldstrides): (Vec<i128>, Vec<i128>) = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(d, _)| **d != 1)
            .map(|(d, s)| (i128::from(*d), *s))
            .unzip();
        let newdims: Vec<i128> = newdims.iter().map(|&d| i128::from(d)).collect();
        let (oldnd, newnd) = (olddims.len(), newdims.len());
        let mut newstrides = vec![0i128; newnd];
        let (mut oi, mut oj, mut ni, mut nj) = (0usize, 1usize, 0usize, 1usize);
        while ni < newnd && oi < oldnd {
            let mut np = newdims[ni];
            let mut op = olddims[oi];
            while np != op {
                if np < op {
                    np = np.saturating_mul(*newdims.get(nj)?);
                    nj += 1;
                } else {
                    op = op.saturating_mul(*olddims.get(oj)?);
                    oj += 1;
                }
            }
            for ok in oi..oj - 1 {
                let fits = match order {
                    Order::F => oldstrides[ok + 1] == olddims[ok].saturating_mul(oldstrides[ok]),
                    Order::C => {
                        oldstrides[ok] == olddims[ok + 1].saturating_mul(oldstrides[ok + 1])
                    }
                };
                if !fits {
                    return None;
                }
            }
            match order {
                Order::F => {
                    newstrides[ni] = oldstrides[oi];
                    for nk in ni + 1..nj {
                        newstrides[nk] = newstrides[nk - 1].saturating_mul(newdims[nk - 1]);
                    }
                }
                Order::C => {
                    newstrides[nj - 1] = oldstrides[oj - 1];
                    for nk in (ni + 1..nj).rev() {
                        newstrides[nk - 1] = newstrides[nk].saturating_mul(newdims[nk]);
                    }
                }
            }
            ni = nj;
            nj += 1;
            oi = oj;
            oj += 1;
        }
        let mut last = if ni >= 1 {
            newstrides[ni - 1]
        } else {
            i128::from(self.dtype.itemsize)
        };
        if order == Order::F && ni >= 1 {
            last = last.saturating_mul(newdims[ni - 1]);
        }
        for s in newstrides.iter_mut().skip(ni) {
            *s = last;
        }
        Some(newstrides)
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
    /// A `pathlib.Path`.
    Path(String),
    /// An `NpzFile` (`np.load` of an archive): its members, read on access.
    Npz(Rc<Vec<Member>>),
    /// A dict of names to values (`safetensors.numpy.load_file`).
    Dict(Rc<RefCell<Vec<(String, Value)>>>),
    /// `range(start, start + step * len, step)`, not listed.
    Range {
        start: i128,
        step: i128,
        len: u64,
    },
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
    // The planner asks for the same few names again and again (`bool`, `float64`, `intp`):
    // each is parsed once per thread.
    thread_local! {
        static PARSED: RefCell<Vec<(String, DType)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(d) = PARSED.with(|p| {
        p.borrow()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
    }) {
        return d;
    }
    let d = crate::dtype::parse(name, Platform::LINUX_X86_64).unwrap_or(DType {
        body: Body::Float(FloatType::Double),
        itemsize: 8,
        alignment: 8,
        byteorder: crate::dtype::ByteOrder::Native,
        char: 'd',
    });
    PARSED.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() < 64 {
            p.push((name.to_string(), d.clone()));
        }
    });
    d
}

pub fn is_numeric(d: &DType) -> bool {
    matches!(d.kind(), 'b' | 'i' | 'u' | 'f' | 'c')
}

/// The float dtype numpy's float functions give for `d`: float64 for booleans and integers, `d`
/// itself otherwise.
pub fn float_kind(d: &DType) -> DType {
    match d.kind() {
        'b' | 'i' | 'u' => dtype("float64"),
        _ => d.clone(),
    }
}
