//! Which build of the scan loop runs: the x86-64-v3 (AVX2) one when the CPU has it.

use half::{bf16, f16};

use super::elements::Elem;
use super::kernels::{Plan, Stats, float_target, scan_values};

/// Scan one chunk as `plan` says, with the vector instructions this CPU has; its first value
/// is the array's value number `first`.
pub(super) fn scan_chunk(data: &[u8], plan: Plan, first: u64) -> Stats {
    #[cfg(target_arch = "x86_64")]
    if let Some(stats) = x86_64_v3::scan_chunk(data, plan, first) {
        return stats;
    }
    scan_chunk_portable(data, plan, first)
}

/// The scan compiled a second time for x86-64-v3 (AVX2, FMA, F16C…), used when the CPU has it:
/// the baseline x86-64 target has only SSE2, which converts two doubles at a time. The code is
/// the same Rust (everything below `scan_chunk_portable` is inlined into it); LLVM never fuses
/// or reassociates float operations, so the results are the same bit for bit.
#[cfg(target_arch = "x86_64")]
mod x86_64_v3 {
    use super::{Plan, Stats};

    fn available() -> bool {
        std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
            && std::is_x86_feature_detected!("bmi1")
            && std::is_x86_feature_detected!("bmi2")
            && std::is_x86_feature_detected!("lzcnt")
            && std::is_x86_feature_detected!("f16c")
            && std::is_x86_feature_detected!("popcnt")
    }

    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,f16c,popcnt")]
    fn scan_chunk_v3(data: &[u8], plan: Plan, first: u64) -> Stats {
        super::scan_chunk_portable(data, plan, first)
    }

    /// `None` when this CPU lacks x86-64-v3.
    #[allow(unsafe_code)]
    pub fn scan_chunk(data: &[u8], plan: Plan, first: u64) -> Option<Stats> {
        if !available() {
            return None;
        }
        // SAFETY: `scan_chunk_v3` needs exactly the CPU features `available()` has just
        // detected; calling a `#[target_feature]` function is sound when the CPU has them.
        Some(unsafe { scan_chunk_v3(data, plan, first) })
    }
}

