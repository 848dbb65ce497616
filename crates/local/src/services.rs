//! The shared services of the local runtime — MariaDB, Redis, PHP-FPM, nginx
//! and the cron runner — started, stopped and checked through their pid
//! files, so that they outlive the command that started them and a crash
//! leaves nothing a later `up` cannot clean up.

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rustix::process::Signal;
use serde::Serialize;
use slipway_runtime::Health;

use crate::error::{Error, Result};
use crate::home::{create_private_dir, write_private, Config, Home};
use crate::process::{
    describe, is_gone, is_root, kill_in_dir, kill_socket_holders, live_pid, log_tail, run, signal,
    wait_for, wait_gone,
};
use crate::programs::Programs;
use crate::{fpm, http, nginx};

/// How long MariaDB may take to answer after starting: crash recovery after
/// a kill can take a while on a large database.
const MARIADB_START: Duration = Duration::from_secs(120);

/// How long the other services may take to start or stop.
const SERVICE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a pool may take to appear after a reload before the reload is
/// asked for again.
const RELOAD_RETRY: Duration = Duration::from_secs(5);

/// A shared service of the local runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    /// The database server.
    Mariadb,
    /// The object cache.
    Redis,
    /// PHP's FastCGI process manager, one pool per instance.
    PhpFpm,
    /// The HTTP front.
    Nginx,
    /// Runs WordPress' scheduled events of every instance each minute.
    Cron,
}

impl Service {
    /// Every service, in start order.
    pub const ALL: [Service; 5] = [
        Service::Mariadb,
        Service::Redis,
        Service::PhpFpm,
        Service::Nginx,
        Service::Cron,
    ];

    /// The service's name.
    pub fn name(self) -> &'static str {
        match self {
            Service::Mariadb => "mariadb",
            Service::Redis => "redis",
            Service::PhpFpm => "php-fpm",
            Service::Nginx => "nginx",
            Service::Cron => "cron",
        }
    }

    /// The program name its processes run under, to tell them from a
    /// process that reused a stale pid.
    fn program(self) -> &'static str {
        match self {
            Service::Mariadb => "mariadbd",
            Service::Redis => "redis-server",
            Service::PhpFpm => "php-fpm",
            Service::Nginx => "nginx",
            Service::Cron => "slipway",
        }
    }
}

/// What `slipway status` shows for one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceStatus {
    /// The service.
    pub service: Service,
    /// Its main process, if running.
    pub pid: Option<u32>,
    /// Where it listens: `127.0.0.1:PORT` or a socket path.
    pub address: String,
    /// Whether it answers.
    pub health: Health,
}

/// The services of one state directory.
#[derive(Debug, Clone)]
pub struct Services {
    home: Home,
    config: Config,
    programs: Programs,
    /// The command that runs due cron events every minute, if the caller
    /// provides one (the `slipway` binary does).
    cron_command: Option<Vec<String>>,
    as_root: bool,
    admin_user: String,
}

impl Services {
    /// The services of `home`, configured by `config`.
    pub fn new(
        home: Home,
        config: Config,
        programs: Programs,
        cron_command: Option<Vec<String>>,
    ) -> Result<Services> {
        Ok(Services {
            home,
            config,
            programs,
            cron_command,
            as_root: is_root(),
            admin_user: crate::process::user_name()?,
        })
    }

    /// The state directory.
    pub fn home(&self) -> &Home {
        &self.home
    }

    /// The ports.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The programs.
    pub fn programs(&self) -> &Programs {
        &self.programs
    }

    /// Whether the services run as root (and must be told so).
    pub fn as_root(&self) -> bool {
        self.as_root
    }

    /// Starts every service that is not running, in order, waiting until
    /// each answers; running services are left alone, so a second `up` does
    /// nothing. Pid files and sockets left by a crash are cleared first.
    pub fn up(&self) -> Result<()> {
        let _lock = self.lock()?;
        for service in Service::ALL {
            self.start(service)?;
        }
        Ok(())
    }

