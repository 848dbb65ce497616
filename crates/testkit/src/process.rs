//! Running a program to completion and turning failure into an error that
//! shows what ran and what it said: the product's own runner
//! (`slipway_local::process`), with the kit's UTF-8 convenience.

use anyhow::{Context, Result};
use std::process::Command;

pub(crate) use slipway_local::process::{describe, log_tail, run};

/// [`run`], with standard output decoded as UTF-8.
pub(crate) fn run_text(command: &mut Command, input: Option<&[u8]>) -> Result<String> {
    let out = run(command, input)?;
    String::from_utf8(out).with_context(|| format!("output of {} is not UTF-8", describe(command)))
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
}
