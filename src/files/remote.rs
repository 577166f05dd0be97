//! Checkpoints over HTTP: `https://…/model.safetensors`, a `*.safetensors.index.json`, a `.gguf`,
//! or a Hugging Face Hub repository, `hf://ORG/MODEL[@REV][/PATH]`. Only the headers are read,
//! with range requests as hf-mem reads them: a safetensors file's first 8 bytes and then its
//! header, a GGUF file's metadata in growing ranges. The weights are never downloaded: a server
//! that ignores `Range` is read only as far as the header goes, then left.
//!
//! The Hub's files resolve as `huggingface_hub` resolves them,
//! `{HF_ENDPOINT or https://huggingface.co}/ORG/MODEL/resolve/{REV or main}/FILE`; the token
//! (`HF_TOKEN`, or where `huggingface_hub` finds it: [`token_from_env`]) goes, as `Authorization: Bearer`, to that endpoint's host only, and is dropped on a redirect
//! to another host (as `requests` drops it for `huggingface_hub`: the Hub redirects file
//! downloads to a CDN, whose signed URLs need no token).

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use super::FileError;
use super::source::RangeSource;

/// The schemes npmem reads: `http://`, `https://` and the Hub's `hf://`.
const SCHEMES: [&str; 3] = ["https", "http", "hf"];

/// The most bytes npmem reads from one remote file: more than safetensors' 100 MB header limit,
/// far less than any weights it describes.
pub const MAX_FETCHED: u64 = 128 << 20;

/// Redirects followed for one request, at most.
const MAX_REDIRECTS: usize = 10;

/// The Hub's address when `HF_ENDPOINT` is not set.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Whether `arg` is a URL npmem reads (`https://`, `http://`, `hf://`, any case of scheme).
pub fn is_remote(arg: &str) -> bool {
    arg.split_once("://")
        .is_some_and(|(scheme, _)| SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)))
}

/// Where a remote checkpoint is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file at a URL.
    Url(String),
    /// A repository on the Hub (`hf://ORG/MODEL[@REV][/PATH]`): a file in it when `path` names
    /// one (it ends in `.safetensors`, `.json` or `.gguf`), else a folder (the repository's
    /// root when empty) whose weights are `model.safetensors.index.json` or `model.safetensors`.
    Hub {
        repo: String,
        revision: String,
        path: String,
    },
}

/// What a remote argument names, checked.
pub fn parse(arg: &str) -> Result<Location, FileError> {
    let bad = |problem: String| FileError::Malformed {
        path: arg.to_string(),
        problem,
    };
    let Some((scheme, rest)) = arg.split_once("://") else {
        return Err(bad("not a URL".to_string()));
    };
    if !scheme.eq_ignore_ascii_case("hf") {
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("a URL with no host".to_string()));
        }
        return Ok(Location::Url(arg.to_string()));
    }
    let usage = "write hf://ORG/MODEL, hf://ORG/MODEL@REVISION or hf://ORG/MODEL/FILE";
    if rest.starts_with("datasets/") || rest.starts_with("spaces/") {
        return Err(bad(format!("npmem reads model repositories only; {usage}")));
    }
    let mut parts = rest.splitn(2, '/');
    let org = parts.next().unwrap_or_default();
    let tail = parts.next().unwrap_or_default();
    let (model, after) = tail.split_once('/').unwrap_or((tail, ""));
    let (model, revision, path) = match model.split_once('@') {
        Some((model, rev)) => {
            // `refs/pr/N` and `refs/convert/NAME` hold slashes: the revision takes them.
            let (rev, path) = if rev == "refs" {
                let mut segs = after.splitn(3, '/');
                let kind = segs.next().unwrap_or_default();
                let name = segs.next().unwrap_or_default();
                (
                    format!("refs/{kind}/{name}"),
                    segs.next().unwrap_or_default(),
                )
            } else {
                (rev.to_string(), after)
            };
            (model, rev, path)
        }
        None => (model, "main".to_string(), after),
    };
    let valid = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if !valid(org) || !valid(model) {
        return Err(bad(format!(
            "'{}' is not a repository id (ORG/MODEL, letters, digits, - _ .); {usage}",
            crate::dtype::excerpt(rest)
        )));
    }
    if revision.is_empty() || revision.ends_with('/') {
        return Err(bad(format!("an empty revision after @; {usage}")));
    }
    let path = path.trim_matches('/');
    if path.split('/').any(|s| s == ".." || s == ".") {
        return Err(bad(format!("'{path}' leaves the repository")));
    }
    Ok(Location::Hub {
        repo: format!("{org}/{model}"),
        revision,
        path: path.to_string(),
    })
}