    /// Stops every service, front first and database last, waiting until
    /// each has exited.
    pub fn down(&self) -> Result<()> {
        let _lock = self.lock()?;
        for service in Service::ALL.iter().rev() {
            self.stop(*service)?;
        }
        Ok(())
    }

    /// The status of every service.
    pub fn status(&self) -> Vec<ServiceStatus> {
        Service::ALL
            .iter()
            .map(|s| self.service_status(*s))
            .collect()
    }

    /// Holds the state directory's lock: services are started, stopped and
    /// reconfigured by one command at a time.
    pub fn lock(&self) -> Result<File> {
        let path = self.home.run_dir().join("lock");
        let file = crate::home::open_lock_file(&path)?;
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
            .map_err(|e| Error::io(format!("locking {}", path.display()), e.into()))?;
        Ok(file)
    }

    /// Stops what a crashed `service` left holding its port or sockets.
    fn kill_orphans(&self, service: Service) -> usize {
        let run = self.home.run_dir();
        match service {
            Service::Nginx => {
                kill_socket_holders(Some(self.config.http_port), &[])
                    + kill_in_dir("nginx", &self.home.nginx_dir())
            }
            Service::PhpFpm => {
                let mut sockets = vec![run.join("php-fpm.sock")];
                if let Ok(entries) = std::fs::read_dir(run.join("php")) {
                    sockets.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
                }
                kill_socket_holders(None, &sockets)
            }
            Service::Redis => {
                kill_socket_holders(Some(self.config.redis_port), &[self.home.redis_socket()])
            }
            Service::Mariadb => kill_socket_holders(
                Some(self.config.mariadb_port),
                &[self.home.mariadb_socket()],
            ),
            Service::Cron => 0,
        }
    }

    fn pid_file(&self, service: Service) -> PathBuf {
        self.home.run_dir().join(format!("{}.pid", service.name()))
    }

    fn log_file(&self, service: Service) -> PathBuf {
        self.home.log_dir().join(format!("{}.log", service.name()))
    }

    /// The running process of `service`, if any.
    pub fn pid(&self, service: Service) -> Option<u32> {
        live_pid(&self.pid_file(service), service.program())
    }

    fn address(&self, service: Service) -> String {
        match service {
            Service::Mariadb => format!("127.0.0.1:{}", self.config.mariadb_port),
            Service::Redis => format!("127.0.0.1:{}", self.config.redis_port),
            Service::PhpFpm => self.home.run_dir().join("php").display().to_string(),
            Service::Nginx => format!("127.0.0.1:{}", self.config.http_port),
            Service::Cron => "every minute".to_string(),
        }
    }

    fn service_status(&self, service: Service) -> ServiceStatus {
        let pid = self.pid(service);
        let health = match pid {
            None => Health::Down,
            Some(_) if self.answers(service) => Health::Healthy,
            Some(_) => Health::Unhealthy,
        };
        ServiceStatus {
            service,
            pid,
            address: self.address(service),
            health,
        }
    }

    /// Whether `service` answers a request of its own protocol.
    fn answers(&self, service: Service) -> bool {
        let timeout = Duration::from_secs(2);
        match service {
            // A MariaDB server greets every new connection with a handshake
            // packet whose payload starts with protocol version 10.
            Service::Mariadb => UnixStream::connect(self.home.mariadb_socket())
                .and_then(|mut s| {
                    s.set_read_timeout(Some(timeout))?;
                    let mut head = [0u8; 5];
                    s.read_exact(&mut head)?;
                    Ok(head[4] == 10)
                })
                .unwrap_or(false),
            Service::Redis => std::net::TcpStream::connect(("127.0.0.1", self.config.redis_port))
                .and_then(|mut s| {
                    s.set_read_timeout(Some(timeout))?;
                    s.write_all(b"PING\r\n")?;
                    let mut reply = [0u8; 7];
                    s.read_exact(&mut reply)?;
                    Ok(&reply == b"+PONG\r\n")
                })
                .unwrap_or(false),
            Service::PhpFpm => {
                UnixStream::connect(self.home.run_dir().join("php-fpm.sock")).is_ok()
            }
            Service::Nginx => http::get(
                self.config.http_port,
                "localhost",
                nginx::HEALTH_PATH,
                &[],
                timeout,
            )
            .map(|r| r.status == 200)
            .unwrap_or(false),
            Service::Cron => true,
        }
    }

