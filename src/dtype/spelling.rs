//! A dtype as npmem reads one: numpy's spelling first, then Python code for one and other
//! libraries' names, each with a note saying how it was read.

use super::error::DTypeError;
use super::foreign::{Meaning, bytes_word, error, lookup};
use super::{DType, Platform, parse};

/// Prefixes of Python code that name numpy's own types (`np.float32`): the name after them is
/// numpy's.
const PYTHON_PREFIXES: &[&str] = &["np.", "numpy.", "jnp.", "jax.numpy.", "ml_dtypes."];

/// A dtype read by npmem, and a note when the spelling was not numpy's or means something
/// else elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub dtype: DType,
    pub note: Option<String>,
}

/// `spelling` as numpy reads it, or, when numpy has no such spelling and another library's
/// name means exactly one dtype, as that dtype (with a note saying so). A name numpy reads
/// otherwise than another library (`U8`: numpy's 8-character string, safetensors' uint8) is
/// numpy's, with a note. Other foreign names are errors that say what they are.
pub fn read(spelling: &str, platform: Platform) -> Result<Read, DTypeError> {
    let typed = spelling.trim();
    match parse(spelling, platform) {
        Ok(dtype) => {
            let note = lookup(typed)
                .filter(|f| f.name == typed || typed.starts_with("torch."))
                .and_then(|f| match f.meaning {
                    Meaning::Dtype(d) => parse(d, platform).ok().map(|theirs| (f, d, theirs)),
                    _ => None,
                })
                .filter(|(_, _, theirs)| *theirs != dtype)
                .map(|(f, d, theirs)| {
                    format!(
                        "'{typed}' is numpy's {} ({}); in {} it means {d} ({})",
                        dtype.name(),
                        bytes_word(dtype.itemsize),
                        f.from,
                        bytes_word(theirs.itemsize)
                    )
                });
            Ok(Read { dtype, note })
        }
        // A name numpy 2 removed gets numpy's own answer, the name to write now, even where
        // another library spells a type alike (`Bool`, safetensors' `BOOL`).
        Err(removed @ DTypeError::Removed { .. }) => Err(removed),
        Err(numpy_error) => {
            if let Some(rest) = PYTHON_PREFIXES.iter().find_map(|p| typed.strip_prefix(p))
                && let Ok(dtype) = parse(rest, platform)
            {
                return Ok(Read {
                    note: Some(format!(
                        "'{typed}' is Python code; read as numpy's '{rest}' ({})",
                        dtype.name()
                    )),
                    dtype,
                });
            }
            let Some(f) = lookup(typed) else {
                return Err(numpy_error);
            };
            match f.meaning {
                Meaning::Dtype(d) => {
                    let dtype = parse(d, platform).map_err(|_| numpy_error.clone())?;
                    Ok(Read {
                        note: Some(format!(
                            "'{typed}' is not a numpy spelling: read as {d} ({}), its meaning in {}",
                            bytes_word(dtype.itemsize),
                            f.from
                        )),
                        dtype,
                    })
                }
                _ => Err(error(typed, &f)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks;
    use super::super::foreign::Meaning::{Dtype, OneOf};
    use super::super::foreign::*;
    use super::*;

    const P: Platform = Platform::LINUX_X86_64;

    /// The error `spelling` gets, as text.
    fn err(spelling: &str) -> String {
        match read(spelling, P) {
            Ok(r) => panic!("{spelling} read as {}", r.dtype.name()),
            Err(e) => e.to_string(),
        }
    }

    /// No suggestion changes the size a name means: every dtype a foreign name points to
    /// takes the name's bits per value (packed, for the sub-byte ml_dtypes formats).
    #[test]
    fn every_foreign_name_keeps_its_size() {
        let torch = TORCH.iter().map(|&(n, d, bits)| (n, Dtype(d), bits));
        let rows = all()
            .map(|f| (f.name, f.meaning, f.bits))
            .chain(torch)
            .collect::<Vec<_>>();
        assert!(rows.len() > 80, "{}", rows.len());
        for (n, meaning, bits) in rows {
            let targets: Vec<&str> = match meaning {
                Dtype(d) => vec![d],
                OneOf(ds) => ds.to_vec(),
                Meaning::Packed { millibits } => {
                    assert_eq!(millibits.div_ceil(1000), bits, "{n}");
                    continue;
                }
            };
            for d in targets {
                let dt = parse(d, P).unwrap_or_else(|e| panic!("{n} → {d}: {e}"));
                let size = if bits < 8 {
                    dt.packed_bits()
                } else {
                    dt.itemsize * 8
                };
                assert_eq!(size, bits, "{n} means {bits} bits; {d} has {size}");
            }
        }
    }

    /// ggml's plain types are read by their safetensors codes, its blocks by their own names.
    #[test]
    fn ggml_plain_types_are_safetensors_codes() {
        for &(_, code, dtype) in blocks::GGML_PLAIN {
            assert_eq!(safetensors(code), Some(dtype), "{code}");
        }
        for b in blocks::ggml_blocks() {
            assert_eq!(safetensors(b.name), None, "{}", b.name);
        }
    }

    #[test]
    fn unambiguous_names_are_read_with_a_note() {
        for (typed, want) in [
            ("bf16", "bfloat16"),
            ("BF16", "bfloat16"),
            ("fp16", "float16"),
            ("FP32", "float32"),
            ("F16", "float16"),
            ("F8_E4M3", "float8_e4m3fn"),
            ("fp8_e5m2", "float8_e5m2"),
            ("torch.bfloat16", "bfloat16"),
            ("torch.float", "float32"),
            ("torch.int", "int32"),
            ("torch.long", "int64"),
            ("I8", "int8"),
            ("i32", "int32"),
            ("np.float32", "float32"),
        ] {
            let r = read(typed, P).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(r.dtype.name(), want, "{typed}");
            assert!(r.note.is_some(), "{typed}");
        }
    }

    #[test]
    fn names_numpy_removed_are_numpys_error_not_another_librarys() {
        for name in ["Bool", "Int64", "Float32"] {
            let r = read(name, P);
            assert!(
                matches!(&r, Err(DTypeError::Removed { replacement, .. }) if replacement == &name.to_lowercase()),
                "{name}: {r:?}"
            );
        }
    }

    #[test]
    fn numpy_spellings_stay_numpy_with_a_note_where_others_differ() {
        let r = read("U8", P).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.dtype.itemsize, 32);
        assert!(r.note.unwrap_or_default().contains("uint8 (1 byte)"));
        let r = read("f16", P).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.dtype.itemsize, 16);
        assert!(r.note.unwrap_or_default().contains("float16 (2 bytes)"));
        for plain in [
            "float32", "f8", "i8", "u8", "int4", "half", "float", "bfloat16",
        ] {
            assert_eq!(read(plain, P).map(|r| r.note), Ok(None), "{plain}");
        }
    }

    #[test]
    fn packed_and_ambiguous_names_are_errors_that_say_what_they_are() {
        // A mix is priced by its main block; a block type npmem counts says its block, its
        // exact bits, and the spec that counts it.
        for (name, wants) in [
            ("Q4_K_M", &["At 4.5 bits a weight"][..]),
            ("Q8_0", &["34 bytes every 32 weights (8.5 bits a weight)"]),
            (
                "nf4",
                &[
                    "NormalFloat",
                    "36 bytes every 64 weights (4.5 bits a weight)",
                    "npmem estimate N:nf4",
                ],
            ),
            ("Q3_K", &["(3.4375 bits a weight)"]),
            (
                "nf4-dq",
                &["33 bytes every 64 weights and 4 more every 16,384 (about 4.127 bits"],
            ),
        ] {
            let e = err(name);
            for want in wants {
                assert!(e.contains(want), "{name}: {e}");
            }
        }
        let e = err("fp8");
        assert!(
            e.contains("'float8_e4m3fn' or 'float8_e5m2'") && e.contains("1 byte"),
            "{e}"
        );
        assert!(!e.contains("'f8'"), "{e}");
    }

    #[test]
    fn sub_byte_notes_give_the_packed_size() {
        let Ok(int4) = parse("int4", P) else {
            panic!("int4")
        };
        let note =
            packed_note(&int4, &num_bigint::BigInt::from(7_000_000_000u64)).unwrap_or_default();
        assert!(note.contains("3500000000 bytes"), "{note}");
        let Ok(f4) = parse("float32", P) else {
            panic!("float32")
        };
        assert_eq!(packed_note(&f4, &num_bigint::BigInt::from(8)), None);
    }
}