/// A file's name in a URL's path (`model.safetensors`), without the query.
pub fn url_name(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..end];
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a path in a repository names a file npmem reads, rather than a folder.
fn names_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    [".safetensors", ".json", ".gguf"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Percent-encoding as Python's `urllib.parse.quote`: letters, digits and `-._~` as they are,
/// and `/` when `keep_slash`.
fn quote(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `HF_ENDPOINT` and the Hub token, read once.
#[derive(Debug, Clone)]
pub struct Hub {
    pub endpoint: String,
    pub token: Option<Token>,
}

/// An access token for the Hub, and where it came from (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub value: String,
    /// `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, or the token file's path.
    pub from: String,
}

/// The most bytes a token file is read for (a token is tens of bytes).
const MAX_TOKEN_FILE: u64 = 64 << 10;

impl Hub {
    pub fn from_env() -> Self {
        let endpoint = std::env::var("HF_ENDPOINT")
            .ok()
            .map(|e| e.trim().trim_end_matches('/').to_string())
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        Hub {
            endpoint,
            token: token_from_env(),
        }
    }

    /// `huggingface_hub.hf_hub_url`: the revision quoted whole, the file's path by segment.
    pub fn file_url(&self, repo: &str, revision: &str, file: &str) -> String {
        format!(
            "{}/{repo}/resolve/{}/{}",
            self.endpoint,
            quote(revision, false),
            quote(file, true)
        )
    }
}

/// The token `huggingface_hub.get_token` finds: `HF_TOKEN`, then `HUGGING_FACE_HUB_TOKEN`, then
/// the file `hf auth login` writes (`HF_TOKEN_PATH`, else `HF_HOME/token`, where `HF_HOME` is
/// `$XDG_CACHE_HOME/huggingface` or `~/.cache/huggingface`), each cleaned as it cleans them
/// (line breaks removed, spaces trimmed, empty is none).
fn token_from_env() -> Option<Token> {
    let clean =
        |t: &str| Some(t.replace(['\r', '\n'], "").trim().to_string()).filter(|t| !t.is_empty());
    for name in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
        if let Some(value) = std::env::var(name).ok().as_deref().and_then(clean) {
            return Some(Token {
                value,
                from: name.to_string(),
            });
        }
    }
    let path = token_path()?;
    // Only a regular file, and only its first bytes: a token file is tiny.
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(&path)
        .ok()?
        .take(MAX_TOKEN_FILE)
        .read_to_string(&mut text)
        .ok()?;
    Some(Token {
        value: clean(&text)?,
        from: path.display().to_string(),
    })
}

/// Where `hf auth login` keeps the token.
fn token_path() -> Option<PathBuf> {
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    };
    let expand = |p: String| match p.strip_prefix("~/") {
        Some(rest) => home().map(|h| h.join(rest)),
        None => Some(PathBuf::from(p)),
    };
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(p) = set("HF_TOKEN_PATH") {
        return expand(p);
    }
    let hf_home = match set("HF_HOME") {
        Some(h) => expand(h)?,
        None => match set("XDG_CACHE_HOME") {
            Some(c) => expand(c)?.join("huggingface"),
            None => home()?.join(".cache").join("huggingface"),
        },
    };
    Some(hf_home.join("token"))
}

