//! Processes the local runtime owns: pid files, liveness, signals, and
//! running a program to completion with its failure explained.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

use crate::error::{Error, Result};

/// How much of a failing program's output or log an error message quotes:
/// enough for the cause, not a whole log.
pub const TAIL_CHARS: usize = 4000;

/// The process recorded in `pid_file`, if the file names one that is alive
/// (not a zombie) and runs a program whose name starts with `program`; a
/// pid file left by a crash, or whose pid was reused by another program,
/// gives `None`.
pub fn live_pid(pid_file: &Path, program: &str) -> Option<u32> {
    let text = std::fs::read_to_string(pid_file).ok()?;
    let pid: u32 = text.trim().parse().ok()?;
    is_alive(pid, program).then_some(pid)
}

/// The name and state letter of process `pid` from `/proc/PID/stat`
/// ("PID (COMM) STATE ..."), or `None` if there is no such process.
fn name_and_state(pid: u32) -> Option<(String, char)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (stat.find('(')?, stat.rfind(')')?);
    let state = stat[close + 1..].trim_start().chars().next()?;
    Some((stat[open + 1..close].to_string(), state))
}

/// The live processes whose parent is `parent`, from `/proc`.
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    // "PID (COMM) STATE PPID ...": COMM may hold spaces and
                    // parentheses, so fields are counted after its last ')'.
                    let rest = &stat[stat.rfind(')')? + 1..];
                    rest.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(parent)
        })
        .filter(|pid| !is_gone(*pid))
        .collect()
}

/// Whether process `pid` is gone: no longer there, or a zombie (a killed
/// process whose parent has not reaped it keeps its pid, in state Z, and
/// holds nothing).
pub fn is_gone(pid: u32) -> bool {
    name_and_state(pid).is_none_or(|(_, state)| matches!(state, 'Z' | 'X'))
}

/// Whether process `pid` exists, is not a zombie, and runs `program`.
pub fn is_alive(pid: u32, program: &str) -> bool {
    let Some((comm, _)) = name_and_state(pid).filter(|_| !is_gone(pid)) else {
        return false;
    };
    // The kernel truncates names to 15 bytes, and nginx and PHP-FPM rename
    // their processes ("nginx: master process", "php-fpm: master process").
    let wanted = &program[..program.len().min(15)];
    let matches = comm.starts_with(wanted)
        || std::fs::read(format!("/proc/{pid}/cmdline"))
            .map(|c| String::from_utf8_lossy(&c).contains(program))
            .unwrap_or(false);
    matches
}

/// Sends `signal` to `pid`; a process that is already gone is not an error.
pub fn signal(pid: u32, signal: Signal) -> Result<()> {
    let Some(target) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return Ok(());
    };
    match rustix::process::kill_process(target, signal) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::SRCH) => Ok(()),
        Err(e) => Err(Error::io(
            format!("signalling process {pid}"),
            std::io::Error::from(e),
        )),
    }
}

/// Waits until `pid` no longer runs `program`, for at most `timeout`.
pub fn wait_gone(pid: u32, program: &str, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while is_alive(pid, program) {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// Polls `ready` until it holds, for at most `timeout`.
pub fn wait_for(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if ready() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Runs `command` with `input` on its standard input and returns its
/// standard output; failing to start or a non-zero exit is an error quoting
/// the command and the end of what it printed.
pub fn run(command: &mut Command, input: Option<&[u8]>) -> Result<Vec<u8>> {
    let output = output(command, input)?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "{} failed ({}):\n{}",
            describe(command),
            output.status,
            quote_output(&output.stderr, &output.stdout),
        )));
    }
    Ok(output.stdout)
}

/// The ends of a program's error output and output, for a message.
pub fn quote_output(stderr: &[u8], stdout: &[u8]) -> String {
    [stderr, stdout]
        .iter()
        .map(|bytes| tail(String::from_utf8_lossy(bytes).trim_end()))
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `command` with `input` on its standard input and returns how it
/// ended and what it printed, whatever its exit status.
pub fn output(command: &mut Command, input: Option<&[u8]>) -> Result<std::process::Output> {
    command
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|e| Error::io(format!("cannot start {}", describe(command)), e))?;
    let stdin = child.stdin.take();
    // Written from its own thread: a program that answers while it reads
    // would otherwise fill its output pipe and wait for us.
    let (output, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || match (stdin, input) {
            (Some(mut pipe), Some(bytes)) => pipe.write_all(bytes),
            _ => Ok(()),
        });
        let output = child.wait_with_output();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the input writer panicked")));
        (output, written)
    });
    let output = output.map_err(|e| Error::io(format!("waiting for {}", describe(command)), e))?;
    // A program may exit before reading all of its input; it chose to.
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe && output.status.success() => {
            Err(Error::io(format!("writing to {}", describe(command)), e))
        }
        _ => Ok(output),
    }
}

