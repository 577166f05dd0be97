//! `np.linalg`: the buffers numpy's `norm` allocates on the way to its result (numpy 2.5's
//! `numpy/linalg/_linalg.py`), checked against tracemalloc (`tests/peak/corpus/linalg_norm.py`).

use super::eval::Interp;
use super::numpy::{Kwargs, arg, axes, kw, real_of, reduced_shape};
use super::value::{Array, Value, dtype};

/// What `ord` asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ord {
    /// `None`: 2-norm of vectors, Frobenius of matrices.
    Default,
    Fro,
    Nuc,
    Num(f64),
}

fn ord_of(v: Option<&Value>) -> Option<Ord> {
    Some(match v {
        None | Some(Value::None) => Ord::Default,
        Some(Value::Str(s)) if s == "fro" || s == "f" => Ord::Fro,
        Some(Value::Str(s)) if s == "nuc" => Ord::Nuc,
        Some(Value::Int(i)) => Ord::Num(*i as f64),
        Some(Value::Float(f)) => Ord::Num(*f),
        _ => return None,
    })
}

impl Interp<'_> {
    pub(super) fn linalg(
        &mut self,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        line: u32,
    ) -> Value {
        match name {
            "norm" => self.norm(args, kwargs, line),
            _ => self.unknown(
                line,
                &format!("np.linalg.{name}"),
                "this np.linalg function is not modelled",
            ),
        }
    }

    /// A full-size array like `x` in `dt` (a temporary of `norm`).
    fn like(&mut self, x: &Array, dt: crate::dtype::DType) -> Array {
        self.new_array(x.shape.clone(), dt)
    }

    fn norm(&mut self, args: Vec<Value>, kwargs: Kwargs, line: u32) -> Value {
        const WHAT: &str = "np.linalg.norm";
        let Some(Value::Array(x)) = args.first().cloned() else {
            return self.unknown(line, WHAT, "only an array argument is modelled");
        };
        let Some(ord) = ord_of(arg(&args, &kwargs, 1, "ord")) else {
            return self.unknown(line, WHAT, "this ord is not modelled");
        };
        let nd = x.shape.len();
        let Some(axes) = axes(arg(&args, &kwargs, 2, "axis"), nd) else {
            return self.unknown(line, WHAT, "the axis is not known");
        };
        let keepdims = matches!(kw(&kwargs, "keepdims"), Some(Value::Bool(true)));
        // The arguments stay alive until the call returns (`norm(X > 0.5)` keeps the mask).
        // Integers and bools are made float64 first (`x.astype(float)`).
        let x = if matches!(x.dtype.kind(), 'f' | 'c') {
            x
        } else {
            let f = self.new_array_in(x.shape.clone(), dtype("float64"), x.keep_order());
            drop(x);
            f
        };
        let real = real_of(&x.dtype);
        if axes.is_none()
            && (ord == Ord::Default
                || (ord == Ord::Fro && nd == 2)
                || (ord == Ord::Num(2.0) && nd == 1))
        {
            // x.ravel(order='K') (a copy unless contiguous one way or the other), then dots.
            let flat = (!x.c_contiguous() && !x.f_contiguous())
                .then(|| self.new_array(vec![x.size()], x.dtype.clone()));
            drop(flat);
            drop(x);
            return if keepdims {
                Value::Array(self.new_array(vec![1; nd], real))
            } else {
                Value::Scalar(real)
            };
        }
        let axes: Vec<usize> = axes.unwrap_or_else(|| (0..nd).collect());
        // sqrt(add.reduce((x.conj() * x).real, axis)): a real x's conj() is x itself, so the
        // product is new; a complex x's conjugate is a temporary the product is written into.
        let sum_of_squares = |this: &mut Self, x: &Array| -> Value {
            let product = this.like(x, x.dtype.clone());
            let sums = this.new_array(reduced_shape(&x.shape, &axes, keepdims), real.clone());
            let root = this.finish_reduce(sums.shape.clone(), real.clone());
            drop(sums);
            drop(product);
            root
        };
        match (axes.len(), ord) {
            (1, Ord::Default | Ord::Num(2.0)) | (2, Ord::Default | Ord::Fro) => {
                let out = sum_of_squares(self, &x);
                drop(x);
                out
            }
            (1, Ord::Num(0.0)) => {
                // (x != 0).astype(real).sum(axis)
                let nonzero = self.like(&x, dtype("bool"));
                let as_real = self.like(&x, real.clone());
                drop(nonzero);
                let sums = self.finish_reduce(reduced_shape(&x.shape, &axes, keepdims), real);
                drop(as_real);
                drop(x);
                sums
            }
            (1, Ord::Num(_)) => {
                // abs(x), then max/min or a sum (of powers, raised in place).
                let absx = self.like(&x, real.clone());
                let out = self.finish_reduce(reduced_shape(&x.shape, &axes, keepdims), real);
                drop(absx);
                drop(x);
                out
            }
            (2, Ord::Num(p)) if p.abs() == 1.0 || p.is_infinite() => {
                // add.reduce(abs(x), axis=one).max(axis=other)
                let (row, col) = (axes[0], axes[1]);
                let (first, second) = if p.abs() == 1.0 {
                    (row, col)
                } else {
                    (col, row)
                };
                let absx = self.like(&x, real.clone());
                let partial_shape = reduced_shape(&x.shape, &[first], keepdims);
                let partial = self.new_array(partial_shape.clone(), real.clone());
                drop(absx);
                let second = if !keepdims && second > first {
                    second - 1
                } else {
                    second
                };
                let out =
                    self.finish_reduce(reduced_shape(&partial_shape, &[second], keepdims), real);
                drop(partial);
                drop(x);
                out
            }
            _ => {
                drop(x);
                self.unknown(
                    line,
                    WHAT,
                    "this ord and axis are not modelled (the 2-norm and nuclear norm of matrices go through an SVD)",
                )
            }
        }
    }
}