/// The file a remote argument names, ready to be read by its headers: for a Hub folder, its
/// `model.safetensors.index.json`, else its `model.safetensors`.
pub fn open(arg: &str) -> Result<Box<dyn RangeSource>, FileError> {
    open_with(arg, &Hub::from_env())
}

/// [`open`] with the Hub's settings given.
pub fn open_with(arg: &str, hub: &Hub) -> Result<Box<dyn RangeSource>, FileError> {
    let client = Rc::new(Client::new(hub)?);
    match parse(arg)? {
        Location::Url(url) => Ok(Box::new(HttpSource::new(&client, url))),
        Location::Hub {
            repo,
            revision,
            path,
        } => {
            if names_file(&path) {
                let url = hub.file_url(&repo, &revision, &path);
                return Ok(Box::new(HttpSource::new(&client, url)));
            }
            let folder = if path.is_empty() {
                String::new()
            } else {
                format!("{path}/")
            };
            let tried = ["model.safetensors.index.json", "model.safetensors"];
            for name in tried {
                let url = hub.file_url(&repo, &revision, &format!("{folder}{name}"));
                let source = HttpSource::new(&client, url);
                match source.size() {
                    Ok(_) => return Ok(Box::new(source)),
                    Err(FileError::Io { error, .. })
                        if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            Err(FileError::Io {
                path: arg.to_string(),
                error: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "neither {folder}{} nor {folder}{} is in {repo} at {revision} (HTTP 404); name the weights file: hf://{repo}/FILE (a .safetensors, an index or a .gguf)",
                        tried[0], tried[1]
                    ),
                ),
            })
        }
    }
}

/// scheme, host and port of a URL, lower-cased, the port defaulted: what must match for the
/// token to be sent.
fn origin(url: &str) -> Option<(String, String, u16)> {
    let uri: ureq::http::Uri = url.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let host = uri.host()?.to_ascii_lowercase();
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    Some((scheme, host, port))
}

/// A redirect's target, from the URL it came from and its `Location`.
fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let dir = rest[..path_end].rfind('/').map_or(rest, |i| &rest[..=i]);
    let dir = if dir == authority {
        format!("{authority}/")
    } else {
        dir.to_string()
    };
    format!("{scheme}://{dir}{location}")
}

/// The HTTP side: one agent for every request of a run, and where the token may go.
struct Client {
    agent: ureq::Agent,
    token: Option<Token>,
    /// The Hub's origin: the only one the token is sent to.
    home: Option<(String, String, u16)>,
    endpoint: String,
}

impl Client {
    fn new(hub: &Hub) -> Result<Self, FileError> {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed here, to decide where the token goes.
            .max_redirects(0)
            .user_agent(concat!("npmem/", env!("CARGO_PKG_VERSION")))
            .timeout_resolve(Some(Duration::from_secs(30)))
            .timeout_connect(Some(Duration::from_secs(30)))
            .timeout_recv_response(Some(Duration::from_secs(60)))
            .timeout_per_read(Some(Duration::from_secs(60)))
            // A server that trickles bytes is left after this long, whatever it sends.
            .timeout_global(Some(Duration::from_secs(300)))
            .build();
        Ok(Client {
            agent: config.new_agent(),
            token: hub.token.clone(),
            home: origin(&hub.endpoint),
            endpoint: hub.endpoint.clone(),
        })
    }

