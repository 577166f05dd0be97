//! Property tests: no input makes the parsers panic, and exact arithmetic agrees with itself.

use npmem::dtype::{Platform, parse};
use npmem::shape::{Dim, array_size, parse_spec};
use npmem::units::{parse_budget, parse_size};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn dtype_parsing_never_panics(s in "\\PC{0,12}") {
        for p in Platform::ALL {
            let _ = parse(&s, p);
        }
    }

    #[test]
    fn grammar_shaped_dtypes_never_panic(s in "[<>|=]?[(]?[0-9, ]{0,6}[)]?[<>|=]?[a-zA-Z?]{1,3}[0-9]{0,3}(\\[[0-9a-z/ +-]{0,6}\\])?(,[0-9a-z()]{0,5}){0,3}") {
        let _ = parse(&s, Platform::LINUX_X86_64);
    }

    #[test]
    fn spec_parsing_never_panics(s in "[0-9x,*()?:_e.+ -]{0,24}[a-z0-9]{0,4}") {
        if let Ok(spec) = parse_spec(&s) {
            let dims: Vec<u64> = spec.dims.iter().map(|d| match d { Dim::Known(n) => *n, Dim::Unknown => 7 }).collect();
            if let Ok(dt) = parse(spec.dtype.as_deref().unwrap_or("f8"), Platform::LINUX_X86_64) {
                let counted = array_size(&dims, &dt);
                // Exact: bytes are elements times the element's size, never wrapped.
                prop_assert_eq!(&counted.nbytes(), &npmem::units::Bytes::from(&counted.size * counted.dtype.itemsize));
                // Without zero dimensions, numpy refuses exactly the arrays past 2^63 - 1 bytes.
                let no_zero = counted.shape.iter().all(|&d| d > 0);
                if no_zero && counted.shape.len() <= 64 && counted.dtype.itemsize > 0 {
                    let too_big = counted.nbytes() > npmem::units::Bytes::from(i64::MAX);
                    prop_assert_eq!(counted.refusal.is_some(), too_big);
                }
            }
        }
    }

    #[test]
    fn sizes_never_panic(s in "[-+]?[0-9._e]{0,12} ?[kKmMgGtTpPeEiIbB%]{0,3}") {
        let _ = parse_size(&s);
        let _ = parse_budget(&s);
    }

    #[test]
    fn decimal_dimensions_are_exact(mantissa in 0u64..1_000_000, exp in 0u32..12) {
        let spec = format!("{mantissa}e{exp}:u1");
        let expected = u128::from(mantissa) * 10u128.pow(exp);
        match parse_spec(&spec) {
            Ok(parsed) => prop_assert_eq!(parsed.dims, vec![Dim::Known(u64::try_from(expected).unwrap_or(u64::MAX))]),
            Err(_) => prop_assert!(expected >= 1u128 << 63),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The file readers take any bytes without panicking: a clear error or an answer.
    #[test]
    fn file_readers_never_panic(body in proptest::collection::vec(any::<u8>(), 0..300), kind in 0u8..5) {
        let dir = std::env::temp_dir().join(format!("npmem-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let mut bytes = match kind {
            0 => b"\x93NUMPY\x01\x00".to_vec(),
            1 => b"\x93NUMPY\x02\x00".to_vec(),
            2 => (body.len() as u64).to_le_bytes().to_vec(),
            3 => b"PK\x03\x04".to_vec(),
            _ => Vec::new(),
        };
        bytes.extend_from_slice(&body);
        let name = if kind == 2 { "x.safetensors" } else { "x.npy" };
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let _ = npmem::files::read(&path, Platform::LINUX_X86_64);
    }

    #[test]
    fn npy_headers_never_panic(header in "[{}()\\[\\]'\":, a-z0-9_<>|=-]{0,120}") {
        let _ = npmem::dtype::pylit::parse(&header);
    }

    /// A header's integers are refused past 19 digits, and only then.
    #[test]
    fn npy_header_integers_are_bounded(digits in "[0-9]{1,40}") {
        let text = format!("{{'shape': ({digits},)}}");
        let parsed = npmem::dtype::pylit::parse_bounded(&text, 19);
        prop_assert_eq!(parsed.is_ok(), digits.len() <= 19);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Real files with random bytes changed or cut: a clear error or an answer, never a panic.
    #[test]
    fn mutated_real_files_never_panic(
        which in 0usize..7,
        edits in proptest::collection::vec((any::<u16>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<u16>()),
    ) {
        let fixtures = [
            "npz/savez_compressed.npz",
            "npz/mixed.npz",
            "npy/struct.npy",
            "npy/f8_c_v3.npy",
            "safetensors/tensors.safetensors",
            "safetensors/edge_empty_at_zero.safetensors",
            "gguf/tiny.gguf",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/files");
        let mut bytes = std::fs::read(root.join(fixtures[which])).unwrap_or_default();
        for (at, value) in edits {
            if !bytes.is_empty() {
                let i = usize::from(at) % bytes.len();
                bytes[i] = value;
            }
        }
        if let Some(c) = cut {
            bytes.truncate(usize::from(c) % (bytes.len() + 1));
        }
        let dir = std::env::temp_dir().join(format!("npmem-mut-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let name = std::path::Path::new(fixtures[which]).file_name().unwrap_or_default();
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let _ = npmem::files::read(&path, Platform::LINUX_X86_64);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Dask's chunking takes any typed chunks, limit, previous chunks and shape without
    /// panicking: a plan whose sizes add up to the shape, or Dask's (or npmem's) refusal.
    #[test]
    fn chunk_plans_never_panic(
        chunks in "(auto|-1|None|[0-9]{1,4}|[0-9.]{1,4}[kKMG]?i?B|\\(\\(1,2\\),auto\\)|\\{0: [0-9]{1,3}\\})([,x](auto|-1|[0-9]{1,5}|[0-9]{1,3}kB)){0,4}",
        shape in proptest::collection::vec(prop_oneof![0u64..4, 1u64..100_000, 1u64..(1 << 62)], 0..6),
        limit in proptest::option::of("[0-9]{1,25}|[0-9.]{1,6}[kMGTP]?i?B|-[0-9]{1,3}MB|[a-z]{1,3}"),
        previous in proptest::option::of("[0-9]{1,6}(x[0-9]{1,6}){0,5}|\\(\\([0-9]{1,3},[0-9]{1,3}\\),\\)"),
        itemsize in 0u64..40,
        hasobject in any::<bool>(),
    ) {
        use npmem::dask::{Request, normalize_chunks, parse_chunks, parse_limit, parse_previous};
        let Ok(c) = parse_chunks(&chunks) else { return Ok(()) };
        let limit = match limit.as_deref().map(parse_limit) {
            Some(Ok(l)) => Some(l),
            Some(Err(_)) => return Ok(()),
            None => None,
        };
        let previous = match previous.as_deref().map(parse_previous) {
            Some(Ok(p)) => Some(p),
            Some(Err(_)) => return Ok(()),
            None => None,
        };
        let req = Request {
            chunks: &c,
            shape: &shape,
            limit,
            itemsize,
            hasobject,
            previous: previous.as_deref(),
        };
        if let Ok(n) = normalize_chunks(&req) {
            prop_assert_eq!(n.dims.len(), shape.len());
            for (d, &s) in n.dims.iter().zip(&shape) {
                prop_assert_eq!(d.sum(), u128::from(s), "chunks {:?} for {}", d, s);
            }
        }
    }
}
