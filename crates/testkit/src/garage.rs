//! A private Garage (an S3-compatible object store) for the tests of
//! off-site repositories: one node on loopback ports with its data in a
//! temporary directory, one bucket and one key allowed to it, stopped on
//! drop.

use crate::components::{find_program, skip_or_fail};
use crate::process::{describe, log_tail, run_text};
use anyhow::{bail, Context, Result};
use rand::Rng;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long the node may take to answer its own RPC; normally well under
/// a second.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Attempts at starting a node, each on fresh ports.
const START_ATTEMPTS: usize = 3;

/// The region Garage signs for (its `s3_region`).
const REGION: &str = "garage";

/// The bucket the kit creates.
const BUCKET: &str = "slipway-versions";

/// A running single-node Garage that only this process uses.
#[derive(Debug)]
pub struct Garage {
    child: Child,
    program: PathBuf,
    config: PathBuf,
    log: PathBuf,
    s3_port: u16,
    key_id: String,
    secret: String,
    _dir: TempDir,
}

impl Garage {
    /// The `garage` program, with the skip-or-fail rule of the kit applied
    /// when it is missing (`scripts/install-deps` installs it with cargo).
    #[track_caller]
    pub fn require() -> Option<PathBuf> {
        let cargo_bin = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
            .map(|home| home.join("bin/garage"));
        match find_program("garage").or(cargo_bin.filter(|p| p.is_file())) {
            Some(program) => Some(program),
            None => skip_or_fail(
                "garage not found; install it with scripts/install-deps (cargo install --locked garage)",
            ),
        }
    }

    /// Starts a node with `program`, lays out its one-node cluster, and
    /// makes the bucket and its key. A port found free can be taken before
    /// Garage binds it, so a node that fails to start is tried again on
    /// fresh ports.
    pub fn start(program: &Path) -> Result<Garage> {
        let mut last = None;
        for _ in 0..START_ATTEMPTS {
            match Garage::start_once(program) {
                Ok(garage) => return Ok(garage),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| anyhow::anyhow!("garage was not started")))
    }

    fn start_once(program: &Path) -> Result<Garage> {
        let dir = tempfile::Builder::new()
            .prefix("slipway-garage-")
            .tempdir()
            .context("creating a directory for Garage")?;
        // Both listeners are held at once, so the two ports differ.
        let (s3_port, rpc_port) = {
            let s3 = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding 127.0.0.1:0")?;
            let rpc = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding 127.0.0.1:0")?;
            (s3.local_addr()?.port(), rpc.local_addr()?.port())
        };
        let mut rng = rand::thread_rng();
        let hex = |bytes: usize, rng: &mut rand::rngs::ThreadRng| -> String {
            (0..bytes)
                .map(|_| format!("{:02x}", rng.gen::<u8>()))
                .collect()
        };
        let rpc_secret = hex(32, &mut rng);
        // Garage's key ids are "GK" and 24 hexadecimal digits; its secrets 64.
        let key_id = format!("GK{}", hex(12, &mut rng));
        let secret = hex(32, &mut rng);
        let config = dir.path().join("garage.toml");
        let text = format!(
            "metadata_dir = \"{meta}\"\n\
             data_dir = \"{data}\"\n\
             db_engine = \"sqlite\"\n\
             replication_factor = 1\n\
             rpc_bind_addr = \"127.0.0.1:{rpc_port}\"\n\
             rpc_public_addr = \"127.0.0.1:{rpc_port}\"\n\
             rpc_secret = \"{rpc_secret}\"\n\
             [s3_api]\n\
             s3_region = \"{REGION}\"\n\
             api_bind_addr = \"127.0.0.1:{s3_port}\"\n",
            meta = dir.path().join("meta").display(),
            data = dir.path().join("data").display(),
        );
        // Garage refuses a secret in a file others can read.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&config)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("writing {}", config.display()))?;
        let log = dir.path().join("garage.log");
        let log_file =
            std::fs::File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(program)
            .arg("-c")
            .arg(&config)
            .arg("server")
            .env("RUST_LOG", "garage=warn")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let mut garage = Garage {
            child,
            program: program.to_path_buf(),
            config,
            log,
            s3_port,
            key_id,
            secret,
            _dir: dir,
        };
        let node = garage.wait_for_node()?;
        garage.wait_for_s3()?;
        garage.admin(&["layout", "assign", "-z", "dc1", "-c", "1G", &node])?;
        garage.admin(&["layout", "apply", "--version", "1"])?;
        garage.admin(&["bucket", "create", BUCKET])?;
        let (key_id, secret) = (garage.key_id.clone(), garage.secret.clone());
        garage.admin(&[
            "key",
            "import",
            "-n",
            "slipway-test",
            "--yes",
            &key_id,
            &secret,
        ])?;
        garage.admin(&[
            "bucket", "allow", "--read", "--write", "--owner", BUCKET, "--key", &key_id,
        ])?;
        Ok(garage)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.program);
        command.arg("-c").arg(&self.config).args(args);
        command
    }

    fn admin(&self, args: &[&str]) -> Result<String> {
        run_text(&mut self.command(args), None)
    }

    /// Waits until the node answers, and returns its id.
    fn wait_for_node(&mut self) -> Result<String> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "garage exited with {status} while starting; its log ends:\n{}",
                    log_tail(&self.log)
                );
            }
            let mut command = self.command(&["node", "id", "-q"]);
            if let Ok(out) = run_text(&mut command, None) {
                if let Some((id, _)) = out.trim().split_once('@') {
                    return Ok(id.to_string());
                }
            }
            if started.elapsed() > START_TIMEOUT {
                bail!(
                    "{} did not answer within {START_TIMEOUT:?}; garage's log ends:\n{}",
                    describe(&command),
                    log_tail(&self.log)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the S3 API accepts connections.
    fn wait_for_s3(&mut self) -> Result<()> {
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, self.s3_port)).is_err() {
            if self.child.try_wait()?.is_some() || started.elapsed() > START_TIMEOUT {
                bail!(
                    "garage's S3 API did not listen on port {}; its log ends:\n{}",
                    self.s3_port,
                    log_tail(&self.log)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }

    /// The S3 endpoint, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }

    /// The bucket made for the tests.
    pub fn bucket(&self) -> &str {
        BUCKET
    }

    /// A restic location in the bucket: `s3:http://127.0.0.1:PORT/BUCKET/PREFIX`.
    pub fn location(&self, prefix: &str) -> String {
        format!("s3:{}/{BUCKET}/{prefix}", self.endpoint())
    }

    /// The key's id (`AWS_ACCESS_KEY_ID`).
    pub fn access_key_id(&self) -> &str {
        &self.key_id
    }

    /// The key's secret (`AWS_SECRET_ACCESS_KEY`).
    pub fn secret_access_key(&self) -> &str {
        &self.secret
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        REGION
    }

    /// The environment stock `restic` and the AWS tools read the key from.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", self.key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret.clone()),
            ("AWS_DEFAULT_REGION", REGION.to_string()),
        ]
    }

    /// The bucket's objects and bytes, as Garage counts them.
    pub fn bucket_info(&self) -> Result<String> {
        self.admin(&["bucket", "info", BUCKET])
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        // The data dies with the node.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
