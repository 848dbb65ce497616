//! A package directory shaped like WordPress.org's API, on loopback, serving
//! zips the test builds: `plugins/info/1.2`, `themes/info/1.2`,
//! `core/version-check/1.7`, `core/checksums/1.0`, and downloads.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::{Context, Result};

#[derive(Default)]
struct State {
    /// (plugins|themes, slug) → version → download path.
    packages: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// Path → body.
    files: BTreeMap<String, Vec<u8>>,
    /// Core version → path → md5.
    checksums: BTreeMap<String, BTreeMap<String, String>>,
}

/// The directory server, stopped when dropped. Every request is answered
/// from what the test published; anything else is a 404 with WordPress.org's
/// error shape.
pub struct PackageDirectory {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl PackageDirectory {
    /// Starts serving on a free loopback port.
    pub fn start() -> Result<PackageDirectory> {
        let listener =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding 127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, requests, stop) = (state.clone(), requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        requests.fetch_add(1, Ordering::SeqCst);
                        let _ = answer(stream, &state);
                    }
                }
            })
        };
        Ok(PackageDirectory {
            addr,
            state,
            requests,
            stop,
            thread: Some(thread),
        })
    }

    /// The API's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests it has answered.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Publishes version `version` of the plugin (`kind` "plugins") or theme
    /// ("themes") `slug`, zipped under a `slug/` top directory as
    /// WordPress.org ships them; returns its download URL.
    pub fn publish(
        &self,
        kind: &str,
        slug: &str,
        version: &str,
        files: &[(&str, &[u8])],
    ) -> String {
        let path = format!("/download/{kind}/{slug}.{version}.zip");
        let zip = zip_of(Some(slug), files);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.files.insert(path.clone(), zip);
        state
            .packages
            .entry((kind.to_string(), slug.to_string()))
            .or_default()
            .insert(version.to_string(), path.clone());
        format!("{}{path}", self.url())
    }

    /// Serves `body` at `path` (a premium vendor's zip URL, or a tampered
    /// archive in place of a published one); returns its URL.
    pub fn serve(&self, path: &str, body: Vec<u8>) -> String {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.files.insert(path.to_string(), body);
        format!("{}{path}", self.url())
    }

    /// Publishes WordPress core `version`, zipped under `wordpress/` as
    /// WordPress.org ships it and offered by `core/version-check/1.7`;
    /// returns its download URL.
    pub fn publish_core(&self, version: &str, files: &[(&str, &[u8])]) -> String {
        let path = format!("/release/wordpress-{version}.zip");
        let zip = zip_of(Some("wordpress"), files);
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.files.insert(path.clone(), zip);
        state
            .packages
            .entry(("core".to_string(), "wordpress".to_string()))
            .or_default()
            .insert(version.to_string(), path.clone());
        format!("{}{path}", self.url())
    }

    /// Publishes core `version`'s md5 checksums (`core/checksums/1.0`).
    pub fn publish_core_checksums(&self, version: &str, sums: BTreeMap<String, String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.checksums.insert(version.to_string(), sums);
    }
}

impl Drop for PackageDirectory {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A zip of `files`, under `top/` when given, each entry mode 0644.
pub fn zip_of(top: Option<&str>, files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().unix_permissions(0o644);
    for (name, body) in files {
        let name = match top {
            Some(top) => format!("{top}/{name}"),
            None => name.to_string(),
        };
        // Writing to memory cannot fail but for a programming error.
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(body).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

fn answer(stream: TcpStream, state: &Mutex<State>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let target = target.replace("%5B", "[").replace("%5D", "]");
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    let state = state.lock().unwrap_or_else(|e| e.into_inner());
    let base = format!("http://{}", stream.local_addr()?);
    let (status, content_type, body) = match path.trim_end_matches('/') {
        "/plugins/info/1.2" | "/themes/info/1.2" => {
            let kind = if path.starts_with("/plugins") {
                "plugins"
            } else {
                "themes"
            };
            let slug = param("request[slug]").unwrap_or_default();
            match state.packages.get(&(kind.to_string(), slug.clone())) {
                Some(versions) => {
                    let latest = versions
                        .keys()
                        .max_by(|a, b| compare_versions(a, b))
                        .cloned()
                        .unwrap_or_default();
                    let links: serde_json::Map<String, serde_json::Value> = versions
                        .iter()
                        .map(|(v, p)| (v.clone(), format!("{base}{p}").into()))
                        .collect();
                    let body = serde_json::json!({
                        "name": slug,
                        "slug": slug,
                        "version": latest,
                        "download_link": format!("{base}{}", versions[&latest]),
                        "versions": links,
                    });
                    (200, "application/json", body.to_string().into_bytes())
                }
                None => {
                    let what = if kind == "plugins" { "Plugin" } else { "Theme" };
                    let body = serde_json::json!({ "error": format!("{what} not found.") });
                    (404, "application/json", body.to_string().into_bytes())
                }
            }
        }
        "/core/version-check/1.7" => {
            // WordPress.org offers the latest release first ("upgrade"),
            // then the latest of older branches ("autoupdate").
            let mut versions: Vec<(&String, &String)> = state
                .packages
                .get(&("core".to_string(), "wordpress".to_string()))
                .map(|v| v.iter().collect())
                .unwrap_or_default();
            versions.sort_by(|a, b| compare_versions(b.0, a.0));
            let offers: Vec<serde_json::Value> = versions
                .iter()
                .enumerate()
                .map(|(i, (version, path))| {
                    serde_json::json!({
                        "response": if i == 0 { "upgrade" } else { "autoupdate" },
                        "download": format!("{base}{path}"),
                        "locale": "en_US",
                        "packages": { "full": format!("{base}{path}") },
                        "current": version,
                        "version": version,
                        "php_version": "7.2.24",
                        "mysql_version": "5.5.5",
                    })
                })
                .collect();
            let body = serde_json::json!({ "offers": offers, "translations": [] });
            (200, "application/json", body.to_string().into_bytes())
        }
        "/core/checksums/1.0" => {
            let version = param("version").unwrap_or_default();
            match state.checksums.get(&version) {
                Some(sums) => {
                    let body = serde_json::json!({ "checksums": sums });
                    (200, "application/json", body.to_string().into_bytes())
                }
                None => (200, "application/json", br#"{"checksums":false}"#.to_vec()),
            }
        }
        other => match state.files.get(other) {
            Some(body) => (200, "application/zip", body.clone()),
            None => (404, "text/plain", b"not found".to_vec()),
        },
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" },
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(a).cmp(&parts(b))
}