    fn start(&self, service: Service) -> Result<()> {
        if self.pid(service).is_some() {
            return Ok(());
        }
        // Whatever the last run left is stale: its main process is gone,
        // but its children may live on, holding ports and sockets.
        let _ = std::fs::remove_file(self.pid_file(service));
        let orphans = self.kill_orphans(service);
        if orphans > 0 {
            tracing::info!(
                service = service.name(),
                orphans,
                "stopped processes left by a crash"
            );
        }
        match service {
            Service::Mariadb => self.start_mariadb(),
            Service::Redis => self.start_redis(),
            Service::PhpFpm => self.start_php_fpm(),
            Service::Nginx => self.start_nginx(),
            Service::Cron => self.start_cron(),
        }
    }

    fn stop(&self, service: Service) -> Result<()> {
        let Some(pid) = self.pid(service) else {
            let _ = std::fs::remove_file(self.pid_file(service));
            return Ok(());
        };
        // nginx and PHP-FPM finish the requests in flight on SIGQUIT.
        let graceful = match service {
            Service::Nginx | Service::PhpFpm => Signal::QUIT,
            _ => Signal::TERM,
        };
        signal(pid, graceful)?;
        let timeout = if service == Service::Mariadb {
            MARIADB_START
        } else {
            SERVICE_TIMEOUT
        };
        if !wait_gone(pid, service.program(), timeout) {
            return Err(Error::new(format!(
                "{} (pid {pid}) did not stop within {timeout:?}; {}",
                service.name(),
                log_tail(&self.log_file(service))
            )));
        }
        let _ = std::fs::remove_file(self.pid_file(service));
        Ok(())
    }

    /// Writes the configuration files of `service` and, if it runs, makes
    /// it read them.
    pub fn write_config(&self, service: Service) -> Result<()> {
        match service {
            Service::PhpFpm => {
                let conf = fpm::master_config(
                    &self.home.php_dir(),
                    &self.home.run_dir(),
                    &self.home.log_dir(),
                    self.as_root,
                );
                write_private(&self.home.php_dir().join("php-fpm.conf"), conf.as_bytes())
            }
            Service::Nginx => {
                let dir = self.home.nginx_dir();
                write_private(
                    &dir.join("fastcgi_params"),
                    nginx::fastcgi_params().as_bytes(),
                )?;
                let pools = dir.join(nginx::POOLS_MAP);
                if !pools.exists() {
                    // Routes write the map with their pools; nginx must
                    // find one to start before the first.
                    write_private(&pools, nginx::pools_map([]).as_bytes())?;
                }
                let conf = nginx::main_config(
                    &dir,
                    &self.home.run_dir(),
                    &self.home.log_dir(),
                    self.config.http_port,
                    self.as_root,
                );
                write_private(&dir.join("nginx.conf"), conf.as_bytes())
            }
            Service::Redis => {
                let conf = format!(
                    "# Generated by slipway; rewritten on every `slipway up`.\n\
                     bind 127.0.0.1\nport {port}\nunixsocket {socket}\nunixsocketperm 600\n\
                     daemonize yes\npidfile {pid}\nlogfile {log}\ndir {dir}\n\
                     # A cache: nothing to persist, and old keys make room for new ones.\n\
                     save \"\"\nappendonly no\nmaxmemory 256mb\nmaxmemory-policy allkeys-lru\n",
                    port = self.config.redis_port,
                    socket = self.home.redis_socket().display(),
                    pid = self.pid_file(Service::Redis).display(),
                    log = self.log_file(Service::Redis).display(),
                    dir = self.home.redis_dir().display(),
                );
                write_private(&self.home.redis_dir().join("redis.conf"), conf.as_bytes())
            }
            Service::Mariadb | Service::Cron => Ok(()),
        }
    }