    /// A GET of `url` with `range` (bytes `start..end`), redirects followed: the response and
    /// the URL that gave it.
    fn get(
        &self,
        shown: &str,
        url: &str,
        range: (u64, u64),
    ) -> Result<(ureq::http::Response<ureq::Body>, String), FileError> {
        let mut url = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let mut request = self
                .agent
                .get(&url)
                .header("Range", format!("bytes={}-{}", range.0, range.1 - 1))
                // The bytes as stored: a range of a compressed body would be no range of the file.
                .header("Accept-Encoding", "identity");
            let to_home = self.home.is_some() && origin(&url) == self.home;
            if let (Some(token), true) = (&self.token, to_home) {
                request = request.header("Authorization", format!("Bearer {}", token.value));
            }
            let response = request
                .call()
                .map_err(|e| self.transport(shown, &url, &e))?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        http_error(
                            shown,
                            format!("a redirect (HTTP {status}) with no Location"),
                        )
                    })?;
                url = join(&url, location);
                continue;
            }
            return Ok((response, url));
        }
        Err(http_error(
            shown,
            format!("more than {MAX_REDIRECTS} redirects"),
        ))
    }

    fn transport(&self, shown: &str, url: &str, e: &ureq::Error) -> FileError {
        let host = origin(url).map_or_else(|| url.to_string(), |(_, h, _)| h);
        let what = match e {
            ureq::Error::Timeout(_) => format!("no answer from {host} in time ({e})"),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                format!("not a URL npmem can ask ({e})")
            }
            _ => format!("cannot reach {host} ({e})"),
        };
        FileError::Io {
            path: shown.to_string(),
            error: std::io::Error::other(format!(
                "{what}: a remote checkpoint is read over the network; offline, download it and give its path"
            )),
        }
    }

    /// What a refusal means, for people.
    fn refused(&self, shown: &str, url: &str, status: u16) -> FileError {
        let to_home = self.home.is_some() && origin(url) == self.home;
        let hint = match (&self.token, to_home) {
            (None, true) => "a gated or private repository (or none of that name): accept its terms on the Hub and set HF_TOKEN to an access token that may read it (or log in with `hf auth login`)".to_string(),
            (Some(t), true) => format!("the token from {} was refused: the repository is gated or private (or none of that name), and this token may not read it", t.from),
            (Some(t), false) => format!(
                "the server asks for credentials; the token from {} is sent only to the Hub ({})",
                t.from, self.endpoint
            ),
            (None, false) => "the server asks for credentials npmem does not send".to_string(),
        };
        FileError::Io {
            path: shown.to_string(),
            error: std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("access refused (HTTP {status}): {hint}"),
            ),
        }
    }
}

fn http_error(shown: &str, problem: String) -> FileError {
    FileError::Io {
        path: shown.to_string(),
        error: std::io::Error::other(problem),
    }
}

/// `Content-Range: bytes START-END/TOTAL` (or `bytes */TOTAL`): the start and the total.
fn content_range(value: &str) -> Option<(Option<u64>, Option<u64>)> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = rest.split_once('/')?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse().ok()?),
    };
    let start = match range.trim() {
        "*" => None,
        r => Some(r.split_once('-')?.0.trim().parse().ok()?),
    };
    Some((start, total))
}

/// What has been received of a remote file: its bytes from the start, its length once known,
/// and the body still being read of a server that ignored `Range`.
#[derive(Default)]
struct Received {
    bytes: Vec<u8>,
    total: Option<u64>,
    stream: Option<Box<dyn Read>>,
    /// The URL that answered last (after redirects), asked again for the next range.
    answered: Option<String>,
}

/// A file over HTTP, read by ranges from its start; what was received is kept, so every part of
/// a header is asked for once.
pub struct HttpSource {
    url: String,
    shown: PathBuf,
    client: Rc<Client>,
    received: RefCell<Received>,
}

impl HttpSource {
    fn new(client: &Rc<Client>, url: String) -> Self {
        HttpSource {
            shown: PathBuf::from(&url),
            url,
            client: Rc::clone(client),
            received: RefCell::new(Received::default()),
        }
    }

    fn error(&self, problem: String) -> FileError {
        http_error(&self.url, problem)
    }