#[inline(always)]
pub(super) fn scan_chunk_portable(data: &[u8], plan: Plan, first: u64) -> Stats {
    let (t, check) = (plan.target, (plan.tolerance, first));
    match (plan.elem, plan.big_endian) {
        (Elem::F64, false) => float_target(data, f64::from_le_bytes, t, check),
        (Elem::F64, true) => float_target(data, f64::from_be_bytes, t, check),
        (Elem::F32, false) => float_target(data, |a| f64::from(f32::from_le_bytes(a)), t, check),
        (Elem::F32, true) => float_target(data, |a| f64::from(f32::from_be_bytes(a)), t, check),
        (Elem::F16, false) => float_target(data, |a| f16::from_le_bytes(a).to_f64(), t, check),
        (Elem::F16, true) => float_target(data, |a| f16::from_be_bytes(a).to_f64(), t, check),
        (Elem::BF16, false) => float_target(data, |a| bf16::from_le_bytes(a).to_f64(), t, check),
        (Elem::BF16, true) => float_target(data, |a| bf16::from_be_bytes(a).to_f64(), t, check),
        (Elem::Byte(b), _) => {
            float_target(data, |a: [u8; 1]| b.values[usize::from(a[0])], t, check)
        }
        (Elem::Bool | Elem::Int { .. }, _) => scan_values(data, plan, first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cast::scan::{SmallFloat, Target, byte_table};
    use crate::cast::tolerance::Tolerance;

    /// Bit patterns of every kind (normal, subnormal, zero, NaN, infinity) from a xorshift.
    fn bytes(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        let mut out = Vec::with_capacity(n * 8);
        for i in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Every eighth value a standard-looking float64 near 1, so not everything is extreme.
            let v = if i % 8 == 0 {
                (1.0 + (x >> 11) as f64 / (1u64 << 53) as f64).to_bits()
            } else {
                x
            };
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The fast rounding into ml_dtypes' small floats against the exact model of ml_dtypes'
    /// casts (`values::convert`, itself checked against ml_dtypes value by value).
    #[test]
    fn small_floats_round_as_ml_dtypes() {
        use crate::number::limits::{Convention, FloatLimits};
        use crate::number::{FloatFormat, Value};
        let mut inputs: Vec<f64> = vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
            1e300,
            -1e300,
            3.5e38,
            448.0,
            464.0,
            470.0,
            480.0,
            57344.0,
            61440.0,
            7.5,
            7.75,
            6.0,
            7.0,
            28.0,
            30.0,
            15.5,
            15.75,
            240.0,
            248.0,
        ];
        for m in 1..=5 {
            for e in -20..=17 {
                for sign in [1.0, -1.0] {
                    let mid = (1.0 + 2f64.powi(-(m + 1))) * 2f64.powi(e);
                    inputs.extend(
                        [mid, mid + 2f64.powi(e - 30), mid - 2f64.powi(e - 30)].map(|v| v * sign),
                    );
                }
            }
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Magnitudes around the small formats' ranges: 2^-40 to 2^20.
            let v = f64::from_bits((x & 0x800f_ffff_ffff_ffff) | ((983 + (x >> 52) % 60) << 52));
            inputs.push(v);
        }
        let mut checked = 0;
        for ml in crate::dtype::ML_TYPES.iter() {
            let crate::dtype::MlKind::Float { format, .. } = &ml.format else {
                continue;
            };
            let Some(sf) = SmallFloat::of(format) else {
                continue;
            };
            let limits = FloatLimits::new(*format, Convention::MlDtypes { min_precision: 1 });
            for &v in &inputs {
                let exact = crate::number::round::convert(
                    &FloatFormat::DOUBLE.decode(u128::from(v.to_bits())),
                    &limits,
                );
                let (got, _) = sf.convert(v);
                let fast = FloatFormat::DOUBLE.decode(u128::from(got.to_bits()));
                let same = match (&exact, &fast) {
                    (Value::NaN { .. }, Value::NaN { .. }) => true,
                    (Value::Infinite { negative: a }, Value::Infinite { negative: b }) => a == b,
                    (Value::Finite { .. }, Value::Finite { .. }) => {
                        exact.to_rational() == fast.to_rational()
                            && exact.is_negative() == fast.is_negative()
                    }
                    _ => false,
                };
                assert!(same, "{} of {v:e}: fast {got:e}, exact {exact:?}", ml.name);
            }
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} small formats");
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_build_answers_as_the_portable_one() {
        let data = bytes(20_011, 0x9e37_79b9_7f4a_7c15);
        let targets = [
            Target::F64,
            Target::F32,
            Target::F16,
            Target::BF16,
            Target::Bool,
            Target::Int {
                bytes: 1,
                signed: true,
            },
            Target::Int {
                bytes: 4,
                signed: false,
            },
            Target::Int {
                bytes: 8,
                signed: true,
            },
        ];
        let mut targets = targets.to_vec();
        let mut elems = vec![Elem::F64, Elem::F32, Elem::F16, Elem::BF16];
        for ml in crate::dtype::ML_TYPES.iter() {
            if let crate::dtype::MlKind::Float { format, .. } = &ml.format {
                targets.extend(SmallFloat::of(format).map(Target::Small));
                elems.extend(byte_table(format).map(Elem::Byte));
            }
        }
        assert!(targets.len() > 15 && elems.len() > 8);
        let tolerance = Tolerance {
            rtol: 1e-3,
            atol: 1e-6,
        };
        let checks = [(None, 0), (Some(tolerance), 1000)];
        let mut compared = 0;
        for elem in elems {
            // Eight-bit formats: a few thousand bytes hold every encoding many times over.
            let data = if elem.size() == 1 {
                &data[..8192]
            } else {
                &data[..]
            };
            for big_endian in [false, true] {
                for &target in &targets {
                    for (tolerance, first) in checks {
                        let plan = Plan {
                            len: data.len() as u64,
                            elem,
                            big_endian,
                            target,
                            tolerance,
                        };
                        let portable = scan_chunk_portable(data, plan, first);
                        if let Some(v3) = x86_64_v3::scan_chunk(data, plan, first) {
                            assert_eq!(
                                format!("{v3:?}"),
                                format!("{portable:?}"),
                                "{plan:?} {first}"
                            );
                            compared += 1;
                        }
                    }
                }
            }
        }
        // On a CPU without AVX2 there is nothing to compare; say so rather than pass silently.
        if compared == 0 {
            eprintln!("no x86-64-v3 on this CPU: only the portable scan runs here");
        }
    }
}
