//! The Redis object-cache drop-in, checked by its own PHP test script
//! against a private Redis server.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Starts `redis-server` on a socket in `dir`; missing Redis fails in CI and
/// skips elsewhere.
fn start_redis(dir: &Path) -> Option<std::process::Child> {
    let socket = dir.join("redis.sock");
    let child = Command::new("redis-server")
        .args([
            "--port",
            "0",
            "--save",
            "",
            "--appendonly",
            "no",
            "--unixsocket",
        ])
        .arg(&socket)
        .stdout(std::process::Stdio::null())
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("redis-server is missing (Debian package redis-server): {e}")
        }
        Err(e) => {
            eprintln!("skipping: redis-server is missing: {e}");
            return None;
        }
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        assert!(
            Instant::now() < deadline,
            "redis-server did not open its socket"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child)
}

#[test]
fn the_drop_in_passes_its_test_script() {
    let dir = tempfile::Builder::new()
        .prefix("slipway-oc-")
        .tempdir()
        .unwrap();
    let Some(mut redis) = start_redis(dir.path()) else {
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/php/object-cache-test.php");
    let out = Command::new("php")
        .args(["-d", "display_errors=stderr", "-d", "error_reporting=E_ALL"])
        .arg(&script)
        .env("SLIPWAY_REDIS_SOCKET", dir.path().join("redis.sock"))
        .output()
        .expect("php (Debian package php-cli) runs");
    let _ = redis.kill();
    let _ = redis.wait();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("ok "), "{stdout}");
    assert!(
        !stderr.contains("Warning") && !stderr.contains("Notice") && !stderr.contains("Deprecated"),
        "{stderr}"
    );
}
