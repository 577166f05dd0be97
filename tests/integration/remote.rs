//! Remote checkpoints (`https://…`, `hf://ORG/MODEL`) against a small HTTP server on loopback
//! that serves the committed fixtures with range support, counts the bytes it sends, and plays
//! the Hub's parts: its `resolve` layout, a gated repository, redirects to another host (a CDN)
//! and on the same host, a server that ignores `Range`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Run, npmem_env};

/// The token the gated repository takes.
const TOKEN: &str = "hf_test_token";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    port: u16,
    path: String,
    range: Option<String>,
    authorization: Option<String>,
}

/// A file the server makes up: a real header, then `zeros` bytes of weights.
#[derive(Clone)]
struct Virtual {
    head: Vec<u8>,
    zeros: u64,
}

impl Virtual {
    fn len(&self) -> u64 {
        self.head.len() as u64 + self.zeros
    }
}

#[derive(Default)]
struct State {
    sent: AtomicU64,
    active: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
    virtuals: Mutex<HashMap<String, Virtual>>,
}

/// Two listeners sharing one state: the Hub (`hub`) and a CDN on another port (`cdn`), another
/// origin, as the Hub's file downloads redirect to one.
struct Server {
    hub: u16,
    cdn: u16,
    state: Arc<State>,
}

