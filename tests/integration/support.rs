//! Running the built binary with a clean environment, and reading golden data.

use std::path::PathBuf;
use std::process::{Command, Output};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `npmem ARGS` with no inherited environment except PATH, so NPMEM_RAM, NO_COLOR and
/// TERM from the developer's shell cannot change results.
pub fn npmem(args: &[&str]) -> Run {
    npmem_env(args, &[])
}

pub fn npmem_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_npmem"));
    cmd.args(args).env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run npmem: {e}"));
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

pub fn read_json(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(data_path(name))
        .unwrap_or_else(|e| panic!("cannot read tests/data/{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("tests/data/{name}: {e}"))
}

/// Fail with a readable list when golden comparisons disagree.
pub fn assert_no_mismatches(what: &str, total: usize, mismatches: &[String]) {
    if !mismatches.is_empty() {
        let shown: Vec<&String> = mismatches.iter().take(60).collect();
        panic!(
            "{} of {total} {what} disagree with numpy:\n{}",
            mismatches.len(),
            shown
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    assert!(total > 0, "no {what} were checked");
}
