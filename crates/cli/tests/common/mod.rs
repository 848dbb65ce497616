//! The test harness shared by the end-to-end tests: a private state
//! directory with its own services on its own ports, driven through the
//! `slipway` binary as a user runs it.

// Each test file uses its own part of the harness.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use slipway_local::http::{get, Response};
use slipway_testkit::{skip_or_fail, Components};

/// Runs stock `restic` on the repository at `location` with `password`
/// (and `env`, an S3 bucket's keys) and returns what it printed; panics
/// when it fails.
pub fn restic(location: &str, password: &str, env: &[(&str, String)], args: &[&str]) -> String {
    let out = Command::new("restic")
        .args(["-r", location, "--no-cache"])
        .args(args)
        .env("RESTIC_PASSWORD", password)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("restic is installed by scripts/install-deps");
    assert!(
        out.status.success(),
        "restic {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One state directory with its services, stopped when dropped.
pub struct Slipway {
    /// The state directory (`SLIPWAY_HOME`).
    pub home: tempfile::TempDir,
    /// The HTTP port sites answer at.
    pub port: u16,
    mariadb_port: u16,
    redis_port: u16,
    /// More environment for every command (an off-site repository's keys).
    pub env: Vec<(String, String)>,
}

impl Slipway {
    /// A fresh state directory; `None` (or a panic in CI) when a component
    /// is missing.
    pub fn new() -> Option<Slipway> {
        Components::require()?;
        if let Err(missing) = slipway_local::Programs::find() {
            return skip_or_fail(missing);
        }
        // Short: sockets live inside it.
        let home = tempfile::Builder::new()
            .prefix("sw-")
            .tempdir_in("/tmp")
            .unwrap();
        Some(Slipway {
            home,
            port: slipway_local::free_port().unwrap(),
            mariadb_port: slipway_local::free_port().unwrap(),
            redis_port: slipway_local::free_port().unwrap(),
            env: Vec::new(),
        })
    }

    /// Writes the database account of `target`'s WordPress into `dir` as a
    /// mounted Connection Secret gives it (files `database`, `username`,
    /// `password`, `host`, `port`), for `slipway derive`; returns the
    /// database's name.
    pub fn connection_files(&self, target: &str, dir: &std::path::Path) -> String {
        std::fs::create_dir_all(dir).unwrap();
        let settings = self.php(
            target,
            "echo DB_NAME, \"\\n\", DB_USER, \"\\n\", DB_PASSWORD, \"\\n\", DB_HOST;",
        );
        let settings: Vec<&str> = settings.trim().lines().collect();
        let socket = settings[3].strip_prefix("localhost:").unwrap();
        for (key, value) in [
            ("database", settings[0]),
            ("username", settings[1]),
            ("password", settings[2]),
            ("host", socket),
            ("port", "3306"),
        ] {
            std::fs::write(dir.join(key), format!("{value}\n")).unwrap();
        }
        settings[0].to_string()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_slipway"));
        command
            .args(args)
            .env("SLIPWAY_HOME", self.home.path())
            .env("SLIPWAY_HTTP_PORT", self.port.to_string())
            .env("SLIPWAY_MARIADB_PORT", self.mariadb_port.to_string())
            .env("SLIPWAY_REDIS_PORT", self.redis_port.to_string())
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs `slipway ARGS`, which must succeed, and returns its output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "slipway {} failed ({}):\n{}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs PHP code with WordPress loaded in `target`.
    pub fn php(&self, target: &str, code: &str) -> String {
        let mut child = self
            .command(&["php", target, "--", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(child.stdin.as_mut().unwrap(), code.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "PHP failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn host(&self, name: &str) -> String {
        format!("{name}.localhost:{}", self.port)
    }

    pub fn get(&self, host: &str, path: &str) -> Response {
        get(self.port, host, path, &[], Duration::from_secs(60)).unwrap()
    }

    /// GETs `path`, following redirects to other paths of the same site
    /// (`/?p=ID` redirects to the post's permalink).
    pub fn follow(&self, host: &str, path: &str) -> Response {
        let mut path = path.to_string();
        for _ in 0..5 {
            let r = self.get(host, &path);
            if !matches!(r.status, 301 | 302) {
                return r;
            }
            let location = r.header("location").unwrap_or_default().to_string();
            let prefix = format!("http://{host}");
            path = location
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{path} redirects off the site, to {location}"))
                .to_string();
        }
        panic!("too many redirects from {path}");
    }

    pub fn get_with(&self, host: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        get(self.port, host, path, headers, Duration::from_secs(60)).unwrap()
    }

    pub fn pid(&self, service: &str) -> u32 {
        std::fs::read_to_string(self.home.path().join(format!("run/{service}.pid")))
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for Slipway {
    fn drop(&mut self) {
        let _ = self.run(&["down"]);
    }
}

/// Runs `slipway ARGS` until it reaches `step`, then kills it with SIGKILL.
pub fn kill_at(s: &Slipway, args: &[&str], step: &str) {
    let mut child = s
        .command(args)
        .env("SLIPWAY_TEST_PAUSE_AT", step)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut said = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if line == format!("slipway: paused at {step}") {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        said.push_str(&line);
        said.push('\n');
    }
    let status = child.wait().unwrap();
    panic!(
        "slipway {} ended ({status}) before {step}:\n{said}",
        args.join(" ")
    );
}

/// The start of a page, enough to see what it is in a failure message.
pub fn head(r: &Response) -> String {
    let page = r.text();
    let start = page.find("<title>").unwrap_or(0);
    page.chars().skip(start).take(300).collect()
}

/// Asserts the page answered 200 and contains `needle`.
pub fn assert_page(r: &Response, needle: &str) {
    assert_eq!(r.status, 200, "{:?} {}", r.headers, head(r));
    assert!(r.text().contains(needle), "no {needle:?} in {}", head(r));
}
