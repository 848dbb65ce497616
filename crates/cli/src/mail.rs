//! `slipway mail`: the mail a fenced environment tried to send, caught by
//! its trap.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use slipway_runtime::{Runtime, TrappedMail};

use crate::local::open_platform;

/// `slipway mail`
#[derive(Debug, Args)]
pub struct MailArgs {
    /// The environment: SITE/ENV (SITE alone is production, which is never
    /// fenced and traps nothing).
    target: String,
    /// Print message N of the listing (1 is the oldest) whole, or the
    /// message with this id.
    #[arg(long, value_name = "N|ID")]
    show: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `slipway mail`
pub fn run(args: MailArgs) -> Result<ExitCode> {
    let platform = open_platform()?;
    let instance = platform.resolve(&args.target)?;
    let runtime = platform.runtime();
    let mail = runtime.trapped_mail(&instance.id)?;
    if let Some(wanted) = &args.show {
        let message = pick(&mail, wanted, &args.target)?;
        let bytes = runtime.trapped_message(&instance.id, &message.id)?;
        if args.json {
            let mut value = serde_json::to_value(message)?;
            value["message"] = String::from_utf8_lossy(&bytes).into_owned().into();
            println!("{}", serde_json::to_string_pretty(&value)?);
        } else {
            std::io::stdout().write_all(&bytes)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&mail)?);
    } else if mail.is_empty() {
        println!("no mail trapped for {}", args.target);
    } else {
        print_listing(mail.iter().map(|m| {
            (
                m.time.as_str(),
                m.from.as_str(),
                &m.to[..],
                m.subject.as_str(),
            )
        }));
        if let Some(dir) = mail.last().and_then(|m| m.file.parent()) {
            println!(
                "{} messages in {}; `slipway mail {} --show N` prints one",
                mail.len(),
                dir.display(),
                args.target
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The message `wanted` names: a position in the listing or an id.
fn pick<'a>(mail: &'a [TrappedMail], wanted: &str, target: &str) -> Result<&'a TrappedMail> {
    if let Ok(n) = wanted.parse::<usize>() {
        return match n.checked_sub(1).and_then(|i| mail.get(i)) {
            Some(m) => Ok(m),
            None => bail!(
                "{target} has {} trapped messages; there is no number {n}",
                mail.len()
            ),
        };
    }
    match mail.iter().find(|m| m.id == wanted) {
        Some(m) => Ok(m),
        None => bail!("{target} has no trapped message {wanted:?}; see `slipway mail {target}`"),
    }
}

/// Prints trapped messages as a numbered table, oldest first: each row
/// its time, sender, recipients and subject.
pub(crate) fn print_listing<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, &'a [String], &'a str)>,
) {
    println!(
        "{:>3}  {:<20}  {:<30}  {:<30}  subject",
        "#", "time", "from", "to"
    );
    for (n, (time, from, to, subject)) in rows.enumerate() {
        println!(
            "{:>3}  {:<20}  {:<30}  {:<30}  {subject}",
            n + 1,
            time,
            clip(from, 30),
            clip(&to.join(", "), 30),
        );
    }
}

/// `text` cut to `width` characters, marking the cut.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str) -> TrappedMail {
        TrappedMail {
            id: id.into(),
            time: "2026-12-01T08:00:00Z".into(),
            from: "WordPress <wordpress@staging.shop.localhost>".into(),
            to: vec!["ann@example.com".into()],
            subject: "Hello".into(),
            file: format!("/s/mail/{id}.eml").into(),
        }
    }

    #[test]
    fn a_message_is_picked_by_number_or_id() {
        let mail = [message("a"), message("b")];
        assert_eq!(pick(&mail, "2", "shop/staging").unwrap().id, "b");
        assert_eq!(pick(&mail, "a", "shop/staging").unwrap().id, "a");
        let err = pick(&mail, "0", "shop/staging").unwrap_err().to_string();
        assert!(err.contains("has 2 trapped messages"), "{err}");
        assert!(pick(&mail, "zz", "shop/staging").is_err());
    }

    #[test]
    fn long_columns_are_cut_visibly() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("a-much-longer-value", 6), "a-muc…");
    }
}
