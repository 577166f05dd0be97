//! The arrays of a file held compactly: a file of a million tensors costs about a hundred bytes
//! a tensor here (its name and dimensions in two shared buffers, its type and path as indexes
//! into short tables), where a [`FileArray`] each would cost several hundred.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use num_bigint::BigUint;

use super::{ChunkInfo, Deflated, ElementType, FileArray, Format, Placement, Stored};

/// The arrays a file (or a directory of shards) holds, in the order the reader gives them.
#[derive(Debug, Clone, Default)]
pub struct ArrayList {
    slots: Vec<Slot>,
    /// Every array's name, one after another.
    names: String,
    /// Every array's dimensions, one after another.
    dims: Vec<u64>,
    /// The distinct paths (a shard each), and where each is listed.
    paths: Vec<PathBuf>,
    path_index: HashMap<PathBuf, u32>,
    /// The distinct types: the catalogue's (or none) and the file's name for it.
    types: Vec<(ElementType, String)>,
    type_index: HashMap<String, u32>,
    /// Where zip members lie (`.npz`), and chunk grids of chunked stores (one per Zarr array):
    /// kept aside, so an array elsewhere takes no room for them.
    stored: Vec<Stored>,
    deflated: Vec<Deflated>,
    chunked: Vec<ChunkInfo>,
}

/// One array: where its parts lie in the list's buffers and tables.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Its name in `names` (`name_len == NO_NAME`: no name).
    name_start: usize,
    name_len: usize,
    dims_start: usize,
    ndims: u32,
    path: u32,
    ty: u32,
    format: Format,
    fortran_order: bool,
    disk_bytes: u64,
    place: Place,
}

/// [`Placement`] in eight bytes and a tag: a zip member or a chunk grid is an index into the
/// list's table of them.
#[derive(Debug, Clone, Copy)]
enum Place {
    Contiguous(u64),
    Stored(u32),
    Deflated(u32),
    Chunked(u32),
}

const NO_NAME: usize = usize::MAX;

/// An index into one of the list's tables: the tables are bounded by the file, so a count past
/// `u32` cannot come from a real file (and saturates rather than wraps).
fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ArrayList {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Room for `arrays` more arrays whose names take `name_bytes` (a count the file's own
    /// size bounds: never a header's claim alone).
    pub fn reserve(&mut self, arrays: usize, name_bytes: usize) {
        self.slots.reserve_exact(arrays);
        self.names.reserve_exact(name_bytes);
    }

    /// Add an array at the end.
    pub fn push(&mut self, a: FileArray) {
        let FileArray {
            path,
            format,
            name,
            element,
            type_name,
            shape,
            disk_bytes,
            fortran_order,
            placement,
        } = a;
        let (name_start, name_len) = match &name {
            Some(n) => {
                let start = self.names.len();
                self.names.push_str(n);
                (start, n.len())
            }
            None => (0, NO_NAME),
        };
        let dims_start = self.dims.len();
        self.dims.extend_from_slice(&shape);
        let path = match self.paths.last() {
            Some(last) if *last == path => index(self.paths.len() - 1),
            _ => match self.path_index.get(&path) {
                Some(&i) => i,
                None => {
                    let i = index(self.paths.len());
                    self.path_index.insert(path.clone(), i);
                    self.paths.push(path);
                    i
                }
            },
        };
        let ty = match self.type_index.get(&type_name) {
            Some(&i) if self.types[i as usize].0 == element => i,
            _ => {
                let i = index(self.types.len());
                self.type_index.insert(type_name.clone(), i);
                self.types.push((element, type_name));
                i
            }
        };
        let place = match placement {
            Placement::Contiguous { offset } => Place::Contiguous(offset),
            Placement::Stored(s) => {
                self.stored.push(s);
                Place::Stored(index(self.stored.len() - 1))
            }
            Placement::Deflated(d) => {
                self.deflated.push(d);
                Place::Deflated(index(self.deflated.len() - 1))
            }
            Placement::Chunked(c) => {
                self.chunked.push(c);
                Place::Chunked(index(self.chunked.len() - 1))
            }
        };
        self.slots.push(Slot {
            name_start,
            name_len,
            dims_start,
            ndims: index(shape.len()),
            path,
            ty,
            format,
            fortran_order,
            disk_bytes: u64::try_from(&disk_bytes.0).unwrap_or(u64::MAX),
            place,
        });
    }

    /// The `i`th array.
    pub fn get(&self, i: usize) -> Option<ArrayRef<'_>> {
        self.slots.get(i).map(|slot| ArrayRef { list: self, slot })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = ArrayRef<'_>> {
        self.slots.iter().map(|slot| ArrayRef { list: self, slot })
    }

    /// Every array as a [`FileArray`] of its own.
    pub fn into_arrays(self) -> Vec<FileArray> {
        self.iter().map(|a| a.to_array()).collect()
    }

    /// Every array of `other` after these.
    pub fn append(&mut self, other: ArrayList) {
        if self.is_empty() {
            *self = other;
            return;
        }
        for a in other.iter() {
            self.push(a.to_array());
        }
    }

    /// Every array read as part of a `format` (a shard of an index).
    pub fn set_format(&mut self, format: Format) {
        for s in &mut self.slots {
            s.format = format;
        }
    }

    /// Sort the arrays (stably) by `cmp`.
    pub fn sort_by(&mut self, mut cmp: impl FnMut(&ArrayRef<'_>, &ArrayRef<'_>) -> Ordering) {
        let mut slots = std::mem::take(&mut self.slots);
        slots.sort_by(|a, b| {
            cmp(
                &ArrayRef {
                    list: self,
                    slot: a,
                },
                &ArrayRef {
                    list: self,
                    slot: b,
                },
            )
        });
        self.slots = slots;
    }

    /// Keep the arrays for which `keep` holds (given their index).
    pub fn retain(&mut self, keep: &[bool]) {
        let mut kept = keep.iter();
        self.slots.retain(|_| kept.next().copied().unwrap_or(true));
    }

    /// Give back the room the buffers grew into beyond what they hold.
    pub fn shrink_to_fit(&mut self) {
        self.slots.shrink_to_fit();
        self.names.shrink_to_fit();
        self.dims.shrink_to_fit();
        self.stored.shrink_to_fit();
        self.deflated.shrink_to_fit();
    }
}

