//! Describe dtype spellings as npmem's catalogue resolves them, for comparison with numpy
//! (scripts/fuzz/fuzz_dtypes.py). Reads one JSON string per line on stdin; writes one JSON object
//! per line: `{"ok": true, "name", "str", "kind", "char", "itemsize", "alignment", "byteorder"}`
//! or `{"ok": false, "error": "..."}`. `--platform NAME` picks the platform.

use std::io::{BufRead, Write};

use npmem::dtype::{Platform, parse};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let platform = args
        .iter()
        .position(|a| a == "--platform")
        .and_then(|i| args.get(i + 1))
        .and_then(|name| Platform::from_name(name))
        .unwrap_or(Platform::LINUX_X86_64);
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let spelling: String = match serde_json::from_str(&line) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"ok": false, "error": format!("bad input line: {e}")})
                );
                continue;
            }
        };
        let value = match parse(&spelling, platform) {
            Ok(d) => serde_json::json!({
                "ok": true,
                "name": d.name(),
                "str": d.typestr(),
                "kind": d.kind().to_string(),
                "char": d.char.to_string(),
                "itemsize": d.itemsize,
                "alignment": d.alignment,
                "byteorder": d.byteorder.as_char().to_string(),
            }),
            Err(e) => serde_json::json!({"ok": false, "error": e.to_string()}),
        };
        let _ = writeln!(out, "{value}");
    }
}
