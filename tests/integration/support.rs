//! Running the built binary with a clean environment, and reading golden data.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    npmem_within(args, env, Duration::from_secs(600))
}

/// Run `npmem ARGS`, killing it and failing the test if it has not finished within `limit`: a
/// hang (a FIFO opened for reading, say) is a failure, never a stuck test run.
pub fn npmem_within(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    npmem_in(None, args, env, limit)
}

/// [`npmem_within`], run in the directory `dir` when one is given.
pub fn npmem_in(
    dir: Option<&std::path::Path>,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Duration,
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_npmem"));
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.args(args).env_clear();
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run npmem: {e}"));
    // Read both pipes on their own threads, so a chatty child never blocks on a full pipe.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut out);
            }
            out
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("npmem {args:?} did not finish within {limit:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("cannot wait for npmem: {e}"),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
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