impl Server {
    fn start() -> Server {
        let state = Arc::new(State::default());
        let hub = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let cdn = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = |l: &TcpListener| l.local_addr().map(|a| a.port()).unwrap_or_default();
        let (hub_port, cdn_port) = (port(&hub), port(&cdn));
        for listener in [hub, cdn] {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let state = Arc::clone(&state);
                    state.active.fetch_add(1, Ordering::SeqCst);
                    std::thread::spawn(move || {
                        let _ = serve(stream, &state, cdn_port);
                        state.active.fetch_sub(1, Ordering::SeqCst);
                    });
                }
            });
        }
        Server {
            hub: hub_port,
            cdn: cdn_port,
            state,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.hub)
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.hub)
    }

    fn add_virtual(&self, name: &str, v: Virtual) {
        if let Ok(mut m) = self.state.virtuals.lock() {
            m.insert(name.to_string(), v);
        }
    }

    /// Run npmem, wait for every connection to close, and give the bytes sent and the requests
    /// seen during the run.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> (Run, u64, Vec<Seen>) {
        self.state.sent.store(0, Ordering::SeqCst);
        if let Ok(mut seen) = self.state.seen.lock() {
            seen.clear();
        }
        let run = npmem_env(args, env);
        // The server's threads end when npmem's connections close (npmem has exited).
        let started = Instant::now();
        while self.state.active.load(Ordering::SeqCst) > 0
            && started.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        let seen = self
            .state
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        (run, self.state.sent.load(Ordering::SeqCst), seen)
    }
}

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Answer one request (each connection takes one: `Connection: close`).
fn serve(stream: TcpStream, state: &State, cdn_port: u16) -> std::io::Result<()> {
    let port = stream.local_addr()?.port();
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    if let Ok(mut seen) = state.seen.lock() {
        seen.push(Seen {
            port,
            path: path.clone(),
            range: headers.get("range").cloned(),
            authorization: headers.get("authorization").cloned(),
        });
    }
    let mut out = stream;
    let answer = |out: &mut TcpStream, status: &str, extra: &str| {
        write!(
            out,
            "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
        )
    };
    let segments: Vec<&str> = path.trim_start_matches('/').splitn(5, '/').collect();
    // The Hub's layout: /ORG/MODEL/resolve/REV/FILE.
    let file = match segments.as_slice() {
        ["files", rest @ ..] => rest.join("/"),
        [org, model, "resolve", rev, file] => {
            if !["main", "refs%2Fpr%2F1"].contains(rev) {
                return answer(&mut out, "404 Not Found", "");
            }
            match *org {
                "npmem" => format!("data/models/{model}/{file}"),
                "norange" => format!("norange/data/models/{model}/{file}"),
                "gated" => {
                    if headers.get("authorization").map(String::as_str)
                        != Some(&format!("Bearer {TOKEN}"))
                    {
                        return answer(&mut out, "401 Unauthorized", "");
                    }
                    format!("data/models/{model}/{file}")
                }
                // A renamed repository: a relative redirect on the same host.
                "renamed" => {
                    return answer(
                        &mut out,
                        "307 Temporary Redirect",
                        &format!("Location: /gated/{model}/resolve/{rev}/{file}\r\n"),
                    );
                }
                // File downloads go to a CDN: another origin.
                "cdn" => {
                    return answer(
                        &mut out,
                        "302 Found",
                        &format!(
                            "Location: http://127.0.0.1:{cdn_port}/files/data/models/{model}/{file}\r\n"
                        ),
                    );
                }
                _ => return answer(&mut out, "404 Not Found", ""),
            }
        }
        ["error"] => return answer(&mut out, "500 Internal Server Error", ""),
        _ => return answer(&mut out, "404 Not Found", ""),
    };
    let (ignore_range, file) = match file.strip_prefix("norange/") {
        Some(f) => (true, f.to_string()),
        None => (false, file),
    };
    let virtual_file = state
        .virtuals
        .lock()
        .ok()
        .and_then(|m| m.get(&file).cloned());
    let body = match virtual_file {
        Some(v) => v,
        None => match std::fs::read(tests_dir().join(&file)) {
            Ok(bytes) if !file.contains("..") => Virtual {
                head: bytes,
                zeros: 0,
            },
            _ => return answer(&mut out, "404 Not Found", ""),
        },
    };
    let total = body.len();
    let range = headers
        .get("range")
        .filter(|_| !ignore_range)
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split_once('-'))
        .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)));
    let (start, end) = match range {
        Some((a, _)) if a >= total => {
            return answer(
                &mut out,
                "416 Range Not Satisfiable",
                &format!("Content-Range: bytes */{total}\r\n"),
            );
        }
        Some((a, b)) => (a, (b + 1).min(total)),
        None => (0, total),
    };
    let status = if range.is_some() {
        format!(
            "206 Partial Content\r\nContent-Range: bytes {start}-{}/{total}",
            end - 1
        )
    } else {
        "200 OK".to_string()
    };
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        end - start
    )?;
    // The body in pieces, each counted once written: a client that stops reading stops it.
    let mut at = start;
    let chunk = vec![0u8; 64 << 10];
    while at < end {
        let head_len = body.head.len() as u64;
        let n = if at < head_len {
            let to = end.min(head_len);
            let piece = &body.head[at as usize..to as usize];
            out.write_all(piece)?;
            piece.len() as u64
        } else {
            let n = (end - at).min(chunk.len() as u64);
            out.write_all(&chunk[..n as usize])?;
            n
        };
        state.sent.fetch_add(n, Ordering::SeqCst);
        at += n;
    }
    out.flush()
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// npmem's JSON for a remote file, its URL prefix written as the local one: equal to the local
/// file's JSON when the remote read is right.
fn same_as_local(remote: &Run, url_prefix: &str, local_prefix: &str, local: &[&str]) {
    assert_eq!(remote.code, 0, "stderr: {}", remote.stderr);
    let text = remote.stdout.replace(url_prefix, local_prefix);
    let got: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let want = json(&npmem_env(local, &[]));
    assert_eq!(got, want, "remote and local JSON differ");
}

