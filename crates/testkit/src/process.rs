//! Running a program to completion and turning failure into an error that
//! shows what ran and what it said.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// How much of a failing program's output an error message quotes: enough
/// for the cause, not a whole log.
const TAIL_CHARS: usize = 4000;

/// Runs `command`, feeding it `input` on standard input, and returns its
/// standard output; a failure to start or a non-zero exit is an error quoting
/// the command and the end of what it printed.
pub(crate) fn run(command: &mut Command, input: Option<&[u8]>) -> Result<Vec<u8>> {
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
        .with_context(|| format!("cannot start {}", describe(command)))?;
    let stdin = child.stdin.take();
    // Input is written from its own thread: a program that answers while it
    // reads would otherwise fill its output pipe and wait for us while we
    // wait for it to read.
    let (output, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || match (stdin, input) {
            (Some(mut pipe), Some(bytes)) => pipe.write_all(bytes),
            _ => Ok(()),
        });
        let output = child.wait_with_output();
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("stdin writer panicked")));
        (output, written)
    });
    let output = output.with_context(|| format!("waiting for {}", describe(command)))?;
    if !output.status.success() {
        bail!(
            "{} failed ({}):\n{}{}",
            describe(command),
            output.status,
            tail(&String::from_utf8_lossy(&output.stderr)),
            tail(&String::from_utf8_lossy(&output.stdout)),
        );
    }
    // A program may exit successfully before reading all of its input (the
    // pipe then breaks); it chose to, so that is not an error.
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).with_context(|| format!("writing to {}", describe(command)));
        }
    }
    Ok(output.stdout)
}

/// [`run`], with standard output decoded as UTF-8.
pub(crate) fn run_text(command: &mut Command, input: Option<&[u8]>) -> Result<String> {
    let out = run(command, input)?;
    String::from_utf8(out).with_context(|| format!("output of {} is not UTF-8", describe(command)))
}

/// The program and its arguments, as a message shows them.
pub(crate) fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    format!("`{}`", words.join(" "))
}

/// The last [`TAIL_CHARS`] characters of `text`, cut at a character
/// boundary.
pub(crate) fn tail(text: &str) -> String {
    let count = text.chars().count();
    if count <= TAIL_CHARS {
        return text.to_string();
    }
    let skipped: String = text.chars().skip(count - TAIL_CHARS).collect();
    format!("…{skipped}")
}

/// The end of a log file for an error message, or a note that it cannot be
/// read.
pub(crate) fn log_tail(path: &Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => tail(&String::from_utf8_lossy(&bytes)),
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_of_a_successful_program_is_returned() {
        let out = run_text(
            Command::new("sh").args(["-c", "cat; echo done"]),
            Some(b"in\n"),
        )
        .unwrap();
        assert_eq!(out, "in\ndone\n");
    }

    #[test]
    fn large_input_and_output_do_not_deadlock() {
        let input = vec![b'x'; 4 << 20];
        let out = run(&mut Command::new("cat"), Some(&input)).unwrap();
        assert_eq!(out.len(), input.len());
    }

    #[test]
    fn a_failure_names_the_command_and_quotes_its_error_output() {
        let err = run(
            Command::new("sh").args(["-c", "echo oops >&2; exit 3"]),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("`sh -c echo oops >&2; exit 3`"), "{err}");
        assert!(err.contains("oops"), "{err}");
        assert!(err.contains('3'), "{err}");
    }

    #[test]
    fn tail_keeps_the_end_of_long_text() {
        let text = format!("{}é", "a".repeat(TAIL_CHARS + 10));
        let t = tail(&text);
        assert!(t.starts_with('…'));
        assert!(t.ends_with('é'));
        assert_eq!(t.chars().count(), TAIL_CHARS + 1);
    }
}
