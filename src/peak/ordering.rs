//! Order statistics as numpy computes them: `np.partition` and `np.argpartition`, and the
//! median and quantiles, which partition a flattened copy of the data.

use super::eval::Interp;
use super::value::{Array, Value, dtype, float_kind};

/// The shape a sort or partition along `axis` gives: `a`'s, or the flattened array's for
/// `axis=None`.
pub(super) fn along(a: &Array, axis: Option<&Value>) -> Vec<u64> {
    match axis {
        Some(Value::None) => vec![a.size()],
        _ => a.shape.clone(),
    }
}

impl Interp<'_> {
    /// `np.partition(a, kth, axis=-1)`: a copy partitioned in place (`axis=None`: a flattened
    /// copy).
    pub(super) fn partition(&mut self, a: &Array, axis: Option<&Value>) -> Value {
        Value::Array(self.new_array(along(a, axis), a.dtype.clone()))
    }

    /// `np.argpartition(a, kth, axis=-1)` and `a.argpartition(kth, axis=-1)`: the indices, as
    /// `argsort` gives them (int64; `axis=None`: of the flattened array).
    pub(super) fn argpartition(&mut self, a: &Array, axis: Option<&Value>) -> Value {
        Value::Array(self.new_array(along(a, axis), dtype("int64")))
    }

    /// The median of `a` (`q` is `None`) or its quantiles at `q`, over the whole array, as
    /// `np.median`, `np.percentile` and `np.quantile` compute them: numpy partitions a
    /// flattened copy (`a.flatten()`) and reads the result from it.
    pub(super) fn order_statistic(
        &mut self,
        a: &Array,
        q: Option<&Value>,
        what: &str,
        line: u32,
    ) -> Value {
        // A Python number as q is weak; a list of them is a float64 array.
        let floats = float_kind(&a.dtype);
        let shape = match q {
            None | Some(Value::Int(_) | Value::Float(_)) => None,
            Some(Value::List(l)) => Some(vec![l.borrow().len() as u64]),
            Some(Value::Tuple(t)) => Some(vec![t.len() as u64]),
            Some(Value::Array(q)) => Some(q.shape.clone()),
            Some(_) => return self.unknown(line, what, "q is not known"),
        };
        let copy = self.new_array(vec![a.size()], a.dtype.clone());
        let result = match shape {
            None => Value::Scalar(floats),
            Some(s) => {
                let dt = if floats.itemsize > 8 {
                    floats
                } else {
                    dtype("float64")
                };
                Value::Array(self.new_array(s, dt))
            }
        };
        drop(copy);
        result
    }
}