    /// Make sure the bytes up to `end` (or the file's end) are here. Ranges grow: at least
    /// double what was received, so a header read in small steps takes few requests.
    fn fetch(&self, end: u64) -> Result<(), FileError> {
        let mut r = self.received.borrow_mut();
        let have = r.bytes.len() as u64;
        let end = r.total.map_or(end, |t| end.min(t));
        if end <= have {
            return Ok(());
        }
        let mut target = end.max(have.saturating_mul(2));
        if let Some(t) = r.total {
            target = target.min(t);
        }
        if end > MAX_FETCHED {
            return Err(self.error(format!(
                "the header runs past {} MiB: npmem reads headers only, never the weights",
                MAX_FETCHED >> 20
            )));
        }
        let target = target.min(MAX_FETCHED);
        if r.stream.is_none() {
            let url = r.answered.clone().unwrap_or_else(|| self.url.clone());
            let (response, answered) = self.client.get(&self.url, &url, (have, target))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            match status {
                206 => {
                    let (start, total) = header("content-range")
                        .as_deref()
                        .and_then(content_range)
                        .ok_or_else(|| {
                            self.error("a partial answer (HTTP 206) without a Content-Range".into())
                        })?;
                    if start != Some(have) {
                        return Err(self.error(format!(
                            "asked for bytes from {have}, the server sent another range"
                        )));
                    }
                    let total = total.ok_or_else(|| {
                        self.error("the server does not say how long the file is".into())
                    })?;
                    if r.total.is_some_and(|t| t != total) {
                        return Err(self.error("the file changed length while being read".into()));
                    }
                    r.total = Some(total);
                    r.answered = Some(answered);
                    let want = target.min(total).saturating_sub(have);
                    let mut body = response.into_body().into_reader().take(want);
                    body.read_to_end(&mut r.bytes)
                        .map_err(|e| self.error(format!("reading the answer: {e}")))?;
                    if (r.bytes.len() as u64) < have + want {
                        return Err(self.error(format!(
                            "the server sent {} of the {want} bytes asked for",
                            r.bytes.len() as u64 - have
                        )));
                    }
                    return Ok(());
                }
                200 => {
                    // The server ignores `Range` and sends the whole file: read it only as far
                    // as needed, then leave it.
                    let total = response.body().content_length().ok_or_else(|| {
                        self.error(
                            "the server ignores range requests and does not say how long the file is".into(),
                        )
                    })?;
                    if r.total.is_some_and(|t| t != total) {
                        return Err(self.error("the file changed length while being read".into()));
                    }
                    r.total = Some(total);
                    let mut body = response.into_body().into_reader();
                    // What was received already is sent again: pass over it.
                    std::io::copy(&mut (&mut body).take(have), &mut std::io::sink())
                        .map_err(|e| self.error(format!("reading the answer: {e}")))?;
                    r.stream = Some(Box::new(body));
                }
                416 => {
                    // Asked past the end: the file is shorter than `have`.
                    let total = header("content-range")
                        .as_deref()
                        .and_then(content_range)
                        .and_then(|(_, t)| t)
                        .ok_or_else(|| {
                            self.error("the server refuses the range (HTTP 416)".into())
                        })?;
                    r.total = Some(total);
                    return Ok(());
                }
                401 | 403 => return Err(self.client.refused(&self.url, &answered, status)),
                404 | 410 => {
                    return Err(FileError::Io {
                        path: self.url.clone(),
                        error: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            format!(
                                "no such file: {} is not on the server (HTTP {status})",
                                url_name(&self.url)
                            ),
                        ),
                    });
                }
                s => {
                    let reason = response.status().canonical_reason().unwrap_or("");
                    return Err(self.error(format!("the server answered HTTP {s} {reason}")));
                }
            }
        }
        let total = r.total.unwrap_or(target);
        let want = target.min(total).saturating_sub(have);
        let Received { bytes, stream, .. } = &mut *r;
        if let Some(body) = stream {
            body.take(want)
                .read_to_end(bytes)
                .map_err(|e| self.error(format!("reading the answer: {e}")))?;
            if (bytes.len() as u64) < have + want {
                return Err(self.error(format!(
                    "the answer ended after {} of the {total} bytes it announced",
                    bytes.len()
                )));
            }
        }
        Ok(())
    }
}

impl RangeSource for HttpSource {
    fn path(&self) -> &Path {
        &self.shown
    }

