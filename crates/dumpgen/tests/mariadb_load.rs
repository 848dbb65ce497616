//! A generated dump loads into a real MariaDB 10.11 and every row arrives.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{dump, in_ci};

const TOOLS: &[&str] = &["mariadb-install-db", "mariadbd", "mariadb", "mariadb-admin"];

fn tool_path(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.exists())
}

/// A throwaway server on a socket in a temporary directory; killed on drop.
struct Server {
    child: Child,
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let socket = dir.path().join("mysqld.sock");
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        let mut install = Command::new(tool_path("mariadb-install-db").unwrap());
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg("--auth-root-authentication-method=normal")
            .arg("--skip-test-db");
        if root {
            install.arg("--user=root");
        }
        let out = install.output().unwrap();
        assert!(
            out.status.success(),
            "mariadb-install-db: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut server = Command::new(tool_path("mariadbd").unwrap());
        server
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--pid-file={}", dir.path().join("pid").display()))
            .arg(format!("--log-error={}", dir.path().join("err").display()))
            .arg("--skip-networking")
            .arg("--innodb-buffer-pool-size=64M")
            .arg("--max-allowed-packet=64M")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if root {
            server.arg("--user=root");
        }
        let child = server.spawn().unwrap();
        let started = Instant::now();
        loop {
            let ping = Command::new(tool_path("mariadb-admin").unwrap())
                .arg("--no-defaults")
                .arg(format!("--socket={}", socket.display()))
                .args(["-uroot", "ping"])
                .output()
                .unwrap();
            if ping.status.success() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "MariaDB did not start: {}",
                std::fs::read_to_string(dir.path().join("err")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        Server {
            child,
            socket,
            _dir: dir,
        }
    }

    fn client(&self) -> Command {
        let mut c = Command::new(tool_path("mariadb").unwrap());
        c.arg("--no-defaults")
            .arg(format!("--socket={}", self.socket.display()))
            .args([
                "-uroot",
                "--batch",
                "--skip-column-names",
                "--default-character-set=utf8mb4",
            ]);
        c
    }

    fn query(&self, db: &str, sql: &str) -> String {
        let out = self.client().arg(db).arg("-e").arg(sql).output().unwrap();
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_dump_loads_into_mariadb_with_every_row() {
    if TOOLS.iter().any(|t| tool_path(t).is_none()) {
        assert!(
            !in_ci(),
            "MariaDB server tools are missing; CI needs them for this test"
        );
        eprintln!("skipping: MariaDB server tools are not installed");
        return;
    }
    let (bytes, summary) = dump(3 << 20, 4);
    let server = Server::start();
    server.query("", "CREATE DATABASE wordpress");
    let mut load = server
        .client()
        .arg("wordpress")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = load.stdin.take().unwrap();
        stdin.write_all(&bytes).unwrap();
    }
    let out = load.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: String = stderr
        .chars()
        .rev()
        .take(600)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(out.status.success(), "loading failed: …{tail}");

    for (table, rows) in &summary.tables {
        let count = server.query("wordpress", &format!("SELECT COUNT(*) FROM `{table}`"));
        assert_eq!(count, rows.to_string(), "rows of {table}");
    }
    // Bytes that need escaping arrived intact: NUL in private property
    // names, four-byte emoji, Japanese.
    let nul = server.query(
        "wordpress",
        "SELECT LOCATE(CHAR(0), option_value) > 0 FROM wp_options WHERE option_name = 'acme_share_counter'",
    );
    assert_eq!(nul, "1");
    let emoji = server.query(
        "wordpress",
        "SELECT COUNT(*) > 0 FROM wp_posts WHERE post_content LIKE '%\u{1F3FA}%' OR post_content LIKE '%\u{1F9F6}%'",
    );
    assert_eq!(emoji, "1");
    let trigger = server.query("wordpress", "SHOW TRIGGERS LIKE 'wp_comments'");
    assert!(trigger.contains("wp_comments_after_insert"), "{trigger}");
    // The legacy and HPOS storages describe the same orders.
    let mismatched = server.query(
        "wordpress",
        "SELECT COUNT(*) FROM wp_wc_orders o JOIN wp_postmeta m ON m.post_id = o.id AND m.meta_key = '_billing_email' WHERE m.meta_value <> o.billing_email",
    );
    assert_eq!(mismatched, "0");
    let orders = server.query(
        "wordpress",
        "SELECT COUNT(*) FROM wp_posts WHERE post_type = 'shop_order'",
    );
    assert_eq!(orders, summary.orders.to_string());
}
