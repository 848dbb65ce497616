//! The command line as a user runs it.

use std::process::Command;

const DUMP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../sqldump/tests/data/mariadb-dump.sql"
);

fn slipway() -> Command {
    Command::new(env!("CARGO_BIN_EXE_slipway"))
}

#[test]
fn writing_to_a_device_leaves_the_device_in_place() {
    let out = slipway()
        .args([
            "sql",
            "rewrite",
            "--map",
            "https://example.com=https://new.test",
            DUMP,
            "-o",
            "/dev/null",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(!meta.is_file(), "/dev/null was replaced by a regular file");
}

#[test]
fn a_failed_run_writes_no_output_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let truncated = dir.path().join("truncated.sql");
    let dump = std::fs::read(DUMP).expect("dump");
    let cut = dump
        .windows(11)
        .position(|w| w == b"widget_text")
        .expect("in the dump");
    std::fs::write(&truncated, &dump[..cut]).expect("write");
    let output = dir.path().join("out.sql");
    let out = slipway()
        .args([
            "sql",
            "rewrite",
            "--map",
            "https://example.com=https://new.test",
        ])
        .arg(&truncated)
        .arg("-o")
        .arg(&output)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 39") && stderr.contains("wp_options"),
        "{stderr}"
    );
    assert!(!output.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn stdin_to_stdout_with_the_report_on_stderr() {
    let out = slipway()
        .args([
            "sql",
            "rewrite",
            "--json",
            "--map",
            "https://example.com=https://new.test",
        ])
        .stdin(std::fs::File::open(DUMP).expect("dump"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let dump = String::from_utf8(out.stdout).expect("utf-8");
    assert!(dump.contains("https://new.test/shop") && dump.starts_with("/*M!999999"));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("JSON report on stderr");
    assert_eq!(report["totals"]["rewritten"], 3);
}

#[test]
fn strict_mode_fails_on_uncovered_keys() {
    let dump = "INSERT INTO `wp_options` (`option_id`,`option_name`,`option_value`) VALUES (1,'siteurl','https://a.test'),(2,'acme_crm_contact','ann@mail.net');\n";
    let mut child = slipway()
        .args([
            "sql",
            "scrub",
            "--strict",
            "--dry-run",
            "--key",
            &"ab".repeat(32),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dump.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{report}");
    assert!(
        report.contains("options: acme_crm_contact (1 rows)"),
        "{report}"
    );
    assert!(!report.contains("siteurl"), "{report}");
    // The leak scan sees the address no rule covered.
    assert!(
        report.contains("wp_options.option_value [acme_crm_contact]: 1 × email"),
        "{report}"
    );
}

#[test]
fn bad_pairs_are_usage_errors_that_name_the_pair() {
    let out = slipway()
        .args(["sql", "rewrite", "--map", "https://example.com", DUMP])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--map https://example.com"));
}
