//! The mail trap as PHP's mail() drives it: a message on standard input,
//! the sendmail options after the directory, and slipway's listing of what
//! it caught.

use std::io::Write;
use std::process::{Command, Stdio};

use slipway_local::{Home, LocalRuntime};
use slipway_runtime::Runtime;

/// A runtime on a fresh state directory (no service started); missing
/// programs fail in CI and skip elsewhere.
fn runtime(dir: &std::path::Path) -> Option<LocalRuntime> {
    match LocalRuntime::open(Home::at(dir), None) {
        Ok(runtime) => Some(runtime),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the local runtime's programs are missing: {e}")
        }
        Err(e) => {
            eprintln!("skipping: {e}");
            None
        }
    }
}

/// Hands `message` to the trap of `instance`, as `sendmail -f bounce@…`.
fn trap(runtime: &LocalRuntime, instance: &str, message: &str) {
    let home = runtime.home();
    let mut php = Command::new(&runtime.services().programs().php)
        .arg(home.php_dir().join("mail-trap.php"))
        .arg(home.instance_dir(instance).join("mail"))
        .arg("-fbounce@shop.example")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    php.stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    assert!(php.wait().unwrap().success());
}

#[test]
fn caught_messages_are_listed_in_order_with_decoded_headers() {
    let dir = tempfile::tempdir().unwrap();
    let Some(runtime) = runtime(dir.path()) else {
        return;
    };
    let instance = "shop-staging-2";
    assert!(runtime.trapped_mail(instance).unwrap().is_empty());
    trap(
        &runtime,
        instance,
        "To: ann@customer.example, \"Doe, Bob\" <bob@customer.example>\r\n\
         Subject: =?UTF-8?B?Q29tbWFuZGUgZXhww6lkacOpZQ==?=\r\n\
         From: Shop\r\n <shop@staging.shop.localhost>\r\n\
         Bcc: audit@shop.example\r\n\
         \r\n\
         Your order is on its way.\r\n",
    );
    trap(
        &runtime,
        instance,
        "To: carl@customer.example\nSubject: Second\n\nHi\n",
    );
    let mail = runtime.trapped_mail(instance).unwrap();
    assert_eq!(mail.len(), 2);
    let first = &mail[0];
    assert_eq!(first.subject, "Commande expédiée");
    assert_eq!(first.from, "Shop <shop@staging.shop.localhost>");
    assert_eq!(
        first.to,
        [
            "ann@customer.example",
            "\"Doe, Bob\" <bob@customer.example>",
            "audit@shop.example"
        ]
    );
    assert_eq!(mail[1].subject, "Second");
    assert!(first.id < mail[1].id, "ids sort by arrival");
    let whole = runtime.trapped_message(instance, &first.id).unwrap();
    assert!(String::from_utf8(whole)
        .unwrap()
        .ends_with("Your order is on its way.\r\n"));
    for bad in ["../instance.json", "", ".hidden"] {
        assert!(runtime.trapped_message(instance, bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_broken_index_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let Some(runtime) = runtime(dir.path()) else {
        return;
    };
    let mail = runtime.home().instance_dir("shop-dev-3").join("mail");
    std::fs::create_dir_all(&mail).unwrap();
    std::fs::write(mail.join("20261201T000000.000000Z-00.json"), "{not json").unwrap();
    let err = runtime.trapped_mail("shop-dev-3").unwrap_err().to_string();
    assert!(err.contains("20261201T000000.000000Z-00.json"), "{err}");
    assert!(err.contains("is not a trapped message's index"), "{err}");
}

#[test]
fn with_a_dash_the_trap_keeps_nothing_and_logs_what_it_caught() {
    // How a runtime whose instances have no disk of their own (a
    // Kubernetes pod) traps mail: the log says what was caught.
    let dir = tempfile::tempdir().unwrap();
    let Some(runtime) = runtime(dir.path()) else {
        return;
    };
    let cwd = tempfile::tempdir().unwrap();
    let mut php = Command::new(&runtime.services().programs().php)
        .arg(runtime.home().php_dir().join("mail-trap.php"))
        .args(["-", "-fbounce@shop.example"])
        .current_dir(cwd.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    php.stdin
        .take()
        .unwrap()
        .write_all(b"To: ann@customer.example\r\nSubject: =?UTF-8?B?Q29tbWFuZGUgZXhww6lkacOpZQ==?=\r\n\r\nHi\r\n")
        .unwrap();
    let out = php.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.is_empty());
    let log = String::from_utf8(out.stderr).unwrap();
    let json = log
        .strip_prefix("slipway mail trap: ")
        .and_then(|l| l.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("not one log line: {log:?}"));
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(index["to"], serde_json::json!(["ann@customer.example"]));
    assert_eq!(index["subject"], "Commande expédiée");
    assert_eq!(index["sender"], "bounce@shop.example");
    assert_eq!(
        std::fs::read_dir(cwd.path()).unwrap().count(),
        0,
        "nothing is kept"
    );
}