    fn size(&self) -> Result<u64, FileError> {
        if let Some(t) = self.received.borrow().total {
            return Ok(t);
        }
        self.fetch(16)?;
        self.received
            .borrow()
            .total
            .ok_or_else(|| self.error("the server does not say how long the file is".into()))
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, FileError> {
        let end = offset.saturating_add(buf.len() as u64);
        self.fetch(end)?;
        let r = self.received.borrow();
        let have = r.bytes.len() as u64;
        if offset >= have {
            return Ok(0);
        }
        let (from, to) = (
            usize::try_from(offset).unwrap_or(usize::MAX),
            usize::try_from(end.min(have)).unwrap_or(usize::MAX),
        );
        let n = to - from;
        buf[..n].copy_from_slice(&r.bytes[from..to]);
        Ok(n)
    }

    fn sibling(&self, name: &str) -> Result<Box<dyn RangeSource>, FileError> {
        if name.contains("://") || name.starts_with('/') {
            return Err(self.error(format!("'{name}' is not a file beside this one")));
        }
        let end = self.url.find(['?', '#']).unwrap_or(self.url.len());
        let dir = self.url[..end]
            .rfind('/')
            .map_or(&self.url[..end], |i| &self.url[..=i]);
        let url = format!("{dir}{}", quote(name, true));
        Ok(Box::new(HttpSource::new(&self.client, url)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_locations_parse_as_huggingface_hub_writes_them() {
        let hub = |repo: &str, revision: &str, path: &str| Location::Hub {
            repo: repo.to_string(),
            revision: revision.to_string(),
            path: path.to_string(),
        };
        let p = |s: &str| parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p("hf://org/model"), hub("org/model", "main", ""));
        assert_eq!(p("hf://org/model/"), hub("org/model", "main", ""));
        assert_eq!(p("hf://org/model@v1.0"), hub("org/model", "v1.0", ""));
        assert_eq!(
            p("hf://org/model@abc/sub/model.safetensors"),
            hub("org/model", "abc", "sub/model.safetensors")
        );
        assert_eq!(
            p("hf://org/model@refs/pr/3/model.gguf"),
            hub("org/model", "refs/pr/3", "model.gguf")
        );
        for bad in [
            "hf://model",
            "hf://org/",
            "hf://org/mo del",
            "hf://org/model@",
            "hf://org/model/../x.safetensors",
            "hf://datasets/org/x",
            "https:///x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hub_urls_quote_as_hf_hub_url() {
        let hub = Hub {
            endpoint: "https://hf.example".to_string(),
            token: None,
        };
        assert_eq!(
            hub.file_url("o/m", "refs/pr/1", "a b/model.safetensors"),
            "https://hf.example/o/m/resolve/refs%2Fpr%2F1/a%20b/model.safetensors"
        );
    }

    #[test]
    fn redirects_join_as_browsers_do() {
        let base = "http://h:1/a/b/c.safetensors?x=1";
        assert_eq!(join(base, "https://cdn/x"), "https://cdn/x");
        assert_eq!(join(base, "//cdn/x"), "http://cdn/x");
        assert_eq!(join(base, "/y/z"), "http://h:1/y/z");
        assert_eq!(join(base, "d.bin"), "http://h:1/a/b/d.bin");
        assert_eq!(join("http://h", "d"), "http://h/d");
    }

    #[test]
    fn content_ranges_and_origins() {
        assert_eq!(content_range("bytes 0-7/100"), Some((Some(0), Some(100))));
        assert_eq!(content_range("bytes */100"), Some((None, Some(100))));
        assert_eq!(content_range("bytes 8-9/*"), Some((Some(8), None)));
        assert_eq!(content_range("items 0-1/2"), None);
        assert_eq!(
            origin("HTTPS://HuggingFace.co/x"),
            Some(("https".to_string(), "huggingface.co".to_string(), 443))
        );
        assert_ne!(
            origin("http://127.0.0.1:80/x"),
            origin("http://localhost:80/x")
        );
        assert!(is_remote("HF://o/m") && is_remote("https://x") && !is_remote("s3://b/k"));
        assert_eq!(url_name("https://h/a/model.gguf?download=1"), "model.gguf");
    }
}
