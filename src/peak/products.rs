//! Products of two arrays that are not elementwise: `np.outer` and `np.convolve`, with the
//! copies numpy makes of their operands (numpy 2.5's `numeric.py` and `multiarraymodule.c`).

use super::eval::Interp;
use super::numpy::{Kwargs, arg};
use super::promote::promote_values;
use super::value::{Array, Value};

impl Interp<'_> {
    /// `np.outer(a, b)`: `multiply.outer(a.ravel(), b.ravel())`; a ravel copies an operand
    /// that is not C-contiguous.
    pub(super) fn outer(&mut self, a: &Value, b: Option<&Value>, line: u32) -> Value {
        let (Value::Array(x), Some(Value::Array(y))) = (a, b) else {
            return self.unknown(line, "np.outer", "only two arrays are modelled");
        };
        let dt = match promote_values(a, &Value::Array(y.clone())) {
            Ok(d) => d,
            Err(why) => return self.unknown(line, "np.outer", &why),
        };
        let rx = self.call_array(x.clone(), "ravel", Vec::new(), Vec::new(), line);
        let ry = self.call_array(y.clone(), "ravel", Vec::new(), Vec::new(), line);
        let out = self.new_array(vec![x.size(), y.size()], dt);
        drop((rx, ry));
        Value::Array(out)
    }

    /// `np.convolve(a, v, mode="full")` of 1-d arrays: `correlate(a, v[::-1], mode)` with the
    /// longer first; correlate takes C-contiguous operands of the common type, so the reversed
    /// `v` is always copied (and an operand of another type or not contiguous), then writes
    /// `full` n+m-1, `same` n, `valid` n-m+1 values.
    pub(super) fn convolve(&mut self, args: &[Value], kwargs: &Kwargs, line: u32) -> Value {
        let (Some(Value::Array(a)), Some(Value::Array(v))) = (args.first(), args.get(1)) else {
            return self.unknown(line, "np.convolve", "only two arrays are modelled");
        };
        if a.shape.len() != 1 || v.shape.len() != 1 || a.size() == 0 || v.size() == 0 {
            return self.unknown(
                line,
                "np.convolve",
                "only non-empty 1-d arrays are modelled",
            );
        }
        let dt = match promote_values(&args[0], &args[1]) {
            Ok(d) => d,
            Err(why) => return self.unknown(line, "np.convolve", &why),
        };
        let (long, short) = if v.size() > a.size() { (v, a) } else { (a, v) };
        let (n, m) = (long.size(), short.size());
        let len = match arg(args, kwargs, 2, "mode") {
            None => n + m - 1,
            Some(Value::Str(mode)) if mode == "full" => n + m - 1,
            Some(Value::Str(mode)) if mode == "same" => n,
            Some(Value::Str(mode)) if mode == "valid" => n - m + 1,
            _ => return self.unknown(line, "np.convolve", "the mode is not known"),
        };
        let copied = |x: &Array, reversed: bool| {
            x.dtype != dt || !(x.c_contiguous() && !(reversed && x.size() > 1))
        };
        let long_copy = copied(long, false).then(|| self.new_array(vec![n], dt.clone()));
        let short_copy = copied(short, true).then(|| self.new_array(vec![m], dt.clone()));
        let out = self.new_array(vec![len], dt);
        drop((long_copy, short_copy));
        Value::Array(out)
    }
}