    /// Makes a running nginx read its routes again: after `nginx -t`
    /// accepts them, SIGHUP starts new workers on the new configuration
    /// while the old ones finish their requests, so no request is dropped.
    pub fn reload_nginx(&self) -> Result<()> {
        self.check_nginx()?;
        if let Some(pid) = self.pid(Service::Nginx) {
            signal(pid, Signal::HUP)?;
        }
        Ok(())
    }

    /// The processes nginx's master runs now (workers, cache manager):
    /// after a reload these finish what they are answering and exit.
    pub fn nginx_children(&self) -> Vec<u32> {
        match self.pid(Service::Nginx) {
            Some(master) => crate::process::children_of(master),
            None => Vec::new(),
        }
    }

    /// Waits up to `timeout` until every process of `before` has exited:
    /// after a reload, the requests the old configuration accepted have
    /// then been answered. Returns whether they all did.
    pub fn wait_for_processes(&self, before: &[u32], timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if before.iter().all(|pid| crate::process::is_gone(*pid)) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                tracing::warn!(
                    "nginx workers of the previous configuration still answer requests after {timeout:?}"
                );
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Makes a running PHP-FPM read its pools again (SIGUSR2: a graceful
    /// restart of the workers) and waits until `socket` exists if given.
    pub fn reload_php_fpm(&self, socket: Option<&Path>) -> Result<()> {
        let Some(pid) = self.pid(Service::PhpFpm) else {
            return Ok(());
        };
        signal(pid, Signal::USR2)?;
        if let Some(socket) = socket {
            // A reload asked for while another is still in progress (one
            // command removing an instance, the next adding one) is
            // ignored by PHP-FPM, so it is asked for again until the pool
            // answers.
            let deadline = std::time::Instant::now() + SERVICE_TIMEOUT;
            let answers = || socket.exists() && UnixStream::connect(socket).is_ok();
            let mut opened = wait_for(RELOAD_RETRY, answers);
            while !opened && std::time::Instant::now() < deadline {
                if let Some(pid) = self.pid(Service::PhpFpm) {
                    signal(pid, Signal::USR2)?;
                }
                opened = wait_for(RELOAD_RETRY, answers);
            }
            if !opened {
                return Err(Error::new(format!(
                    "PHP-FPM did not open {} after reloading; {}",
                    socket.display(),
                    log_tail(&self.log_file(Service::PhpFpm))
                )));
            }
        }
        Ok(())
    }

    fn check_nginx(&self) -> Result<()> {
        run(&mut self.nginx_command(&["-t", "-q"]), None).map(|_| ())
    }

    fn nginx_command(&self, args: &[&str]) -> Command {
        let dir = self.home.nginx_dir();
        let mut nginx = Command::new(&self.programs.nginx);
        nginx
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-e")
            .arg(self.home.log_dir().join("nginx-error.log"))
            .args(args)
            // Its processes keep this as their working directory, which is
            // how the helpers of a crashed master are found.
            .current_dir(&dir);
        nginx
    }

    fn start_mariadb(&self) -> Result<()> {
        let data = self.home.mariadb_data();
        if !data.join("mysql").is_dir() {
            self.install_mariadb(&data)?;
        }
        let socket = self.home.mariadb_socket();
        // mariadbd refuses to start on a socket path that exists.
        let _ = std::fs::remove_file(&socket);
        let _ = std::fs::remove_file(socket.with_extension("sock.lock"));
        let log = self.log_file(Service::Mariadb);
        let mut server = Command::new(&self.programs.mariadbd);
        server
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--port={}", self.config.mariadb_port))
            .arg("--bind-address=127.0.0.1")
            .arg(format!(
                "--pid-file={}",
                self.pid_file(Service::Mariadb).display()
            ))
            .arg(format!("--log-error={}", log.display()))
            .arg(format!(
                "--tmpdir={}",
                self.home.root().join("mariadb").display()
            ))
            .args(MARIADB_SETTINGS)
            .args(MARIADB_BINLOG);
        if self.as_root {
            server.arg("--user=root");
        }
        let child = spawn_detached(&mut server, &log)?;
        let started = wait_for(MARIADB_START, || {
            !is_gone(child)
                && self.answers(Service::Mariadb)
                && self.pid(Service::Mariadb).is_some()
        });
        if !started {
            return Err(Error::new(format!(
                "MariaDB did not start on port {} (another server there?); {}",
                self.config.mariadb_port,
                log_tail(&log)
            )));
        }
        Ok(())
    }

    /// Creates MariaDB's data directory, with the administrator account
    /// being the user slipway runs as, authenticated by the socket: no
    /// password exists to leak, and only this user can reach the socket.
    fn install_mariadb(&self, data: &Path) -> Result<()> {
        let partial = data.with_extension("partial");
        if partial.exists() {
            std::fs::remove_dir_all(&partial)
                .map_err(|e| Error::io(format!("removing {}", partial.display()), e))?;
        }
        create_private_dir(&partial)?;
        let mut install = Command::new(&self.programs.mariadb_install_db);
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", partial.display()))
            .args(["--auth-root-authentication-method=socket", "--skip-test-db"])
            .arg(format!("--auth-root-socket-user={}", self.admin_user))
            // Its bootstrap server's temporary tables must not sit in /tmp,
            // where any other MariaDB starting meanwhile removes them.
            .arg(format!(
                "--tmpdir={}",
                self.home.root().join("mariadb").display()
            ))
            .args(MARIADB_SETTINGS);
        if self.as_root {
            install.arg("--user=root");
        }
        run(&mut install, None)?;
        // Renamed only when complete, so an interrupted install is redone.
        std::fs::rename(&partial, data)
            .map_err(|e| Error::io(format!("moving {} into place", data.display()), e))
    }

    fn start_redis(&self) -> Result<()> {
        self.write_config(Service::Redis)?;
        let _ = std::fs::remove_file(self.home.redis_socket());
        let mut redis = Command::new(&self.programs.redis_server);
        redis.arg(self.home.redis_dir().join("redis.conf"));
        run(&mut redis, None)?;
        self.wait_started(Service::Redis)
    }

    fn start_php_fpm(&self) -> Result<()> {
        self.write_config(Service::PhpFpm)?;
        let _ = std::fs::remove_file(self.home.run_dir().join("php-fpm.sock"));
        let mut fpm = Command::new(&self.programs.php_fpm);
        fpm.arg("--fpm-config")
            .arg(self.home.php_dir().join("php-fpm.conf"));
        if self.as_root {
            fpm.arg("--allow-to-run-as-root");
        }
        run(&mut fpm, None)?;
        self.wait_started(Service::PhpFpm)
    }

    fn start_nginx(&self) -> Result<()> {
        self.write_config(Service::Nginx)?;
        self.check_nginx()?;
        run(&mut self.nginx_command(&[]), None)?;
        self.wait_started(Service::Nginx)
    }

    fn start_cron(&self) -> Result<()> {
        let Some(command) = &self.cron_command else {
            return Ok(());
        };
        let Some((program, args)) = command.split_first() else {
            return Ok(());
        };
        let log = self.log_file(Service::Cron);
        let mut cron = Command::new(program);
        cron.args(args).env(crate::home::HOME_ENV, self.home.root());
        let pid = spawn_detached(&mut cron, &log)?;
        write_private(&self.pid_file(Service::Cron), format!("{pid}\n").as_bytes())?;
        self.wait_started(Service::Cron)
    }

    fn wait_started(&self, service: Service) -> Result<()> {
        if wait_for(SERVICE_TIMEOUT, || {
            self.pid(service).is_some() && self.answers(service)
        }) {
            return Ok(());
        }
        let log = match service {
            Service::Nginx => self.home.log_dir().join("nginx-error.log"),
            _ => self.log_file(service),
        };
        Err(Error::new(format!(
            "{} did not start and answer at {}; {}",
            service.name(),
            self.address(service),
            log_tail(&log)
        )))
    }

    /// A `mariadb` client connected as the administrator over the socket.
    pub fn mariadb_client(&self) -> Command {
        let mut client = Command::new(&self.programs.mariadb);
        client
            .arg("--no-defaults")
            .arg(format!("--socket={}", self.home.mariadb_socket().display()))
            .arg(format!("--user={}", self.admin_user))
            .arg("--default-character-set=utf8mb4");
        client
    }

    /// Runs SQL as the administrator in database `db` (none if empty) and
    /// returns its output: one line per row, tab-separated, no header.
    pub fn sql(&self, db: &str, sql: &str) -> Result<String> {
        self.sql_with(db, sql, true)
    }

    /// Like [`sql`](Services::sql), with tabs, newlines and backslashes in
    /// values escaped (`\t`, `\n`, `\\`), so every row is one line.
    pub fn sql_escaped(&self, db: &str, sql: &str) -> Result<String> {
        self.sql_with(db, sql, false)
    }

    fn sql_with(&self, db: &str, sql: &str, raw: bool) -> Result<String> {
        let mut client = self.mariadb_client();
        client.args(["--batch", "--skip-column-names"]);
        if raw {
            client.arg("--raw");
        }
        if !db.is_empty() {
            client.arg(format!("--database={db}"));
        }
        let out = run(&mut client, Some(sql.as_bytes()))
            .map_err(|e| Error::new(format!("running SQL in database {db:?}: {e}")))?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

/// Settings of slipway's MariaDB server: durable (every commit survives a
/// crash), modest in memory, and able to take the large rows WordPress
/// sites accumulate.
const MARIADB_SETTINGS: [&str; 6] = [
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_520_ci",
    "--max-allowed-packet=256M",
    "--innodb-buffer-pool-size=128M",
    "--innodb-log-file-size=64M",
];

/// The server's binary log, in row format: a draw learns from it which
/// tables changed since the previous version, so unchanged tables are not
/// read again. Kept three days, in files of at most 64 MiB. With a binary
/// log, MariaDB lets only SUPER create stored functions and triggers unless
/// it trusts their creators; a site's account owns its own database, and
/// plugins that make triggers must work. Without the statement text
/// MariaDB annotates row events with: a draw lists every event written since
/// its parent, any site's, and a 1 GB load into another database made that
/// listing 3 GB of SQL text for the draw to wade through.
const MARIADB_BINLOG: [&str; 7] = [
    "--log-bin=binlog",
    "--server-id=1",
    "--binlog-format=ROW",
    "--binlog-expire-logs-seconds=259200",
    "--max-binlog-size=64M",
    "--log-bin-trust-function-creators=1",
    "--binlog-annotate-row-events=OFF",
];

/// Starts a server that does not daemonize itself, in its own process group
/// (so a terminal's Ctrl-C does not reach it) with its output in `log`, and
/// does not wait for it: it outlives this command.
fn spawn_detached(command: &mut Command, log: &Path) -> Result<u32> {
    let open = |path: &Path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Error::io(format!("opening {}", path.display()), e))
    };
    let out = open(log)?;
    let err = out
        .try_clone()
        .map_err(|e| Error::io(format!("opening {}", log.display()), e))?;
    command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    let child = command
        .spawn()
        .map_err(|e| Error::io(format!("cannot start {}", describe(command)), e))?;
    Ok(child.id())
}