/// How a program fed by [`feed`] ended.
pub struct Fed<T, E> {
    /// Its exit status.
    pub status: std::process::ExitStatus,
    /// What it wrote to its error output.
    pub errors: String,
    /// What the feeding gave.
    pub fed: std::result::Result<T, E>,
}

/// Runs `command` with `feed` writing its standard input (buffered, 1 MiB)
/// while its error output is collected; its output is dropped. When
/// `feed` fails the program is killed, so a half-written input is never
/// taken for a whole one.
pub fn feed<T, E: From<std::io::Error>>(
    command: &mut Command,
    feed: impl FnOnce(&mut dyn Write) -> std::result::Result<T, E>,
) -> Result<Fed<T, E>> {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|e| Error::io(format!("cannot start {}", describe(command)), e))?;
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = stderr {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        }
        text
    });
    let fed = match child.stdin.take() {
        Some(stdin) => {
            let mut stdin = std::io::BufWriter::with_capacity(1 << 20, stdin);
            let fed = feed(&mut stdin);
            let flushed = stdin.flush();
            drop(stdin);
            fed.and_then(|value| flushed.map(|()| value).map_err(E::from))
        }
        None => Err(E::from(std::io::Error::other(format!(
            "{} has no standard input",
            describe(command)
        )))),
    };
    if fed.is_err() {
        let _ = child.kill();
    }
    let status = child
        .wait()
        .map_err(|e| Error::io(format!("waiting for {}", describe(command)), e))?;
    Ok(Fed {
        status,
        errors: errors.join().unwrap_or_default(),
        fed,
    })
}

/// The program's name and arguments, for messages.
pub fn describe(command: &Command) -> String {
    let program = Path::new(command.get_program())
        .file_name()
        .unwrap_or(command.get_program())
        .to_string_lossy()
        .into_owned();
    let args: Vec<String> = command
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!("`{program} {}`", args.join(" "))
}

/// The last [`TAIL_CHARS`] characters of `text`, cut at a character
/// boundary.
pub fn tail(text: &str) -> String {
    let count = text.chars().count();
    if count <= TAIL_CHARS {
        return text.to_string();
    }
    let skipped: String = text.chars().skip(count - TAIL_CHARS).collect();
    format!("…{skipped}")
}

/// The end of the log file at `path`, or a note that there is none.
pub fn log_tail(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => format!("the end of {}:\n{}", path.display(), tail(text.trim_end())),
        Err(_) => format!("(no log at {})", path.display()),
    }
}

