//! PHP's built-in web server in front of a site directory.

use crate::components::Components;
use crate::http::{self, HttpResponse};
use crate::process::{describe, log_tail};
use anyhow::{bail, Context, Result};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long `php -S` may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends every request for something that is not a file to WordPress'
/// front controller, as a web server's rewrite rules would.
const ROUTER: &str = include_str!("php/router.php");

/// A port on 127.0.0.1 that was free a moment ago: the kernel picks it for a
/// listener that is closed at once. Whoever binds it next should be ready to
/// retry, since another process may take it in between.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding 127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// `php -S 127.0.0.1:PORT` serving a directory, stopped on drop.
///
/// Requests for files that exist are served as they are (PHP files run);
/// everything else goes to the directory's `index.php`, so WordPress pretty
/// permalinks work. Its request log and PHP's errors go to a log file,
/// readable with [`PhpServer::log`].
#[derive(Debug)]
pub struct PhpServer {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
    // Holds the router script and the log; removed after the server is killed.
    _dir: TempDir,
}

impl PhpServer {
    /// Serves `dir` on `127.0.0.1:port` with the `php` found by
    /// [`Components::find`].
    pub fn serve(dir: &Path, port: u16) -> Result<PhpServer> {
        let components = Components::find()?;
        PhpServer::serve_with(&components.php, dir, port)
    }

    /// Serves `dir` on `127.0.0.1:port` with the given `php` binary, waiting
    /// until it accepts connections.
    pub fn serve_with(php: &Path, dir: &Path, port: u16) -> Result<PhpServer> {
        if !dir.is_dir() {
            bail!("cannot serve {}: not a directory", dir.display());
        }
        let work = tempfile::Builder::new()
            .prefix("slipway-php-server-")
            .tempdir()
            .context("creating a directory for the PHP server")?;
        let router = work.path().join("router.php");
        std::fs::write(&router, ROUTER).context("writing the router script")?;
        let log = work.path().join("server.log");
        let log_file = std::fs::File::create(&log).context("creating the PHP server log")?;
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let mut command = Command::new(php);
        command
            .arg("-S")
            .arg(addr.to_string())
            .arg("-t")
            .arg(dir)
            // Errors go to the log rather than into pages, where they would
            // be mistaken for content.
            .args([
                "-d",
                "display_errors=0",
                "-d",
                "log_errors=1",
                "-d",
                "error_log=",
            ])
            .arg(&router)
            .current_dir(dir)
            .stdin(Stdio::null())
            // `php -S` logs every request; a pipe nobody reads would fill up
            // and stall the server, so both streams go to the log file.
            .stdout(log_file.try_clone()?)
            .stderr(log_file);
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot start {}", describe(&command)))?;
        if let Err(e) = wait_until_listening(&mut child, addr, &log) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
        Ok(PhpServer {
            child,
            addr,
            log,
            _dir: work,
        })
    }

    /// The port served on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `GET path` with the given `Host` header (such as
    /// `new.example.test:8080`). Redirects are returned, not followed, so a
    /// redirect to another domain is visible in the status and `Location`.
    pub fn get(&self, path: &str, host: &str) -> Result<HttpResponse> {
        http::get(self.addr, path, host).with_context(|| {
            format!(
                "GET {path} (Host: {host}) from the PHP server; its log ends:\n{}",
                self.log()
            )
        })
    }

    /// The end of the server's log: one line per request, and PHP's errors.
    pub fn log(&self) -> String {
        log_tail(&self.log)
    }
}

impl Drop for PhpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_until_listening(child: &mut Child, addr: SocketAddr, log: &Path) -> Result<()> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(status) = child.try_wait()? {
            bail!(
                "php -S exited ({status}) while starting on {addr}; its log:\n{}",
                log_tail(log)
            );
        }
        // A connection alone could reach another process that holds the
        // port; the server's own start line says it is ours.
        if server_says_started(log)
            && TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "php -S did not listen on {addr} within {START_TIMEOUT:?}; its log:\n{}",
                log_tail(log)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn server_says_started(log: &Path) -> bool {
    std::fs::read_to_string(log)
        .map(|text| text.contains("Development Server") && text.contains("started"))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_port_can_be_bound() {
        // Other tests running at the same time may take a port between the
        // two calls, as the doc says: a few tries must succeed.
        let bound = (0..5).any(|_| {
            let port = free_port().unwrap();
            assert_ne!(port, 0);
            TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok()
        });
        assert!(bound, "no port free_port gave could be bound");
    }
}
