//! Results whose size depends on the data: `np.unique`, `nonzero`, `argwhere`, `flatnonzero`,
//! `compress`, `extract` (boolean-mask indexing is in [`super::numpy`]'s indexing). Each is
//! planned with the buffers numpy 2.5 allocates inside it, its data-dependent count at its
//! largest (every element selected, every value distinct) — or, when something else in the
//! script is not modelled and the plan is a lower bound, at its smallest.

use super::eval::Interp;
use super::numpy::{arg, int_of, kw};
use super::value::{Array, Order, Value, dtype, fresh_strides};

type Kwargs = Vec<(String, Value)>;

fn flag(kwargs: &Kwargs, name: &str) -> bool {
    matches!(kw(kwargs, name), Some(Value::Bool(true)))
}

impl Interp<'_> {
    /// How many of `max` elements a data-dependent selection keeps in this walk.
    pub(super) fn selected(&mut self, line: u32, construct: &str, max: u64, min: u64) -> u64 {
        let reason = "its size depends on the data: counted at its largest";
        if self.bounded(line, construct, reason) {
            max
        } else {
            min.min(max)
        }
    }

    /// `np.unique(a, return_index=, return_inverse=, return_counts=)` over the flattened array
    /// (numpy's `_unique1d`).
    pub(super) fn unique(&mut self, args: &[Value], kwargs: &Kwargs, line: u32) -> Value {
        let Some(Value::Array(a)) = args.first() else {
            return self.unknown(line, "np.unique", "the argument is not an array");
        };
        // With `axis=k` numpy moves axis k first, makes the rows contiguous (a copy unless
        // k is 0 and the array C-contiguous) and finds the unique rows as one structured item
        // each: the 1-D algorithm over `rows` items of `row` bytes.
        let along = match arg(args, kwargs, 4, "axis") {
            None | Some(Value::None) => None,
            Some(v) => match int_of(v).and_then(|k| {
                let nd = a.shape.len() as i128;
                let k = if k < 0 { k + nd } else { k };
                (0..nd).contains(&k).then_some(k as usize)
            }) {
                Some(k) => Some(k),
                None => return self.unknown(line, "np.unique", "the axis is not known"),
            },
        };
        let moved = match along {
            Some(k) if k != 0 || !a.c_contiguous() => {
                Some(self.new_array(a.shape.clone(), a.dtype.clone()))
            }
            _ => None,
        };
        let (index, inverse, counts) = (
            flag(kwargs, "return_index") || matches!(args.get(1), Some(Value::Bool(true))),
            flag(kwargs, "return_inverse") || matches!(args.get(2), Some(Value::Bool(true))),
            flag(kwargs, "return_counts") || matches!(args.get(3), Some(Value::Bool(true))),
        );
        let (n, dt) = match along {
            Some(k) => {
                let row = a
                    .size()
                    .checked_div(a.shape[k])
                    .unwrap_or(0)
                    .saturating_mul(a.dtype.itemsize);
                (a.shape[k], dtype(&format!("V{}", row.max(1))))
            }
            None => (a.size(), a.dtype.clone()),
        };
        let k = self.selected(line, "np.unique", n, 1);
        let flat = self.new_array(vec![n], dt.clone());
        // Integers, complex and strings go through a hash table when only the values are
        // asked for (its memory is not numpy's); floats and bools are sorted in place.
        let hashed = matches!(dt.kind(), 'i' | 'u' | 'c' | 'U' | 'S');
        if !index && !inverse && !counts && hashed {
            let out = self.new_array(vec![k], dt);
            drop(flat);
            return Value::Array(out);
        }
        let int = dtype("int64");
        let mut perm_aux = Vec::new();
        if index || inverse {
            perm_aux.push(self.new_array(vec![n], int.clone()));
            perm_aux.push(self.new_array(vec![n], dt.clone()));
        }
        let mask = self.new_array(vec![n], dtype("bool"));
        drop(self.new_array(vec![n.saturating_sub(1)], dtype("bool")));
        let mut out = vec![Value::Array(self.new_array(vec![k], dt))];
        if index {
            out.push(Value::Array(self.new_array(vec![k], int.clone())));
        }
        if inverse {
            let imask = self.new_array(vec![n], int.clone());
            out.push(Value::Array(self.new_array(vec![n], int.clone())));
            drop(imask);
        }
        if counts {
            let nz = self.new_array(vec![k], int.clone());
            let idx = self.new_array(vec![k.saturating_add(1)], int.clone());
            drop(nz);
            out.push(Value::Array(self.new_array(vec![k], int)));
            drop(idx);
        }
        drop(mask);
        drop(perm_aux);
        drop(flat);
        drop(moved);
        if let (Some(axis), Some(Value::Array(first))) = (along, out.first_mut()) {
            // The unique rows seen as the input's dtype, axis k put back in its place.
            let mut shape = a.shape.clone();
            shape[axis] = k;
            let mut moved_shape = vec![k];
            moved_shape.extend(
                shape
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != axis)
                    .map(|(_, d)| *d),
            );
            let moved_strides = fresh_strides(&moved_shape, a.dtype.itemsize, Order::C);
            let mut rest = moved_strides[1..].iter();
            first.strides = (0..shape.len())
                .map(|i| {
                    if i == axis {
                        moved_strides[0]
                    } else {
                        rest.next().copied().unwrap_or(0)
                    }
                })
                .collect();
            first.shape = shape;
            first.dtype = a.dtype.clone();
        }
        if out.len() == 1 {
            out.pop().unwrap_or(Value::Unknown)
        } else {
            Value::Tuple(out)
        }
    }

    /// `np.nonzero(a)` / `a.nonzero()`: one `(count, ndim)` int64 buffer, returned as a tuple
    /// of column views.
    pub(super) fn nonzero(&mut self, a: &Array, line: u32, what: &str) -> Value {
        let nd = a.shape.len().max(1) as u64;
        let k = self.selected(line, what, a.size(), 0);
        let buf = self.new_array(vec![k, nd], dtype("int64"));
        let col = i128::from(nd) * 8;
        Value::Tuple(
            (0..nd)
                .map(|_| Value::Array(buf.view(vec![k], vec![col])))
                .collect(),
        )
    }

    pub(super) fn selection(
        &mut self,
        name: &str,
        args: &[Value],
        kwargs: &Kwargs,
        line: u32,
    ) -> Value {
        let what = format!("np.{name}");
        match (name, args) {
            ("unique", _) => self.unique(args, kwargs, line),
            ("nonzero", [Value::Array(a), ..]) => self.nonzero(a, line, &what),
            ("flatnonzero", [Value::Array(a), ..]) => {
                // nonzero(ravel(a))[0]: the ravel is a view of contiguous data.
                let flat = self.reshape(a, vec![a.size()], super::value::Order::C);
                let picked = match self.nonzero(&flat, line, &what) {
                    Value::Tuple(mut t) if !t.is_empty() => t.swap_remove(0),
                    other => other,
                };
                drop(flat);
                picked
            }
            ("argwhere", [Value::Array(a), ..]) => {
                // transpose(nonzero(a)): the tuple stacked into (ndim, count), transposed.
                let nz = self.nonzero(a, line, &what);
                let nd = a.shape.len().max(1) as u64;
                let k = match &nz {
                    Value::Tuple(t) => match t.first() {
                        Some(Value::Array(c)) => c.shape[0],
                        _ => 0,
                    },
                    _ => 0,
                };
                let stacked = self.new_array(vec![nd, k], dtype("int64"));
                drop(nz);
                Value::Array(stacked.permuted(&[1, 0]))
            }
            ("extract", [Value::Array(cond), Value::Array(a), ..]) => {
                // take(ravel(arr), nonzero(ravel(condition))[0])
                let cflat = self.reshape(cond, vec![cond.size()], super::value::Order::C);
                let aflat = self.reshape(a, vec![a.size()], super::value::Order::C);
                let nz = self.nonzero(&cflat, line, &what);
                let k = match &nz {
                    Value::Tuple(t) => match t.first() {
                        Some(Value::Array(c)) => c.shape[0].min(a.size()),
                        _ => 0,
                    },
                    _ => 0,
                };
                let out = self.new_array(vec![k], a.dtype.clone());
                drop(nz);
                drop(aflat);
                drop(cflat);
                Value::Array(out)
            }
            ("compress", [Value::Array(cond), Value::Array(a), ..]) => {
                let axis = arg(args, kwargs, 2, "axis");
                let (len, mut shape) = match axis.and_then(super::numpy::int_of) {
                    None => (a.size(), vec![a.size()]),
                    Some(ax) => {
                        let nd = a.shape.len() as i128;
                        let ax = if ax < 0 { ax + nd } else { ax };
                        if !(0..nd).contains(&ax) {
                            return self.unknown(line, &what, "the axis is out of range");
                        }
                        (a.shape[ax as usize], a.shape.clone())
                    }
                };
                let k = self.selected(line, &what, cond.size().min(len), 0);
                let ax = match axis.and_then(super::numpy::int_of) {
                    Some(ax) if ax < 0 => (ax + a.shape.len() as i128) as usize,
                    Some(ax) => ax as usize,
                    None => 0,
                };
                shape[ax] = k;
                // a.compress: nonzero(condition) (k int64), then take.
                let nz = self.new_array(vec![k, 1], dtype("int64"));
                let out = self.new_array(shape, a.dtype.clone());
                drop(nz);
                Value::Array(out)
            }
            _ => self.unknown(line, &what, "the arguments are not modelled"),
        }
    }
}