/// The name of the user this process runs as.
pub fn user_name() -> Result<String> {
    if let Some(user) = std::env::var("USER").ok().filter(|u| !u.is_empty()) {
        // USER can be inherited across `su`; trust it only if it matches.
        if is_root() == (user == "root") {
            return Ok(user);
        }
    }
    let out = run(Command::new("id").arg("-un"), None)?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// Whether this process runs as root, which servers must be told about.
pub fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Kills (SIGKILL) every process that holds a listening socket on
/// `127.0.0.1:port` (if given) or at one of `unix_paths`, and waits until
/// they are gone. Used only when a service's main process is gone: what
/// still holds its port or sockets are orphans of the crashed master
/// (nginx workers keep the port, PHP-FPM workers their pools' sockets), and
/// a new master could not bind while they live. Returns how many there
/// were.
pub fn kill_socket_holders(port: Option<u16>, unix_paths: &[std::path::PathBuf]) -> usize {
    let inodes = listening_inodes(port, unix_paths);
    if inodes.is_empty() {
        return 0;
    }
    let links: Vec<String> = inodes.iter().map(|i| format!("socket:[{i}]")).collect();
    kill_where(|process| {
        std::fs::read_dir(process.join("fd"))
            .map(|fds| {
                fds.filter_map(|fd| fd.ok()).any(|fd| {
                    std::fs::read_link(fd.path())
                        .map(|target| links.iter().any(|l| target.as_os_str() == l.as_str()))
                        .unwrap_or(false)
                })
            })
            .unwrap_or(false)
    })
}

/// Kills (SIGKILL) every process running `program` whose working directory
/// is `dir`: the helpers of a crashed nginx (cache manager and loader) hold
/// no socket, but they run where their master was started.
pub fn kill_in_dir(program: &str, dir: &Path) -> usize {
    kill_where(|process| {
        let comm = std::fs::read_to_string(process.join("comm")).unwrap_or_default();
        comm.trim() == program
            && std::fs::read_link(process.join("cwd")).is_ok_and(|cwd| cwd == dir)
    })
}

/// Inodes of the listening sockets at `127.0.0.1:port` and `unix_paths`.
fn listening_inodes(port: Option<u16>, unix_paths: &[std::path::PathBuf]) -> Vec<u64> {
    let mut inodes: Vec<u64> = Vec::new();
    if let Some(port) = port {
        let wanted = format!("0100007F:{port:04X}");
        if let Ok(table) = std::fs::read_to_string("/proc/net/tcp") {
            for line in table.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                // local_address, st (0A is LISTEN), inode
                if fields.len() > 9 && fields[1] == wanted && fields[3] == "0A" {
                    inodes.extend(fields[9].parse::<u64>().ok());
                }
            }
        }
    }
    if !unix_paths.is_empty() {
        if let Ok(table) = std::fs::read_to_string("/proc/net/unix") {
            for line in table.lines().skip(1) {
                let fields: Vec<&str> = line.split_whitespace().collect();
                if fields.len() > 7 && unix_paths.iter().any(|p| Path::new(fields[7]) == p) {
                    inodes.extend(fields[6].parse::<u64>().ok());
                }
            }
        }
    }
    inodes
}

/// Kills (SIGKILL) every process but this one whose `/proc` directory
/// `matches`, and waits until they are gone.
fn kill_where(matches: impl Fn(&Path) -> bool) -> usize {
    let me = std::process::id();
    let mut killed = Vec::new();
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return 0;
    };
    for process in processes.filter_map(|e| e.ok()) {
        let Some(pid) = process
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != me && matches(&process.path()) {
            let _ = signal(pid, Signal::KILL);
            killed.push(pid);
        }
    }
    for pid in &killed {
        let _ = wait_for(Duration::from_secs(10), || is_gone(*pid));
    }
    killed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_missing_one_is_not() {
        let me = std::process::id();
        let comm = std::fs::read_to_string(format!("/proc/{me}/comm")).unwrap();
        assert!(is_alive(me, comm.trim()));
        assert!(!is_alive(me, "surely-not-this-program"));
        assert!(!is_alive(u32::MAX - 1, "anything"));
    }

    #[test]
    fn a_stale_pid_file_names_no_live_process() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.pid");
        assert_eq!(live_pid(&file, "x"), None);
        std::fs::write(&file, "not a pid").unwrap();
        assert_eq!(live_pid(&file, "x"), None);
        // A finished child's pid: reaped, so gone.
        let mut child = Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        std::fs::write(&file, format!("{pid}\n")).unwrap();
        assert_eq!(live_pid(&file, "true"), None);
    }

    #[test]
    fn a_zombie_is_not_alive() {
        let child = Command::new("true").spawn().unwrap();
        let pid = child.id();
        // Not waited for: it stays a zombie until reaped.
        std::thread::sleep(Duration::from_millis(200));
        assert!(!is_alive(pid, "true"));
        drop(child);
    }

    #[test]
    fn large_input_and_output_do_not_deadlock() {
        let input = vec![b'x'; 4 << 20];
        let out = run(&mut Command::new("cat"), Some(&input)).unwrap();
        assert_eq!(out.len(), input.len());
    }

    #[test]
    fn tail_keeps_the_end_of_long_text() {
        let text = format!("{}é", "a".repeat(TAIL_CHARS + 10));
        let t = tail(&text);
        assert!(t.starts_with('…'));
        assert!(t.ends_with('é'));
        assert_eq!(t.chars().count(), TAIL_CHARS + 1);
    }

    #[test]
    fn failures_quote_the_program_and_its_output() {
        let err = run(
            Command::new("sh").args(["-c", "echo oops >&2; exit 3"]),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`sh -c"), "{err}");
        assert!(err.contains("oops"), "{err}");
        let out = run(&mut Command::new("cat"), Some(b"in")).unwrap();
        assert_eq!(out, b"in");
    }
}
