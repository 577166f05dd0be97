//! ggml's tensor types (tests/data/ggml_types.json, from scripts/golden/golden_ggml.py with the
//! gguf package): the catalogue's block table holds each, by its GGUF id, with the package's
//! sizes; a plain type's catalogue dtype takes the package's bytes.

use npmem::dtype::blocks::{self, GgmlType};
use npmem::dtype::{Platform, parse};

use crate::support::{assert_no_mismatches, read_json};

#[test]
fn every_ggml_type_is_in_the_catalogue_with_gguf_sizes() {
    let data = read_json("ggml_types.json");
    let types = data["types"].as_array().cloned().unwrap_or_default();
    assert!(types.len() > 30, "{}", types.len());
    let mut mismatches = Vec::new();
    for t in &types {
        let id = t["id"].as_u64().and_then(|i| u32::try_from(i).ok());
        let name = t["name"].as_str().unwrap_or_default();
        let want = (t["block"].as_u64(), t["block_bytes"].as_u64());
        let got = match id.and_then(blocks::gguf_type) {
            None => {
                mismatches.push(format!("{name} (id {id:?}): not in the catalogue"));
                continue;
            }
            Some(g @ GgmlType::Plain(_, dtype)) => (
                g.name(),
                Some(1),
                parse(dtype, Platform::LINUX_X86_64)
                    .ok()
                    .map(|d| d.itemsize),
            ),
            Some(GgmlType::Blocks(b)) => (b.name, Some(b.block), Some(b.block_bytes)),
        };
        if (got.0, got.1, got.2) != (name, want.0, want.1) {
            mismatches.push(format!("{name}: gguf {want:?}, npmem {got:?}"));
        }
    }
    // Nothing more in the catalogue than the package knows.
    let known = blocks::ggml_types().count();
    if known != types.len() {
        mismatches.push(format!(
            "the catalogue has {known} ggml types, gguf {}",
            types.len()
        ));
    }
    assert_no_mismatches("ggml types", types.len(), &mismatches);
}