impl From<Vec<FileArray>> for ArrayList {
    fn from(arrays: Vec<FileArray>) -> Self {
        let mut list = ArrayList::new();
        for a in arrays {
            list.push(a);
        }
        list
    }
}

/// One array of an [`ArrayList`], read in place.
#[derive(Clone, Copy)]
pub struct ArrayRef<'a> {
    list: &'a ArrayList,
    slot: &'a Slot,
}

impl<'a> ArrayRef<'a> {
    pub fn path(&self) -> &'a Path {
        &self.list.paths[self.slot.path as usize]
    }

    pub fn format(&self) -> Format {
        self.slot.format
    }

    /// The tensor's or member's name, when the file holds several.
    pub fn name(&self) -> Option<&'a str> {
        if self.slot.name_len == NO_NAME {
            return None;
        }
        let start = self.slot.name_start;
        self.list
            .names
            .get(start..start.saturating_add(self.slot.name_len))
    }

    pub fn element(&self) -> &'a ElementType {
        &self.list.types[self.slot.ty as usize].0
    }

    /// The file's own name for the type (`F32`, `<f8`).
    pub fn type_name(&self) -> &'a str {
        &self.list.types[self.slot.ty as usize].1
    }

    pub fn shape(&self) -> &'a [u64] {
        let start = self.slot.dims_start;
        &self.list.dims[start..start + self.slot.ndims as usize]
    }

    /// Bytes the array's data takes on disk.
    pub fn disk_bytes(&self) -> u64 {
        self.slot.disk_bytes
    }

    pub fn fortran_order(&self) -> bool {
        self.slot.fortran_order
    }

    pub fn placement(&self) -> Placement {
        match self.slot.place {
            Place::Contiguous(offset) => Placement::Contiguous { offset },
            Place::Stored(i) => Placement::Stored(self.list.stored[i as usize]),
            Place::Deflated(i) => Placement::Deflated(self.list.deflated[i as usize]),
            Place::Chunked(i) => Placement::Chunked(self.list.chunked[i as usize].clone()),
        }
    }

    /// The chunk grid of a chunked store.
    pub fn chunks(&self) -> Option<&'a ChunkInfo> {
        match self.slot.place {
            Place::Chunked(i) => self.list.chunked.get(i as usize),
            Place::Contiguous(_) | Place::Stored(_) | Place::Deflated(_) => None,
        }
    }

    /// Where the data of a contiguous array starts (`.npy`, safetensors, GGUF).
    pub fn offset(&self) -> Option<u64> {
        match self.slot.place {
            Place::Contiguous(offset) => Some(offset),
            _ => None,
        }
    }

    pub fn elements(&self) -> BigUint {
        self.shape().iter().map(|&d| BigUint::from(d)).product()
    }

    pub fn to_array(&self) -> FileArray {
        FileArray {
            path: self.path().to_path_buf(),
            format: self.format(),
            name: self.name().map(str::to_string),
            element: self.element().clone(),
            type_name: self.type_name().to_string(),
            shape: self.shape().to_vec(),
            disk_bytes: self.disk_bytes().into(),
            fortran_order: self.fortran_order(),
            placement: self.placement(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::{self, Platform};

    fn array(path: &str, name: Option<&str>, type_name: &str, shape: &[u64], at: u64) -> FileArray {
        let element = match dtype::parse(type_name, Platform::LINUX_X86_64) {
            Ok(dt) => ElementType::Known(dt),
            Err(_) => ElementType::Unknown(type_name.to_string()),
        };
        FileArray {
            path: PathBuf::from(path),
            format: Format::Safetensors,
            name: name.map(str::to_string),
            element,
            type_name: type_name.to_string(),
            shape: shape.to_vec(),
            disk_bytes: (at * 3).into(),
            fortran_order: at % 2 == 1,
            placement: Placement::Contiguous { offset: at },
        }
    }

    fn same(a: &FileArray, b: &FileArray) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn an_array_takes_little_room() {
        assert!(
            std::mem::size_of::<Slot>() <= 64,
            "{}",
            std::mem::size_of::<Slot>()
        );
    }

    #[test]
    fn arrays_come_back_as_they_went_in() {
        let arrays = vec![
            array("a.safetensors", Some("w.0"), "<f4", &[2, 3], 0),
            array("a.safetensors", None, "<i8", &[], 1),
            array("b.safetensors", Some(""), "<f4", &[7], 2),
            array("a.safetensors", Some("w.1"), "Q4_K", &[1, 2, 3, 4], 3),
            array("b.safetensors", Some("重み"), "<i8", &[0], 4),
        ];
        let list = ArrayList::from(arrays.clone());
        assert_eq!(list.len(), arrays.len());
        assert_eq!(list.paths.len(), 2);
        assert_eq!(list.types.len(), 3);
        for (i, a) in arrays.iter().enumerate() {
            let got = list.get(i).map(|r| r.to_array());
            assert!(got.as_ref().is_some_and(|g| same(g, a)), "{got:?} != {a:?}");
        }
        // Zip members' placements go through the list and come back whole.
        let stored = Stored {
            start: 1,
            length: 2,
            offset: 3,
            crc: 4,
        };
        let deflated = Deflated {
            start: 5,
            compressed: 6,
            uncompressed: 7,
            skip: 8,
            crc: 9,
        };
        let placed: Vec<FileArray> = [Placement::Stored(stored), Placement::Deflated(deflated)]
            .into_iter()
            .zip(&arrays)
            .map(|(placement, a)| FileArray {
                placement,
                ..a.clone()
            })
            .collect();
        let more = ArrayList::from(placed.clone());
        for (i, a) in placed.iter().enumerate() {
            assert!(more.get(i).is_some_and(|g| same(&g.to_array(), a)), "{a:?}");
        }
        let back = list.into_arrays();
        assert!(back.iter().zip(&arrays).all(|(x, y)| same(x, y)));
    }

    #[test]
    fn sorting_and_keeping_move_whole_arrays() {
        let mut list = ArrayList::from(vec![
            array("a", Some("c"), "<f4", &[3], 30),
            array("a", Some("a"), "<f8", &[1], 10),
            array("a", Some("b"), "<f4", &[2, 2], 20),
        ]);
        list.sort_by(|x, y| x.name().cmp(&y.name()));
        let names: Vec<_> = list.iter().map(|a| a.name()).collect();
        assert_eq!(names, [Some("a"), Some("b"), Some("c")]);
        assert_eq!(list.get(1).map(|a| a.shape().to_vec()), Some(vec![2, 2]));
        assert_eq!(list.get(0).map(|a| a.type_name()), Some("<f8"));
        list.retain(&[true, false, true]);
        let offsets: Vec<_> = list.iter().map(|a| a.offset()).collect();
        assert_eq!(offsets, [Some(10), Some(30)]);
    }
}