fn size_of(rel: &str) -> u64 {
    std::fs::metadata(tests_dir().join(rel))
        .map(|m| m.len())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_remote_file_reads_as_the_local_one_from_its_header_alone() {
    let server = Server::start();
    for (file, model) in [
        ("data/models/llama-gqa/model.safetensors", false),
        ("data/models/llama-gqa/model.safetensors", true),
        (
            "data/models/mistral-sliding/model.safetensors.index.json",
            true,
        ),
        (
            "data/models/mistral-sliding/model.safetensors.index.json",
            false,
        ),
        ("data/models/llama-q8_0.gguf", true),
        ("data/models/llama-q8_0.gguf", false),
    ] {
        let url = server.url(&format!("files/{file}"));
        let local = format!("tests/{file}");
        let mut args = vec!["estimate", url.as_str(), "--ram", "1GB", "--json"];
        let mut local_args = vec!["estimate", local.as_str(), "--ram", "1GB", "--json"];
        if model {
            args.push("--model");
            local_args.push("--model");
        }
        let (run, sent, seen) = server.run(&args, &[]);
        same_as_local(&run, &server.url("files/"), "tests/", &local_args);
        // Every request asked for a range; the header's bytes, never the weights.
        assert!(seen.iter().all(|s| s.range.is_some()), "{seen:?}");
        let weights: u64 = if file.ends_with("index.json") {
            size_of("data/models/mistral-sliding/model-00001-of-00002.safetensors")
                + size_of("data/models/mistral-sliding/model-00002-of-00002.safetensors")
        } else {
            size_of(file)
        };
        assert!(
            sent < 20_000 && sent * 8 < weights,
            "{file}: {sent} bytes fetched of {weights}"
        );
    }
}

#[test]
fn the_file_fixtures_read_as_on_disk() {
    let server = Server::start();
    for file in [
        "fixtures/files/safetensors/tensors.safetensors",
        "fixtures/files/safetensors/edge_empty_at_zero.safetensors",
        "fixtures/files/safetensors/layers.safetensors",
        "fixtures/files/gguf/tiny.gguf",
        "fixtures/files/gguf/tiny_align64.gguf",
        "fixtures/files/safetensors/sharded/model.safetensors.index.json",
    ] {
        let url = server.url(&format!("files/{file}"));
        let local = format!("tests/{file}");
        let (run, _, _) = server.run(&["estimate", &url, "--ram", "1GB", "--json"], &[]);
        same_as_local(
            &run,
            &server.url("files/"),
            "tests/",
            &["estimate", &local, "--ram", "1GB", "--json"],
        );
    }
}

#[test]
fn a_safetensors_header_takes_two_ranges() {
    let server = Server::start();
    let url = server.url("files/data/models/llama-gqa/model.safetensors");
    let (run, sent, seen) = server.run(&["estimate", &url, "--ram", "1GB", "--json"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(tests_dir().join("data/models/llama-gqa/model.safetensors"))
        .unwrap_or_default();
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    // The first 16 bytes (the length, and enough to know the format), then the rest of the
    // header: exactly the header, nothing of the data.
    let ranges: Vec<_> = seen.iter().filter_map(|s| s.range.clone()).collect();
    assert_eq!(
        ranges,
        vec!["bytes=0-15".to_string(), format!("bytes=16-{}", 8 + n - 1)]
    );
    assert_eq!(sent, 8 + n);
}

#[test]
fn hub_repositories_resolve_as_huggingface_hub_does() {
    let server = Server::start();
    let endpoint = server.endpoint();
    let env = [("HF_ENDPOINT", endpoint.as_str())];
    // No index: model.safetensors, after the index was asked for first.
    let (run, _, seen) = server.run(
        &[
            "estimate",
            "hf://npmem/llama-gqa",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
        &env,
    );
    let prefix = server.url("npmem/llama-gqa/resolve/main/");
    same_as_local(
        &run,
        &prefix,
        "tests/data/models/llama-gqa/",
        &[
            "estimate",
            "tests/data/models/llama-gqa/model.safetensors",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
    );
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths[0],
        "/npmem/llama-gqa/resolve/main/model.safetensors.index.json"
    );
    assert!(
        paths.contains(&"/npmem/llama-gqa/resolve/main/config.json"),
        "{paths:?}"
    );
    // An index, its shards beside it.
    let (run, _, _) = server.run(
        &[
            "estimate",
            "hf://npmem/mistral-sliding",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
        &env,
    );
    same_as_local(
        &run,
        &server.url("npmem/mistral-sliding/resolve/main/"),
        "tests/data/models/mistral-sliding/",
        &[
            "estimate",
            "tests/data/models/mistral-sliding/model.safetensors.index.json",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
    );
    // A file named in the repository, at a revision quoted whole (`refs/pr/1`).
    let (run, _, seen) = server.run(
        &[
            "estimate",
            "hf://npmem/llama-gqa@refs/pr/1/model.safetensors",
            "--ram",
            "1GB",
            "--json",
        ],
        &env,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        seen.iter()
            .all(|s| s.path.contains("/resolve/refs%2Fpr%2F1/")),
        "{seen:?}"
    );
    // An unknown revision: what was tried, and how to name the file.
    let (run, _, _) = server.run(
        &["estimate", "hf://npmem/llama-gqa@v9", "--ram", "1GB"],
        &env,
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("model.safetensors.index.json")
            && run.stderr.contains("at v9")
            && run.stderr.contains("hf://npmem/llama-gqa/FILE"),
        "{}",
        run.stderr
    );
}

#[test]
fn gated_repositories_take_hf_token_and_it_goes_to_the_hub_only() {
    let server = Server::start();
    let endpoint = server.endpoint();
    let args = [
        "estimate",
        "hf://gated/llama-gqa/model.safetensors",
        "--ram",
        "1GB",
        "--json",
    ];
    // No token anywhere (a token file of a logged-in user would be found and sent).
    let nowhere = std::env::temp_dir().join(format!("npmem-no-token-{}", std::process::id()));
    let nowhere = nowhere.display().to_string();
    let (run, _, _) = server.run(
        &args,
        &[("HF_ENDPOINT", &endpoint), ("HF_TOKEN_PATH", &nowhere)],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.starts_with("npmem: error: ")
            && run.stderr.contains("HTTP 401")
            && run.stderr.contains("gated")
            && run.stderr.contains("set HF_TOKEN"),
        "{}",
        run.stderr
    );
    let (run, _, _) = server.run(&args, &[("HF_ENDPOINT", &endpoint), ("HF_TOKEN", "wrong")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the token from HF_TOKEN was refused"),
        "{}",
        run.stderr
    );
    // The file `hf auth login` writes is read as huggingface_hub reads it (a line break and
    // spaces cleaned away), and said by its path when refused.
    let file = std::env::temp_dir().join(format!("npmem-token-{}", std::process::id()));
    let path = file.display().to_string();
    let _ = std::fs::write(&file, "wrong\n");
    let from_file = [
        ("HF_ENDPOINT", endpoint.as_str()),
        ("HF_TOKEN_PATH", path.as_str()),
    ];
    let (run, _, _) = server.run(&args, &from_file);
    assert!(
        run.code == 2
            && run
                .stderr
                .contains(&format!("the token from {path} was refused")),
        "{}",
        run.stderr
    );
    let _ = std::fs::write(&file, format!(" {TOKEN}\r\n"));
    let (run, _, seen) = server.run(&args, &from_file);
    let _ = std::fs::remove_file(&file);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bearer = format!("Bearer {TOKEN}");
    assert!(
        !seen.is_empty()
            && seen
                .iter()
                .all(|s| s.authorization.as_deref() == Some(bearer.as_str())),
        "{seen:?}"
    );
    let with_token = [("HF_ENDPOINT", endpoint.as_str()), ("HF_TOKEN", TOKEN)];
    let (run, _, seen) = server.run(&args, &with_token);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some(bearer.as_str()))
    );
    // A relative redirect (a renamed repository) stays on the Hub: the token goes along.
    let (run, _, seen) = server.run(
        &[
            "estimate",
            "hf://renamed/llama-gqa/model.safetensors",
            "--ram",
            "1GB",
            "--json",
        ],
        &with_token,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        seen.iter().any(|s| s.path.starts_with("/gated/")),
        "{seen:?}"
    );
    // A redirect to another origin (the CDN) drops it.
    let (run, _, seen) = server.run(
        &[
            "estimate",
            "hf://cdn/llama-gqa",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
        &with_token,
    );
    same_as_local(
        &run,
        &server.url("cdn/llama-gqa/resolve/main/"),
        "tests/data/models/llama-gqa/",
        &[
            "estimate",
            "tests/data/models/llama-gqa/model.safetensors",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
    );
    let cdn: Vec<&Seen> = seen.iter().filter(|s| s.port == server.cdn).collect();
    assert!(!cdn.is_empty(), "{seen:?}");
    assert!(cdn.iter().all(|s| s.authorization.is_none()), "{cdn:?}");
    assert!(
        seen.iter()
            .filter(|s| s.port == server.hub)
            .all(|s| s.authorization.is_some())
    );
    // A URL elsewhere than the Hub never gets the token.
    let url = format!(
        "http://127.0.0.1:{}/files/data/models/llama-gqa/model.safetensors",
        server.cdn
    );
    let (run, _, seen) = server.run(&["estimate", &url, "--ram", "1GB"], &with_token);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(seen.iter().all(|s| s.authorization.is_none()), "{seen:?}");
}

/// A safetensors file of one float32 tensor of `bytes` bytes, its weights made up by the server.
fn big_safetensors(bytes: u64) -> Virtual {
    let header = format!(
        r#"{{"w":{{"dtype":"F32","shape":[{}],"data_offsets":[0,{bytes}]}}}}"#,
        bytes / 4
    );
    let mut head = (header.len() as u64).to_le_bytes().to_vec();
    head.extend_from_slice(header.as_bytes());
    Virtual { head, zeros: bytes }
}

#[test]
fn a_server_ignoring_range_is_read_only_as_far_as_the_header() {
    let server = Server::start();
    let weights = 1u64 << 30;
    server.add_virtual("big.safetensors", big_safetensors(weights));
    let (run, sent, _) = server.run(
        &[
            "estimate",
            &server.url("files/norange/big.safetensors"),
            "--ram",
            "8GB",
            "--json",
        ],
        &[],
    );
    let v = json(&run);
    assert_eq!(v["arrays"][0]["nbytes"], weights);
    // What the kernel's socket buffers took before npmem left: never the gigabyte.
    assert!(sent < weights / 16, "{sent} bytes sent");
    // And a real fixture, whole-body answers, reads as the local file.
    let endpoint = server.endpoint();
    let (run, _, seen) = server.run(
        &[
            "estimate",
            "hf://norange/llama-gqa",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
        &[("HF_ENDPOINT", &endpoint)],
    );
    assert!(seen.iter().all(|s| s.range.is_some()));
    same_as_local(
        &run,
        &server.url("norange/llama-gqa/resolve/main/"),
        "tests/data/models/llama-gqa/",
        &[
            "estimate",
            "tests/data/models/llama-gqa/model.safetensors",
            "--model",
            "--ram",
            "1GB",
            "--json",
        ],
    );
}

#[test]
fn with_ranges_a_big_checkpoint_costs_its_header() {
    let server = Server::start();
    server.add_virtual("big.safetensors", big_safetensors(1 << 30));
    let (run, sent, _) = server.run(
        &[
            "estimate",
            &server.url("files/big.safetensors"),
            "--ram",
            "8GB",
            "--json",
        ],
        &[],
    );
    assert_eq!(json(&run)["arrays"][0]["nbytes"], 1u64 << 30);
    assert!(sent < 1024, "{sent} bytes sent");
}

#[test]
fn http_errors_and_an_unreachable_host_are_one_line() {
    let server = Server::start();
    let one_line = |run: &Run, wanted: &[&str]| {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.starts_with("npmem: error: "), "{}", run.stderr);
        for w in wanted {
            assert!(run.stderr.contains(w), "{w}: {}", run.stderr);
        }
    };
    let (run, _, _) = server.run(
        &[
            "estimate",
            &server.url("files/nope.safetensors"),
            "--ram",
            "1GB",
        ],
        &[],
    );
    one_line(&run, &["HTTP 404", "nope.safetensors"]);
    let (run, _, _) = server.run(&["estimate", &server.url("error"), "--ram", "1GB"], &[]);
    one_line(&run, &["HTTP 500"]);
    // A config.json missing beside remote weights.
    let url = server.url("files/fixtures/files/safetensors/tensors.safetensors");
    let (run, _, _) = server.run(&["estimate", &url, "--model", "--ram", "1GB"], &[]);
    one_line(&run, &["config.json", "HTTP 404"]);
    // A header that claims more than the server has.
    server.add_virtual(
        "liar.safetensors",
        Virtual {
            head: 90_000_000u64.to_le_bytes().to_vec(),
            zeros: 1000,
        },
    );
    let (run, sent, _) = server.run(
        &[
            "estimate",
            &server.url("files/liar.safetensors"),
            "--ram",
            "1GB",
        ],
        &[],
    );
    one_line(&run, &["runs past the end of the file (1008 bytes)"]);
    assert_eq!(sent, 16);
    // Nothing listens on a port just freed: offline, said as such.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(1);
    let url = format!("http://127.0.0.1:{port}/model.safetensors");
    let (run, _, _) = server.run(&["estimate", &url, "--ram", "1GB"], &[]);
    one_line(&run, &["cannot reach 127.0.0.1", "offline"]);
    let (run, _, _) = server.run(&["estimate", "hf://a-model-name-only", "--ram", "1GB"], &[]);
    one_line(&run, &["ORG/MODEL"]);
}
